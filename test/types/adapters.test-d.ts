// The adapters take the SDKs' own types without a cast, and refuse at compile time what is
// still a promise or a stream (an un-awaited AI SDK totalUsage, an SDK stream object).
import type Anthropic from '@anthropic-ai/sdk';
import type { GenerateContentResponse } from '@google/genai';
import type { generateText, LanguageModelUsage, streamText } from 'ai';
import type OpenAI from 'openai';
import { describe, expectTypeOf, it } from 'vitest';
import { readUsage, usageFromAiSdk, usageFromAnthropic, usageFromGemini, usageFromOpenAI, type ResponseUsage, type Usage } from '../../src/index.js';

declare const completion: OpenAI.ChatCompletion;
declare const response: OpenAI.Responses.Response;
declare const chatStream: AsyncIterable<OpenAI.ChatCompletionChunk>;
declare const message: Anthropic.Message;
declare const gemini: GenerateContentResponse;
declare const generated: Awaited<ReturnType<typeof generateText>>;
declare const streamed: ReturnType<typeof streamText>;
declare const usage: LanguageModelUsage;

describe('adapters and the SDK types', () => {
  it('accept the SDKs\' results as they are', () => {
    expectTypeOf(usageFromOpenAI(completion)).toEqualTypeOf<Usage>();
    expectTypeOf(usageFromOpenAI(response)).toEqualTypeOf<Usage>();
    expectTypeOf(usageFromAnthropic(message)).toEqualTypeOf<Usage>();
    expectTypeOf(usageFromGemini(gemini)).toEqualTypeOf<Usage>();
    expectTypeOf(usageFromAiSdk(generated.totalUsage)).toEqualTypeOf<Usage>();
    expectTypeOf(usageFromAiSdk(usage)).toEqualTypeOf<Usage>();
    expectTypeOf(readUsage(generated)).toEqualTypeOf<ResponseUsage>();
    expectTypeOf(readUsage(message, { provider: 'anthropic' })).toEqualTypeOf<ResponseUsage>();
    // Anything else still compiles and is checked at run time.
    const parsed: unknown = JSON.parse('{}');
    expectTypeOf(usageFromOpenAI(parsed)).toEqualTypeOf<Usage>();
  });

  it('refuse a promise or a stream at compile time', () => {
    // @ts-expect-error streamText's totalUsage is a Promise: await it first
    usageFromAiSdk(streamed.totalUsage);
    // @ts-expect-error a promise of a completion
    usageFromOpenAI(Promise.resolve(completion));
    // @ts-expect-error a stream is not a usage
    usageFromOpenAI(chatStream);
    // @ts-expect-error a promise of a message
    readUsage(Promise.resolve(message));
  });
});

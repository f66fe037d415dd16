// Provider response bodies, one per line, read with the usage adapters (readUsage): OpenAI Chat
// Completions and Responses, Anthropic Messages, Gemini, the AI SDK, LangChain. A line is either
// the body itself or a wrapper `{ at, response, tags?, session?, model?, tier? }`. The date is the
// wrapper's `at`, else the body's own time (OpenAI `created` / `created_at` in Unix seconds, Gemini
// `createTime`); Anthropic bodies carry no time and need the wrapper. A call the provider billed as
// several requests (AI SDK steps, Anthropic iterations) keeps them in `requests`; parts served by
// another model (an Anthropic advisor or fallback) become records of their own at that model.
import { isLlmSpendError } from '../../errors.js';
import { readUnknownUsage, type ResponseUsage } from '../../estimate/response.js';
import type { Usage } from '../../estimate/usage.js';
import type { ServiceTier } from '../../pricing/schema.js';
import type { UsageRecord } from '../record.js';
import { atOf, atOfMs, fail, isRecord, modelOf, optionalString, shown, tagsOf, tierOf, type Fields } from './common.js';
import type { FormatReader, ReadContext } from './context.js';
import { isBlank } from './jsonl.js';

function dateOf(wrapper: Fields | undefined, body: Fields): string {
  if (wrapper !== undefined && wrapper['at'] !== undefined) return atOf(wrapper['at'], 'at');
  if (body['at'] !== undefined) return atOf(body['at'], 'at');
  for (const key of ['created', 'created_at'] as const) {
    const seconds = body[key];
    if (typeof seconds === 'number' && Number.isSafeInteger(seconds) && seconds > 0) return atOfMs(seconds * 1000, key, seconds);
  }
  if (typeof body['createTime'] === 'string') return atOf(body['createTime'], 'createTime');
  return fail('the response carries no date (Anthropic messages have none): wrap each line as { "at": "2026-08-01T12:00:00Z", "response": { ... } }.');
}

function readBody(body: unknown): ResponseUsage {
  try {
    return readUnknownUsage(body);
  } catch (error) {
    if (!isLlmSpendError(error)) throw error;
    return fail(error.message, 'invalid-usage');
  }
}

export function providerReader(context: ReadContext): FormatReader {
  return {
    line(text, line) {
      if (isBlank(text)) return;
      try {
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (error) {
          fail(`not valid JSON (${error instanceof Error ? error.message.slice(0, 120) : 'parse error'}).`);
        }
        if (!isRecord(value)) fail(`a line must hold one JSON object (a response, or { at, response }); got ${shown(value)}.`);
        const wrapped = isRecord(value['response']) && (value['at'] !== undefined || value['tags'] !== undefined) ? value : undefined;
        const body = wrapped === undefined ? value : (wrapped['response'] as Fields);
        const read = readBody(body);
        const at = dateOf(wrapped, body);
        const model = modelOf((wrapped === undefined ? undefined : wrapped['model']) ?? read.model, 'model (the response names none; add "model" to the wrapper)');
        const wrapperTier: ServiceTier | undefined = wrapped === undefined ? undefined : tierOf(wrapped['tier'], 'tier');
        const tier = read.tier ?? wrapperTier;
        const tags = wrapped === undefined ? {} : tagsOf(wrapped['tags'], 'tags');
        const session = wrapped === undefined ? undefined : optionalString(wrapped['session'], 'session');
        const origin = context.origin(line);
        const own = read.requests.filter((request) => request.model === null).map((request) => request.usage);
        const make = (recordModel: string, usage: Usage, requests: readonly Usage[]): UsageRecord => {
          const record: { -readonly [K in keyof UsageRecord]: UsageRecord[K] } = { at, model: recordModel, usage, calls: Math.max(1, requests.length), aggregate: false, tags, origin };
          if (tier !== undefined) record.tier = tier;
          if (requests.length > 1) record.requests = requests;
          if (session !== undefined) record.session = session;
          return record;
        };
        const records: UsageRecord[] = [make(model, read.usage, own)];
        for (const other of read.otherModels) {
          const requests = read.requests.filter((request) => request.model === other.model).map((request) => request.usage);
          records.push(make(other.model, other.usage, requests));
        }
        for (const record of records) {
          context.records += 1;
          context.emit({ ok: true, record });
        }
      } catch (error) {
        context.problem(line, error);
      }
    },
    end() {},
  };
}

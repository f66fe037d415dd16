import { describe, expect, it } from 'vitest';
import { isLlmSpendError } from '../../src/errors.js';
import { estimateImageTokens } from '../../src/workload/images.js';

// Worked examples from pricing-facts §7 (OpenAI "Images and vision", Claude vision, Gemini token counting).
describe('estimateImageTokens', () => {
  it('OpenAI 32-px patches × the model multiplier (rounded up)', () => {
    // 1024×1024 → 32·32 = 1,024 patches; × 1.62 = 1,658.88 → 1,659
    expect(estimateImageTokens({ model: 'gpt-5.4-mini', width: 1024, height: 1024 })).toBe(1659);
    // 1800×2400 → resized 1056×1408 → 33·44 = 1,452 patches; × 2.46 = 3,571.92 → 3,572
    expect(estimateImageTokens({ model: 'gpt-5.4-nano', width: 1800, height: 2400 })).toBe(3572);
    expect(estimateImageTokens({ model: 'gpt-5.4-mini', width: 1800, height: 2400, detail: 'high' })).toBe(2353);
    // a small image: ceil(100/32)·ceil(50/32) = 4·2 = 8 patches × 1.62 = 12.96 → 13
    expect(estimateImageTokens({ model: 'gpt-5-mini', width: 100, height: 50 })).toBe(13);
  });

  it('OpenAI 512-px tiles: base + tiles × per-tile tokens', () => {
    expect(estimateImageTokens({ model: 'gpt-4o-mini', width: 4096, height: 4096, detail: 'low' })).toBe(2833);
    // 1024×1024 → 768×768 → 4 tiles: 2,833 + 4·5,667
    expect(estimateImageTokens({ model: 'gpt-4o-mini', width: 1024, height: 1024 })).toBe(25_501);
    // 2048×4096 → 768×1536 → 6 tiles
    expect(estimateImageTokens({ model: 'gpt-4o-mini', width: 2048, height: 4096 })).toBe(2833 + 6 * 5667);
  });

  it('Anthropic: w·h/750 after the resize', () => {
    expect(estimateImageTokens({ model: 'claude-haiku-4-5', width: 200, height: 200 })).toBe(54);
    expect(estimateImageTokens({ model: 'claude-sonnet-4-5', width: 1000, height: 1000 })).toBe(1334);
    expect(estimateImageTokens({ model: 'claude-haiku-4-5', width: 1092, height: 1092 })).toBe(1590);
    expect(estimateImageTokens({ model: 'claude-haiku-4-5', width: 4000, height: 3000 })).toBeLessThanOrEqual(1600);
  });

  it('Gemini: 258 tokens within 384×384, else 258 per 768-px tile', () => {
    expect(estimateImageTokens({ model: 'gemini-2.5-flash', width: 384, height: 384 })).toBe(258);
    expect(estimateImageTokens({ model: 'gemini-2.5-flash-lite', width: 1024, height: 1024 })).toBe(4 * 258);
  });

  it('refuses what the sources do not state, never guesses', () => {
    const codeOf = (run: () => unknown): string | undefined => {
      try {
        run();
      } catch (error) {
        return isLlmSpendError(error) ? error.code : 'other';
      }
      return undefined;
    };
    expect(codeOf(() => estimateImageTokens({ model: 'gpt-5.4', width: 512, height: 512 }))).toBe('PRICE_UNAVAILABLE');
    expect(codeOf(() => estimateImageTokens({ model: 'gpt-5.4-nano', width: 512, height: 512, detail: 'low' }))).toBe('PRICE_UNAVAILABLE');
    expect(codeOf(() => estimateImageTokens({ model: 'mistral-small-2603', width: 512, height: 512 }))).toBe('PRICE_UNAVAILABLE');
    expect(codeOf(() => estimateImageTokens({ model: 'together/llama-4-scout', width: 512, height: 512 }))).toBe('INVALID_WORKLOAD');
    expect(codeOf(() => estimateImageTokens({ model: 'gpt-5.4-mini', width: 0, height: 512 }))).toBe('INVALID_WORKLOAD');
    expect(codeOf(() => estimateImageTokens({ model: 'gpt-5.4-mini', width: 10.5, height: 512 }))).toBe('INVALID_WORKLOAD');
    expect(codeOf(() => estimateImageTokens({ model: 'no-such-model', width: 1, height: 1 }))).toBe('UNKNOWN_MODEL');
  });
});

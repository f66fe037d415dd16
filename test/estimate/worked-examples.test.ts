import { describe, expect, it } from 'vitest';
import { checkContext, createCostEstimator, estimateCost, sumUsd } from '../../src/index.js';

// Each figure is worked by hand from the provider's list price (USD per 1M tokens) in
// ../shared/reference/pricing-facts.md; the arithmetic is written beside it.
describe('worked examples from the price pages', () => {
  it('gpt-5.4-nano: 1M input + 1M output = 0.20 + 1.25 = "1.45"', () => {
    expect(estimateCost({ model: 'gpt-5.4-nano', inputTokens: 1_000_000, outputTokens: 1_000_000, aggregate: true }).total).toBe('1.45');
    // the same as a thousand calls of 1,000 + 1,000 tokens: 1000×0.20/1M + 1000×1.25/1M = 0.00145
    const one = estimateCost({ model: 'gpt-5.4-nano', inputTokens: 1000, outputTokens: 1000 }).total;
    expect(one).toBe('0.00145');
    expect(sumUsd(Array.from({ length: 1000 }, () => one))).toBe('1.45');
  });

  it('gpt-5.4-mini: 1,234 input of which 1,000 cached, 567 output = 234×0.75 + 1000×0.075 + 567×4.50 per 1M = "0.002802"', () => {
    const cost = estimateCost({ model: 'gpt-5.4-mini', inputTokens: 1234, cachedInputTokens: 1000, outputTokens: 567 });
    expect(cost).toEqual({
      model: 'gpt-5.4-mini',
      tier: 'standard',
      longContext: false,
      input: '0.0001755',
      cachedInput: '0.000075',
      cacheWrite: '0',
      cacheWrite1h: '0',
      output: '0.0025515',
      reasoning: '0',
      images: '0',
      fees: '0',
      total: '0.002802',
      status: 'active',
    });
  });

  it('gpt-4o-mini, same usage: 234×0.15 + 1000×0.075 + 567×0.60 per 1M = "0.0004503" (not +34% from double-counted cache)', () => {
    expect(estimateCost({ model: 'gpt-4o-mini', inputTokens: 1234, cachedInputTokens: 1000, outputTokens: 567 }).total).toBe('0.0004503');
  });

  it('gpt-5.4 at 272,000 input is base price; at 272,001 the whole request is long-context (">272K", issue 11)', () => {
    // Changed in issue 11: OpenAI's rule is ">272K", so 272,000 is still the base price.
    // 272,000 × 2.50/1M + 1 × 15.00/1M = 0.68 + 0.000015
    const below = estimateCost({ model: 'gpt-5.4', inputTokens: 272_000, outputTokens: 1 });
    expect(below.total).toBe('0.680015');
    expect(below.longContext).toBe(false);
    // 272,001 × 5.00/1M + 1 × 22.50/1M = 1.360005 + 0.0000225
    const at = estimateCost({ model: 'gpt-5.4', inputTokens: 272_001, outputTokens: 1 });
    expect(at.total).toBe('1.3600275');
    expect(at.longContext).toBe(true);
    // LiteLLM's invoice-based case: 272,000 of which 100,000 cached stays at the base price:
    // 172,000×2.50 + 100,000×0.25 per 1M = 0.43 + 0.025
    expect(estimateCost({ model: 'gpt-5.4', inputTokens: 272_000, cachedInputTokens: 100_000, outputTokens: 0 }).total).toBe('0.455');
    // cached input is re-priced too: 272,001 of which 100,000 cached = 172,001×5.00 + 100,000×0.50 per 1M
    expect(estimateCost({ model: 'gpt-5.4', inputTokens: 272_001, cachedInputTokens: 100_000, outputTokens: 0 }).total).toBe('0.910005');
  });

  it('claude-sonnet-4-5: ">200K" means 200,001 and above, only before the 1M beta was retired (2026-04-30); the context is now 200,000', () => {
    // 200,000 × 3.00/1M = 0.6 (fits the 200,000 window with no output)
    expect(estimateCost({ model: 'claude-sonnet-4-5', inputTokens: 200_000, outputTokens: 0 }).total).toBe('0.6');
    // Changed in issue 11: 200,001 input no longer fits (context 200,000), at any date; the >200K
    // price (200,001 × 6.00/1M = 1.200006) survives only in the period ending 2026-04-30, for
    // aggregate history below the threshold and custom tables.
    expect(() => estimateCost({ model: 'claude-sonnet-4-5', inputTokens: 200_001, outputTokens: 0 })).toThrow(/does not fit/);
  });

  it('batch and flex halve OpenAI prices', () => {
    // 234×0.375 + 1000×0.0375 + 567×2.25 per 1M = 0.001401 = 0.002802 / 2
    for (const tier of ['batch', 'flex'] as const) {
      expect(estimateCost({ model: 'gpt-5.4-mini', tier, inputTokens: 1234, cachedInputTokens: 1000, outputTokens: 567 }).total).toBe('0.001401');
    }
    // nano batch: 1000×0.10 + 1000×0.625 per 1M
    expect(estimateCost({ model: 'gpt-5.4-nano', tier: 'batch', inputTokens: 1000, outputTokens: 1000 }).total).toBe('0.000725');
    // gpt-5.4 long context in batch: 300,000 × 2.50/1M = 0.75 (half of 1.5)
    expect(estimateCost({ model: 'gpt-5.4', tier: 'batch', inputTokens: 300_000, outputTokens: 0 }).total).toBe('0.75');
    expect(estimateCost({ model: 'gpt-5.4', tier: 'standard', inputTokens: 300_000, outputTokens: 0 }).total).toBe('1.5');
  });

  it('batch and flex halve Gemini prices', () => {
    // standard 1000×0.30 + 100×2.50 per 1M = 0.00055; batch and flex 0.000275
    expect(estimateCost({ model: 'gemini-2.5-flash', inputTokens: 1000, outputTokens: 100 }).total).toBe('0.00055');
    expect(estimateCost({ model: 'gemini-2.5-flash', tier: 'batch', inputTokens: 1000, outputTokens: 100 }).total).toBe('0.000275');
    expect(estimateCost({ model: 'gemini-2.5-flash', tier: 'flex', inputTokens: 1000, outputTokens: 100 }).total).toBe('0.000275');
  });

  it('priority is its own price, not a multiplier guess: gpt-5.4-mini 1.50 / 9.00', () => {
    // 1000×1.50 + 1000×9.00 per 1M = 0.0105
    expect(estimateCost({ model: 'gpt-5.4-mini', tier: 'priority', inputTokens: 1000, outputTokens: 1000 }).total).toBe('0.0105');
  });

  it('Anthropic 5-minute and 1-hour cache writes use their own prices', () => {
    // claude-haiku-4-5: 10,000 input = 1,000 uncached + 4,000 reads + 2,000 5-min writes + 3,000 1-hour writes; 500 output
    // 1000×1.00 + 4000×0.10 + 2000×1.25 + 3000×2.00 + 500×5.00 per 1M = 0.001 + 0.0004 + 0.0025 + 0.006 + 0.0025 = 0.0124
    const cost = estimateCost({
      model: 'claude-haiku-4-5',
      inputTokens: 10_000,
      cachedInputTokens: 4000,
      cacheWriteTokens: 2000,
      cacheWrite1hTokens: 3000,
      outputTokens: 500,
    });
    expect(cost.input).toBe('0.001');
    expect(cost.cachedInput).toBe('0.0004');
    expect(cost.cacheWrite).toBe('0.0025');
    expect(cost.cacheWrite1h).toBe('0.006');
    expect(cost.output).toBe('0.0025');
    expect(cost.total).toBe('0.0124');
    // Anthropic batch stacks with cache multipliers: exactly half
    expect(estimateCost({ model: 'claude-haiku-4-5', tier: 'batch', inputTokens: 10_000, cachedInputTokens: 4000, cacheWriteTokens: 2000, cacheWrite1hTokens: 3000, outputTokens: 500 }).total).toBe('0.0062');
  });

  it('reasoning is part of output, billed once', () => {
    // 1000 output of which 800 reasoning on gpt-5.4-nano: 1000 × 1.25/1M = 0.00125, reasoning share 0.001
    const cost = estimateCost({ model: 'gpt-5.4-nano', inputTokens: 0, outputTokens: 1000, reasoningTokens: 800 });
    expect(cost.output).toBe('0.00125');
    expect(cost.reasoning).toBe('0.001');
    expect(cost.total).toBe('0.00125');
  });

  it('regional processing is standard ×1.1 on the GPT-5.4 family', () => {
    expect(estimateCost({ model: 'gpt-5.4-mini', tier: 'regional', inputTokens: 1_000_000, outputTokens: 1_000_000, aggregate: true }).total).toBe('5.775');
  });

  it('web searches bill $10 per 1,000 calls', () => {
    // 3 searches × 0.01 + 1000×0.75/1M
    const cost = estimateCost({ model: 'gpt-5.4-mini', inputTokens: 1000, outputTokens: 0, webSearchCalls: 3 });
    expect(cost.fees).toBe('0.03');
    expect(cost.total).toBe('0.03075');
  });

  it('audio input has its own price on Gemini; images are reported as part of input', () => {
    // 1000 input of which 400 audio: 600×0.30 + 400×1.00 per 1M = 0.00058
    expect(estimateCost({ model: 'gemini-2.5-flash', inputTokens: 1000, audioInputTokens: 400, outputTokens: 0 }).total).toBe('0.00058');
    // cached audio has its own cached price: 1000 input, all cached, 400 of it audio:
    // 600×0.03 + 400×0.10 per 1M = 0.000018 + 0.00004
    expect(estimateCost({ model: 'gemini-2.5-flash', inputTokens: 1000, cachedInputTokens: 1000, cachedAudioInputTokens: 400, outputTokens: 0 }).total).toBe('0.000058');
    // 1000 input of which 765 image tokens on gpt-4o-mini: images 765×0.15/1M = 0.00011475, all input 0.00015
    const withImage = estimateCost({ model: 'gpt-4o-mini', inputTokens: 1000, imageInputTokens: 765, outputTokens: 0 });
    expect(withImage.images).toBe('0.00011475');
    expect(withImage.input).toBe('0.00015');
    expect(withImage.total).toBe('0.00015');
  });

  it('aliases, snapshots and provider prefixes resolve to the table id', () => {
    for (const name of ['gpt-5.4-mini', 'gpt-5.4-mini-2026-03-17', 'openai/gpt-5.4-mini', 'GPT-5.4-Mini']) {
      expect(estimateCost({ model: name, inputTokens: 1000, outputTokens: 0 }).model).toBe('gpt-5.4-mini');
    }
    expect(estimateCost({ model: 'claude-haiku-4-5-20251001', inputTokens: 1000, outputTokens: 0 }).model).toBe('claude-haiku-4-5');
    expect(estimateCost({ model: 'groq/meta-llama/llama-4-scout-17b-16e-instruct', inputTokens: 1000, outputTokens: 0 }).model).toBe('groq/llama-4-scout');
  });

  it('createCostEstimator gives the same results as estimateCost', () => {
    const price = createCostEstimator('gpt-4o-mini');
    expect(price({ inputTokens: 1234, cachedInputTokens: 1000, outputTokens: 567 })).toEqual(
      estimateCost({ model: 'gpt-4o-mini', inputTokens: 1234, cachedInputTokens: 1000, outputTokens: 567 }),
    );
  });

  it('history is priced at the price of its day', () => {
    expect(estimateCost({ model: 'gpt-5.4-mini', inputTokens: 1000, outputTokens: 0, at: '2026-03-17' }).total).toBe('0.00075');
    expect(estimateCost({ model: 'gpt-5.4-mini', inputTokens: 1000, outputTokens: 0, at: new Date('2026-06-01T12:00:00Z') }).total).toBe('0.00075');
  });
});

describe('checkContext', () => {
  it('gpt-5.4-mini accepts 272,000 input with 128,000 output, not 272,001', () => {
    const fits = checkContext({ model: 'gpt-5.4-mini', inputTokens: 272_000, maxOutputTokens: 128_000 });
    expect(fits.fits).toBe(true);
    expect(fits.remainingInputTokens).toBe(0);
    const over = checkContext({ model: 'gpt-5.4-mini', inputTokens: 272_001, maxOutputTokens: 1000 });
    expect(over.fits).toBe(false);
    expect(over.problems).toEqual(['input 272001 > max input 272000']);
  });

  it('without a published max input, input + max output must fit the context (gpt-4o-mini 128,000)', () => {
    expect(checkContext({ model: 'gpt-4o-mini', inputTokens: 120_000, maxOutputTokens: 8000 }).fits).toBe(true);
    const over = checkContext({ model: 'gpt-4o-mini', inputTokens: 120_000, maxOutputTokens: 8001 });
    expect(over.fits).toBe(false);
    expect(over.problems[0]).toContain('128000');
    expect(checkContext({ model: 'gpt-4o-mini', inputTokens: 1000, maxOutputTokens: 16_385 }).problems).toEqual(["max output 16385 > the model's max output 16384"]);
  });

  it('says null when the table does not know the limits', () => {
    const check = checkContext({ model: 'together/llama-4-scout', inputTokens: 1000, maxOutputTokens: 100 });
    expect(check.fits).toBeNull();
    expect(check.remainingInputTokens).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { estimateLatency } from '../../src/projection/index.js';
import { expectSpendError } from '../fuzz/expect-error.js';

describe('estimateLatency refuses inputs that gave NaN or Infinity ms (issue 10)', () => {
  it('outputTokens "abc" or 1e308, and extreme profiles, are INVALID_CONSTRAINTS naming the field', () => {
    expectSpendError(() => estimateLatency({ outputTokens: 'abc' } as never), 'INVALID_CONSTRAINTS');
    expectSpendError(() => estimateLatency({ model: 'gpt-5.4-nano', outputTokens: 'abc' as never }), 'INVALID_CONSTRAINTS', 'outputTokens');
    expectSpendError(() => estimateLatency({ model: 'gpt-5.4-nano', outputTokens: 1e308 }), 'INVALID_CONSTRAINTS', 'outputTokens');
    expectSpendError(() => estimateLatency({ model: 'gpt-5.4-nano', outputTokens: 10, reasoningTokens: -1 }), 'INVALID_CONSTRAINTS', 'reasoningTokens');
    expectSpendError(() => estimateLatency({ profile: { ttftMs: 1e308, outputTokensPerSecond: 100 }, outputTokens: 10 }), 'INVALID_CONSTRAINTS', 'profile.ttftMs');
    expectSpendError(() => estimateLatency({ profile: { ttftMs: 100, outputTokensPerSecond: 1e-300 }, outputTokens: 10 }), 'INVALID_CONSTRAINTS', 'profile.outputTokensPerSecond');
    expectSpendError(() => estimateLatency({ profile: { ttftMs: 100, outputTokensPerSecond: 10n as never }, outputTokens: 10 }), 'INVALID_CONSTRAINTS', '10n');
  });

  it('at the limits the estimate is finite: TTFT 10^9 ms, 10^-3 tokens/s, 10^9 tokens, no tail', () => {
    const slow = estimateLatency({ profile: { ttftMs: 1e9, outputTokensPerSecond: 1e-3, tailSigma: 0 }, outputTokens: 1e9 });
    // 10^9 ms + 10^9 tokens × 10^6 ms per token = 10^9 + 10^15 ms, exactly (σ = 0).
    expect(slow.p50Ms).toBe(1e15 + 1e9);
    for (const key of ['p50Ms', 'p95Ms', 'p99Ms', 'meanMs'] as const) expect(Number.isFinite(slow[key])).toBe(true);
  });
});

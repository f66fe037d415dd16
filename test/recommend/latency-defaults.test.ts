// Latency defaults for catalog models measured by Artificial Analysis (snapshot 2026-07-05):
// every one has a profile with its source, and the recommender uses it (no "latency unknown").
import { describe, expect, it } from 'vitest';
import { estimateLatency, getModel, recommendModel } from '../../src/index.js';

// [catalog id, AA row, median TTFT ms, median output tokens/s] as read from the snapshot.
const AA: ReadonlyArray<readonly [string, string, number, number]> = [
  ['gpt-5.4', 'gpt-5-4-non-reasoning', 656, 100.5],
  ['gpt-5.5', 'gpt-5-5-non-reasoning', 915, 69.6],
  ['claude-sonnet-4-6', 'claude-sonnet-4-6', 988, 46.6],
  ['claude-opus-4-7', 'claude-opus-4-7-non-reasoning', 1524, 43.9],
  ['gemini-3.5-flash', 'gemini-3-5-flash-minimal', 685, 198.9],
  ['gemini-3-flash-preview', 'gemini-3-flash', 725, 192.1],
  ['deepseek-v4-flash', 'deepseek-v4-flash-non-reasoning', 817, 93.3],
  ['grok-4.3', 'grok-4-3-non-reasoning', 626, 112.7],
];

describe('AA latency defaults for more catalog models', () => {
  it.each(AA)('%s has the AA median of %s with its source', (id, row, ttftMs, speed) => {
    const latency = getModel(id).performance?.latency;
    expect(latency).toMatchObject({ ttftMs, outputTokensPerSecond: speed });
    expect(latency?.source.checkedAt).toBe('2026-07-05');
    expect(latency?.source.note).toContain(row);
  });

  it('gemini-3.5-flash says it is the lowest thinking level (AA has no non-reasoning row)', () => {
    expect(getModel('gemini-3.5-flash').performance?.latency?.source.note).toContain('lowest thinking level');
  });

  it('estimateLatency works on them and the recommender no longer reports latency unknown', () => {
    const estimate = estimateLatency({ model: 'claude-sonnet-4-6', outputTokens: 200, inputTokens: 1000 });
    // Sum of the medians: TTFT 988 ms + 200 / 46.6 s ≈ 5,280 ms; the p50 of the sum of the two
    // slowdowns is a little above it (a sum of lognormals has its median above the sum of medians).
    expect(estimate.p50Ms).toBeGreaterThan(5280);
    expect(estimate.p50Ms).toBeLessThan(5280 * 1.1);
    const rec = recommendModel(
      { volume: { calls: 1000, per: 'day' }, tokens: { input: 1000, output: 200 } },
      { candidates: ['gpt-5.4', 'claude-sonnet-4-6', 'gemini-3.5-flash'], latency: { p95Ms: 60_000 }, at: '2026-11-01' },
    );
    for (const option of rec.options) expect(option.latency, option.id).not.toBeNull();
  });
});

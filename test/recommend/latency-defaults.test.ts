// Latency defaults for catalog models measured by Artificial Analysis (snapshot 2026-07-05):
// every one has a profile with its source, and the recommender uses it (no "latency unknown").
import { describe, expect, it } from 'vitest';
import { getModel } from '../../src/index.js';
import { estimateLatency, recommendModel } from '../../src/projection/index.js';

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

describe('the explanation says where the answer rests on a default, and how to measure it', () => {
  const triage = { volume: { calls: 50_000, per: 'day' as const }, tokens: { input: 800, output: 8 } };

  it('names the default latency figures and the capability rating with their sources', () => {
    const rec = recommendModel(triage, { task: 'classification', latency: { p95Ms: 2000 } });
    expect(rec.choice?.id).toBe('gpt-5.4-nano');
    expect(rec.explanation).toContain('Latency rests on defaults: gpt-5.4-nano TTFT 578 ms at 1,000 prompt tokens, 146.3 tokens/s (Artificial Analysis, 2026-07-05, non-reasoning configuration');
    expect(rec.explanation).toContain('fitLatencyProfile');
    expect(rec.explanation).toContain("Capability rests on published ratings: gpt-5.4-nano 3 (OpenAI's 1–5 rating) against the floor of 2 for classification;");
  });

  it('says nothing about defaults the user replaced', () => {
    const rec = recommendModel(triage, {
      task: 'classification',
      latency: { p95Ms: 2000 },
      capability: { 'gpt-5.4-nano': 3, 'gpt-5.4-mini': 4 },
      latencyProfiles: { 'gpt-5.4-nano': { ttftMs: 500, outputTokensPerSecond: 150, ttftSigma: 0.5, decodeSigma: 0.2 }, 'gpt-5.4-mini': { ttftMs: 500, outputTokensPerSecond: 150, ttftSigma: 0.5, decodeSigma: 0.2 } },
    });
    expect(rec.explanation).not.toContain('rests on defaults');
    expect(rec.explanation).not.toContain('published ratings');
  });

  it('uses the Artificial Analysis index for a model without an OpenAI rating', () => {
    const rec = recommendModel(triage, { candidates: ['claude-sonnet-4-6'], task: 'chat' });
    expect(rec.explanation).toContain('claude-sonnet-4-6 3 (from the Artificial Analysis Intelligence Index 35.9');
  });
});

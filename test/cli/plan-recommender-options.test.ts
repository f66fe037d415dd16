// Plan files can use the recommender's latency-profile fields (prefill speed, reference prompt,
// split TTFT / decoding spread) and both context tolerances (calls and spend).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planJsonSchema } from '../../src/cli/plan/index.js';
import type { PlanReport } from '../../src/cli/report/types.js';
import { runInProcess } from './helpers.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'llm-spend-cli-recommender-options-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const longDocs = { lognormal: { median: 150_000, p95: 300_000 } };
const plan = {
  version: 1,
  models: ['gpt-5.4-nano'],
  workloads: [
    { name: 'default-profile', volume: { calls: 1000, per: 'day' }, tokens: { input: 100_000, output: 200 } },
    {
      name: 'slow-prefill',
      volume: { calls: 1000, per: 'day' },
      tokens: { input: 100_000, output: 200 },
      constraints: { latencyProfiles: { 'gpt-5.4-nano': { prefillTokensPerSecond: 2000, referenceInputTokens: 1000, ttftSigma: 0.3, decodeSigma: 0.1, tailSource: 'our traces' } } },
    },
    { name: 'long-docs', volume: { calls: 1000, per: 'day' }, tokens: { input: longDocs, output: 500 } },
    { name: 'calls-tolerant', volume: { calls: 1000, per: 'day' }, tokens: { input: longDocs, output: 500 }, constraints: { maxContextOverflowShare: 0.2 } },
    { name: 'both-tolerant', volume: { calls: 1000, per: 'day' }, tokens: { input: longDocs, output: 500 }, constraints: { maxContextOverflowShare: 0.2, maxContextOverflowSpendShare: 0.3 } },
  ],
};

async function report(content: unknown): Promise<{ code: number | null; report: PlanReport | null; stderr: string }> {
  const file = join(dir, `plan-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(content));
  const result = await runInProcess(['plan', file, '--format', 'json']);
  return { code: result.code, report: result.code === 2 ? null : (JSON.parse(result.stdout) as PlanReport), stderr: result.stderr };
}

describe('llm-spend plan: recommender options in the plan file', () => {
  it('applies prefillTokensPerSecond, referenceInputTokens, ttftSigma and decodeSigma of a latency profile', async () => {
    const { code, report: out, stderr } = await report(plan);
    expect(code, stderr).toBe(0);
    const latency = (name: string) => out?.workloads.find((w) => w.name === name)?.recommendation.options[0]?.latency;
    const base = latency('default-profile');
    const slow = latency('slow-prefill');
    // Default prefill 10,000 tokens/s: TTFT(100k) = 578 + 99,000 / 10 = 10,478 ms at the median, plus
    // 200 tokens at 146.3/s. At 2,000 tokens/s the prefill alone is 49.5 s.
    expect(base?.p50Ms).toBeGreaterThan(10_478);
    expect(base?.p50Ms).toBeLessThan(15_000);
    expect(slow?.p50Ms).toBeGreaterThan(578 + 49_500);
    // The narrower spread (ttftSigma 0.3, decodeSigma 0.1) brings p95 closer to p50 than the default does.
    expect((slow?.p95Ms ?? 0) / (slow?.p50Ms ?? 1)).toBeLessThan((base?.p95Ms ?? 0) / (base?.p50Ms ?? 1));
  });

  it('maxContextOverflowShare and maxContextOverflowSpendShare: an option passes only when both shares are within their limits', async () => {
    const { report: out } = await report(plan);
    const rec = (name: string) => out?.workloads.find((w) => w.name === name)?.recommendation;
    const context = (name: string) => rec(name)?.options[0]?.checks.find((check) => check.name === 'context');
    // 7.89 % of the calls (15.93 % of the spend) are over gpt-5.4-nano's 272,000 input tokens.
    expect(rec('long-docs')).toMatchObject({ choice: null, bindingConstraint: 'context' });
    expect(context('long-docs')?.detail).toContain('7.89% of calls (15.93% of the spend)');
    expect(rec('calls-tolerant')).toMatchObject({ choice: null, bindingConstraint: 'context' });
    expect(context('calls-tolerant')?.detail).toContain('the limits are 20.00% of calls and 1.00% of the spend');
    expect(rec('both-tolerant')?.choice).toBe('gpt-5.4-nano');
    expect(context('both-tolerant')).toMatchObject({ pass: true });
    expect(context('both-tolerant')?.detail).toContain('the limits are 20.00% of calls and 30.00% of the spend');
  });

  it('refuses a bad value with its path (exit 2)', async () => {
    const bad = { ...plan, workloads: [{ ...plan.workloads[1], constraints: { maxContextOverflowSpendShare: 1.5, latencyProfiles: { 'gpt-5.4-nano': { ttftSigma: 9 } } } }] };
    const { code, stderr } = await report(bad);
    expect(code).toBe(2);
    expect(stderr).toContain('workloads[0].constraints.maxContextOverflowSpendShare');
    expect(stderr).toContain('workloads[0].constraints.latencyProfiles.gpt-5.4-nano.ttftSigma');
  });

  it('the JSON Schema of the plan file lists the new fields', () => {
    const text = JSON.stringify(planJsonSchema());
    for (const field of ['maxContextOverflowSpendShare', 'prefillTokensPerSecond', 'referenceInputTokens', 'ttftSigma', 'decodeSigma', 'tailSource']) expect(text).toContain(`"${field}"`);
  });
});

// The shipped example (examples/usage-log.jsonl and its bill): the committed files are what the
// seeded script writes; the month prices to an independent BigInt oracle's total, each record at
// the price in effect on its own date; and `llm-spend fit` followed by a projection of the fitted
// plan reproduces the log's spend within the projection's band.
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { comparePlan } from '../../src/actual/fit.js';
import { readUsageLog } from '../../src/actual/read.js';
import { summarizeSpend } from '../../src/actual/report.js';
import { runAsync } from '../../src/cli/main.js';
import { parsePlan } from '../../src/cli/plan/index.js';
import { getModel, sumUsd, type ModelEntry } from '../../src/index.js';
import { makeBill, makeUsageLog } from '../../examples/make-usage-log.js';
import { attoToUsd, oracleCost } from '../oracle.js';

const repo = join(__dirname, '..', '..');
const LOG = join(repo, 'examples', 'usage-log.jsonl');
const BILL = join(repo, 'examples', 'openai-costs-2026-08.json');
const work = mkdtempSync(join(tmpdir(), 'llm-spend-example-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The entry with only the price period in effect on `day` (the last whose `from` is on or before it). */
function entryAt(entry: ModelEntry, day: string): ModelEntry {
  const periods = entry.prices.filter((period) => period.from === undefined || period.from <= day);
  const period = periods[periods.length - 1];
  if (period === undefined) throw new Error(`no price of ${entry.id} on ${day}`);
  return { ...entry, prices: [period] };
}

describe('examples/usage-log.jsonl', () => {
  it('is what examples/make-usage-log.ts writes (and so is the bill)', () => {
    const log = makeUsageLog();
    expect(readFileSync(LOG, 'utf8')).toBe(log);
    expect(readFileSync(BILL, 'utf8')).toBe(makeBill(log));
    const lines = log.split('\n').length - 1;
    expect(lines).toBeGreaterThanOrEqual(2000);
    expect(lines).toBeLessThanOrEqual(5000);
    expect(Buffer.byteLength(log)).toBeLessThan(1024 * 1024);
  });

  it('prices to the BigInt oracle total, each record at its own date, across the 2026-08-21 price change', async () => {
    let atto = 0n;
    let priced = 0;
    let solBefore = 0;
    let solAfter = 0;
    for (const text of readFileSync(LOG, 'utf8').split('\n')) {
      if (text === '') continue;
      let record: { at: string; model: string; usage: { inputTokens: number; outputTokens: number; cachedInputTokens?: number; reasoningTokens?: number } };
      try {
        record = JSON.parse(text) as typeof record;
      } catch {
        continue;
      }
      if (record.model === 'gpt-5.4-mnii') continue;
      const day = record.at.slice(0, 10);
      const entry = entryAt(getModel(record.model), day);
      if (entry.id === 'gpt-5.6-sol') {
        if (day < '2026-08-21') solBefore += 1;
        else solAfter += 1;
      }
      const cost = oracleCost(entry, 'standard', record.usage);
      if (cost === undefined) throw new Error(`oracle: no price for ${record.model}`);
      atto += cost.total;
      priced += 1;
    }
    expect(solBefore).toBeGreaterThan(100);
    expect(solAfter).toBeGreaterThan(100);
    const report = await summarizeSpend(readUsageLog(createReadStream(LOG), { file: 'usage-log.jsonl' }));
    expect(report.counts.priced).toBe(priced);
    expect(report.total.cost.total).toBe(attoToUsd(atto));
    expect(report.counts.problems).toBe(2);
    expect(report.problems.byCode).toEqual({ unreadable: 1, 'unknown-model': 1 });
  });

  it('`llm-spend fit` then comparing the fitted plan with the month reproduces the spend within the band, the forecast priced on each side of the price change', async () => {
    const out = join(work, 'fitted.yaml');
    let stderr = '';
    const code = await runAsync(['fit', 'examples/usage-log.jsonl', '--out', out], { stdout: () => undefined, stderr: (text) => (stderr += text), env: {}, cwd: repo, isTTY: false, stderrIsTTY: false });
    expect(code, stderr).toBe(0);
    const plan = parsePlan(readFileSync(out, 'utf8'), { file: 'fitted.yaml' } as never) as unknown as Parameters<typeof comparePlan>[0];
    const comparison = await comparePlan(plan, readUsageLog(createReadStream(LOG)));
    expect(comparison.period).toEqual({ from: '2026-08-01T00:00:00.000Z', to: '2026-09-01T00:00:00.000Z' });
    for (const workload of comparison.workloads) expect(workload.withinBand, `${workload.name}: actual ${workload.actual.spend}, band ${workload.forecast?.low}–${workload.forecast?.high}`).toBe(true);
    expect(comparison.total.withinBand).toBe(true);
    expect(Math.abs(comparison.total.relativeError ?? 1)).toBeLessThan(0.05);
    // The forecast of the gpt-5.6-sol workload is cut at its price change, each side at its own price.
    const sol = comparison.workloads.find((workload) => workload.model === 'gpt-5.6-sol')!;
    expect(sol.forecast!.pieces.map((piece) => [piece.from, piece.to])).toEqual([
      ['2026-08-01T00:00:00.000Z', '2026-08-21T00:00:00.000Z'],
      ['2026-08-21T00:00:00.000Z', '2026-09-01T00:00:00.000Z'],
    ]);
    expect(sumUsd(sol.forecast!.pieces.map((piece) => piece.spend))).toBe(sol.forecast!.spend);
    // The actual is the whole month's spend, every record counted.
    const month = await summarizeSpend(readUsageLog(createReadStream(LOG)));
    expect(sumUsd([comparison.total.actual, ...comparison.unplanned.map((entry) => entry.spend)])).toBe(month.total.cost.total);
    expect(comparison.counts).toEqual({ ...month.counts, outside: 0 });
  }, 60_000);
});

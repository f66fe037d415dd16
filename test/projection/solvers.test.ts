import { describe, expect, it } from 'vitest';
import { isLlmSpendError } from '../../src/errors.js';
import { projectSpend } from '../../src/projection/project.js';
import { budgetRunway, maxVolumeWithinBudget } from '../../src/projection/solvers.js';
import { Dec } from '../../src/money/decimal.js';
import type { WorkloadInput } from '../../src/workload/schema.js';

// gpt-5.4-nano, 1,000 input + 200 output: 0.00045 per call (see project.test.ts).
const nano: WorkloadInput = { volume: { calls: 1_000_000, per: 'month' }, tokens: { input: 1000, output: 200 } };

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isLlmSpendError(error) ? error.code : 'not an LlmSpendError';
  }
  return undefined;
}

describe('maxVolumeWithinBudget', () => {
  it('expected spend: budget ÷ cost per call, exactly', () => {
    const fit = maxVolumeWithinBudget(nano, { model: 'gpt-5.4-nano', budget: { usd: '450', per: 'month' } });
    expect(fit.callsPerUnit).toBe('1000000');
    expect(fit.per).toBe('month');
    expect(fit.projection.spend.expected).toBe('450');
  });

  it('gives the rate in the workload’s unit, rounded down so that it fits', () => {
    // $100 a month at 0.00045 per call: 222,222.22… calls a month, i.e.
    // 100 / 0.00045 × 24 / 730 = 7,305.936073059… calls a day
    const fit = maxVolumeWithinBudget({ ...nano, volume: { calls: 1, per: 'day' } }, { model: 'gpt-5.4-nano', budget: '100' });
    expect(fit.callsPerUnit).toBe('7305.936073059');
    expect(new Dec(fit.projection.spend.expected).lte(100)).toBe(true);
    const more = projectSpend({ ...nano, volume: { calls: Number(fit.callsPerUnit) + 1e-6, per: 'day' } }, { model: 'gpt-5.4-nano' });
    expect(new Dec(more.spend.expected).gt('99.99999')).toBe(true);
  });

  it('keeps growth and the shape of an uncertain volume', () => {
    // with +10 %/month over a year the budget buys Σ 1.1^k = 21.384283767 months' worth
    const fit = maxVolumeWithinBudget({ ...nano, volume: { calls: 5, per: 'month', growth: { rate: 0.1, per: 'month' } } }, { model: 'gpt-5.4-nano', budget: { usd: '9622.927695244', per: 'year' } });
    expect(new Dec(fit.callsPerUnit ?? '0').minus(1_000_000).abs().lt('0.001')).toBe(true);
    const uncertain = maxVolumeWithinBudget({ ...nano, volume: { calls: { low: 40, expected: 58, high: 80 }, per: 'month' } }, { model: 'gpt-5.4-nano', budget: '26.1' });
    expect(uncertain.callsPerUnit).toBe('58000');
  });

  it('a percentile on request: p90 fits the budget, a little more does not', () => {
    const workload: WorkloadInput = { volume: { calls: { low: 40, expected: 58, high: 80 }, per: 'day' }, tokens: { input: { lognormal: { median: 800, p95: 3000 } }, output: 40 } };
    const fit = maxVolumeWithinBudget(workload, { model: 'gpt-5.4-nano', budget: '100', percentile: 'p90' });
    const p90 = new Dec(fit.projection.spend.p90);
    expect(p90.lte(100)).toBe(true);
    expect(p90.gt('99.9999')).toBe(true);
    const expected = maxVolumeWithinBudget(workload, { model: 'gpt-5.4-nano', budget: '100' });
    expect(new Dec(fit.callsPerUnit ?? '0').lt(expected.callsPerUnit ?? '0')).toBe(true);
  });

  it('a free workload fits any volume: null', () => {
    const fit = maxVolumeWithinBudget({ volume: { calls: 1, per: 'day' }, tokens: { input: 0, output: 0 } }, { model: 'gpt-5.4-nano', budget: '10' });
    expect(fit.callsPerUnit).toBeNull();
  });

  it('rejects bad budgets and percentiles', () => {
    expect(codeOf(() => maxVolumeWithinBudget(nano, { model: 'gpt-5.4-nano', budget: 0.1 }))).toBe('INVALID_MONEY');
    expect(codeOf(() => maxVolumeWithinBudget(nano, { model: 'gpt-5.4-nano', budget: '-5' }))).toBe('INVALID_MONEY');
    expect(codeOf(() => maxVolumeWithinBudget(nano, { model: 'gpt-5.4-nano', budget: '5', percentile: 'p95' as never }))).toBe('INVALID_WORKLOAD');
    expect(codeOf(() => maxVolumeWithinBudget(nano, { model: 'gpt-5.4-nano', budget: { usd: '5', per: 'month' }, period: 'day' }))).toBe('INVALID_WORKLOAD');
  });
});

describe('budgetRunway', () => {
  it('runs out when the cumulative expected spend reaches the budget', () => {
    const runway = budgetRunway({ workload: nano, model: 'gpt-5.4-nano', budget: '900', from: '2026-12-01' });
    expect(runway.hours).toBe('1460'); // two 730-hour months at $450
    expect(runway.runsOutAt).toBe('2027-01-30T20:00:00.000Z');
    expect(runway.firstMonthSpend).toBe('450');
  });

  it('with growth and money already spent', () => {
    // months of 450, 495, 544.5 at +10 %; 950 left: 450 + 495 = 945, then 5 / 544.5 of a month
    const runway = budgetRunway({ workload: { ...nano, volume: { calls: 1_000_000, per: 'month', growth: { rate: 0.1, per: 'month' } } }, model: 'gpt-5.4-nano', budget: '1000', spent: '50', from: '2026-12-01' });
    expect([runway.remaining, runway.overspent]).toEqual(['950', '0']);
    expect(runway.hours).toBe(new Dec(1460).plus(new Dec(5).div('544.5').times(730)).toDecimalPlaces(9).toFixed());
  });

  it('never runs out when decline keeps the total below the budget', () => {
    // halving every month: 450 + 225 + … < 900
    const runway = budgetRunway({ workload: { ...nano, volume: { calls: 1_000_000, per: 'month', growth: { rate: -0.5, per: 'month' } } }, model: 'gpt-5.4-nano', budget: '1000', from: '2026-12-01' });
    expect(runway.runsOutAt).toBeNull();
  });

  it('an exhausted budget runs out at once', () => {
    const runway = budgetRunway({ workload: nano, model: 'gpt-5.4-nano', budget: '10', spent: '10', from: '2026-12-01' });
    expect([runway.hours, runway.runsOutAt, runway.remaining, runway.overspent]).toEqual(['0', '2026-12-01T00:00:00.000Z', '0', '0']);
  });

  it('an overspent budget says by how much; remaining money is never negative (found by the fuzz suite)', () => {
    const runway = budgetRunway({ workload: nano, model: 'gpt-5.4-nano', budget: '0', spent: '10', from: '2026-12-01' });
    expect([runway.remaining, runway.overspent, runway.hours]).toEqual(['0', '10', '0']);
  });

  it('on p90 it runs out sooner (the p90 of an uncertain volume)', () => {
    const uncertain: WorkloadInput = { ...nano, volume: { calls: { low: 800_000, expected: 1_000_000, high: 1_200_000 }, per: 'month' } };
    const expected = budgetRunway({ workload: uncertain, model: 'gpt-5.4-nano', budget: '900', from: '2026-12-01' });
    const p90 = budgetRunway({ workload: uncertain, model: 'gpt-5.4-nano', budget: '900', from: '2026-12-01', percentile: 'p90' });
    expect(expected.hours).toBe('1460');
    // the p90 month spends 1.2M × 0.00045 = 540: 900 / 540 × 730 = 1,216.67 hours
    expect(Math.abs(Number(p90.hours) - 1216.6667)).toBeLessThan(0.01);
  });

  it('rejects a bad start date', () => {
    expect(codeOf(() => budgetRunway({ workload: nano, model: 'gpt-5.4-nano', budget: '10', from: 'soon' }))).toBe('INVALID_WORKLOAD');
  });
});

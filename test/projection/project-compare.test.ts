import { describe, expect, it } from 'vitest';
import { compareModels } from '../../src/projection/compare.js';
import { isLlmSpendError } from '../../src/errors.js';
import type { WorkloadInput } from '../../src/workload/schema.js';

// 1,000,000 calls of 1,000 input + 200 output a month:
// nano 200 + 250 = 450; mini 750 + 900 = 1,650; gpt-4o-mini 150 + 120 = 270.
const workload: WorkloadInput = { volume: { calls: 1_000_000, per: 'month' }, tokens: { input: 1000, output: 200 } };

describe('compareModels', () => {
  it('sorts by expected spend, with the difference to the cheapest and to a baseline', () => {
    const comparison = compareModels(workload, ['gpt-5.4-mini', 'gpt-5.4-nano'], { baseline: 'gpt-4o-mini' });
    expect(comparison.cheapest).toBe('gpt-5.4-nano');
    expect(comparison.rows.map((row) => [row.model, row.projection.spend.expected])).toEqual([
      ['gpt-5.4-nano', '450'],
      ['gpt-5.4-mini', '1650'],
    ]);
    expect(comparison.rows.map((row) => row.vsCheapest)).toEqual([
      { usd: '0', percent: '0' },
      { usd: '1200', percent: '266.67' },
    ]);
    expect(comparison.baseline?.spend.expected).toBe('270');
    expect(comparison.rows.map((row) => row.vsBaseline)).toEqual([
      { usd: '180', percent: '66.67' },
      { usd: '1380', percent: '511.11' },
    ]);
  });

  it('lists models that cannot serve the workload instead of throwing', () => {
    const comparison = compareModels({ ...workload, tools: { webSearches: 1 } }, ['gpt-5.4-mini', 'gpt-4o-mini', 'openai/gpt-5.4-mini']);
    expect(comparison.rows.map((row) => row.model)).toEqual(['gpt-5.4-mini']);
    expect(comparison.unavailable.map((entry) => [entry.model, entry.code])).toEqual([['gpt-4o-mini', 'PRICE_UNAVAILABLE']]);
  });

  it('ties keep a stable order by id; no baseline means no vsBaseline', () => {
    // mistral-small-2603 and gpt-4o-mini both list 0.15 / 0.60
    const comparison = compareModels(workload, ['mistral-small-2603', 'gpt-4o-mini']);
    expect(comparison.rows.map((row) => row.model)).toEqual(['gpt-4o-mini', 'mistral-small-2603']);
    expect(comparison.rows.every((row) => row.vsBaseline === undefined)).toBe(true);
  });

  it('rejects an empty list and unknown models', () => {
    const codeOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return isLlmSpendError(error) ? error.code : 'other';
      }
      return undefined;
    };
    expect(codeOf(() => compareModels(workload, []))).toBe('INVALID_WORKLOAD');
    expect(codeOf(() => compareModels(workload, ['gpt-5.4-nano', 'gpt-9']))).toBe('UNKNOWN_MODEL');
  });
});

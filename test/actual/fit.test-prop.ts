// Property: fitPlan does not depend on the order of the records.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitPlan } from '../../src/actual/fit.js';
import { fcOptions } from '../seed.js';
import { generateMonth, shuffled } from './fit-helpers.js';

describe('fitPlan', () => {
  const items = generateMonth(11, 0.02); // 30 days: ≈ 40 triage calls and 6 chat sessions a day
  it('gives the same plan and report for any order of the records', async () => {
    const reference = await fitPlan(items);
    expect(reference.plan.workloads.length).toBe(2);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        const again = await fitPlan(shuffled(items, seed));
        expect(again).toEqual(reference);
      }),
      { ...fcOptions, numRuns: 15 },
    );
  }, 120_000);
});

// The public money helpers are exact BigInt arithmetic (src/money/amount.ts, no decimal.js in the
// per-call core). decimal.js, which the projections use, is the independent reference here:
// every helper gives the same string for every amount and rounding mode.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import DecimalJs from 'decimal.js';
import { addUsd, compareUsd, formatUsd, roundUsd, sumUsd, type RoundingMode } from '../../src/money/index.js';
import { fcOptions } from '../seed.js';

const Ref = DecimalJs.clone({ precision: 200, toExpNeg: -9e15, toExpPos: 9e15 });
const MODES: Record<RoundingMode, DecimalJs.Rounding> = {
  up: DecimalJs.ROUND_UP,
  down: DecimalJs.ROUND_DOWN,
  ceil: DecimalJs.ROUND_CEIL,
  floor: DecimalJs.ROUND_FLOOR,
  'half-up': DecimalJs.ROUND_HALF_UP,
  'half-down': DecimalJs.ROUND_HALF_DOWN,
  'half-even': DecimalJs.ROUND_HALF_EVEN,
};
const canonical = (value: DecimalJs): string => (value.isZero() ? '0' : value.toFixed());

const digits = (max: number) => fc.string({ unit: fc.constantFrom('0', '1', '2', '5', '9'), minLength: 1, maxLength: max });
const amount = fc.tuple(fc.constantFrom('', '-', '+'), digits(30), fc.option(digits(30), { nil: undefined })).map(([sign, whole, fraction]) => `${sign}${whole}${fraction === undefined ? '' : `.${fraction}`}`);
const mode = fc.constantFrom<RoundingMode>('up', 'down', 'ceil', 'floor', 'half-up', 'half-down', 'half-even');

describe('BigInt money helpers agree with decimal.js', () => {
  it('addUsd, compareUsd', () => {
    fc.assert(
      fc.property(amount, amount, (a, b) => {
        expect(addUsd(a, b)).toBe(canonical(new Ref(a).plus(b)));
        expect(compareUsd(a, b)).toBe(new Ref(a).comparedTo(b));
      }),
      fcOptions,
    );
  });

  it('sumUsd', () => {
    fc.assert(
      fc.property(fc.array(amount, { maxLength: 8 }), (values) => {
        expect(sumUsd(values)).toBe(canonical(values.reduce((total, value) => total.plus(value), new Ref(0))));
      }),
      fcOptions,
    );
  });

  it('roundUsd and formatUsd in every mode', () => {
    fc.assert(
      fc.property(amount, fc.integer({ min: 0, max: 20 }), mode, fc.boolean(), (value, decimals, rounding, grouping) => {
        const rounded = new Ref(value).toDecimalPlaces(decimals, MODES[rounding]);
        expect(roundUsd(value, decimals, rounding)).toBe(canonical(rounded));
        const whole = rounded.abs().toFixed(decimals).split('.');
        const grouped = grouping ? (whole[0] ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',') : whole[0];
        const expected = `${rounded.isNegative() && !rounded.isZero() ? '-' : ''}$${grouped}${whole[1] === undefined ? '' : `.${whole[1]}`}`;
        expect(formatUsd(value, { decimals, mode: rounding, grouping })).toBe(expected);
      }),
      fcOptions,
    );
  });
});

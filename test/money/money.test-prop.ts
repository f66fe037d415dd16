import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addUsd, compareUsd, roundUsd, sumUsd } from '../../src/index.js';
import { fcOptions } from '../seed.js';

// Amounts as [integer part, fraction digits]; the oracle is BigInt at a fixed 30 decimals.
const SCALE = 30;
const amount = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.stringMatching(/^[0-9]{0,20}$/))
  .map(([negative, whole, fraction]) => `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`);

function toBig(text: string): bigint {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const value = BigInt(whole + fraction.padEnd(SCALE, '0'));
  return negative ? -value : value;
}

function fromBig(value: bigint): string {
  if (value === 0n) return '0';
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(SCALE + 1, '0');
  const fraction = digits.slice(-SCALE).replace(/0+$/, '');
  const whole = digits.slice(0, -SCALE);
  return (negative ? '-' : '') + whole + (fraction === '' ? '' : `.${fraction}`);
}

describe('money properties', () => {
  it('addUsd equals the BigInt oracle and is canonical', () => {
    fc.assert(
      fc.property(amount, amount, (a, b) => {
        const sum = addUsd(a, b);
        expect(sum).toBe(fromBig(toBig(a) + toBig(b)));
        expect(sum).toMatch(/^-?(0|[1-9]\d*)(\.\d*[1-9])?$/);
      }),
      fcOptions,
    );
  });

  it('sumUsd is order-independent and equals the oracle', () => {
    fc.assert(
      fc.property(fc.array(amount, { maxLength: 30 }), (values) => {
        const expected = fromBig(values.map(toBig).reduce((x, y) => x + y, 0n));
        expect(sumUsd(values)).toBe(expected);
        expect(sumUsd([...values].reverse())).toBe(expected);
      }),
      fcOptions,
    );
  });

  it('compareUsd agrees with the oracle and is antisymmetric', () => {
    fc.assert(
      fc.property(amount, amount, (a, b) => {
        const oracle = toBig(a) < toBig(b) ? -1 : toBig(a) > toBig(b) ? 1 : 0;
        expect(compareUsd(a, b)).toBe(oracle);
        expect(compareUsd(b, a)).toBe(-oracle || 0);
      }),
      fcOptions,
    );
  });

  it('roundUsd half-even: within half a unit, idempotent, and ties go to even', () => {
    fc.assert(
      fc.property(amount, fc.integer({ min: 0, max: 12 }), (value, decimals) => {
        const rounded = roundUsd(value, decimals);
        const unit = 10n ** BigInt(SCALE - decimals);
        const diff = toBig(rounded) - toBig(value);
        expect(2n * (diff < 0n ? -diff : diff) <= unit).toBe(true);
        expect(toBig(rounded) % unit).toBe(0n);
        expect(roundUsd(rounded, decimals)).toBe(rounded);
        if (2n * (diff < 0n ? -diff : diff) === unit) expect((toBig(rounded) / unit) % 2n).toBe(0n);
      }),
      fcOptions,
    );
  });

  it('roundUsd "up" never rounds toward zero', () => {
    fc.assert(
      fc.property(amount, fc.integer({ min: 0, max: 12 }), (value, decimals) => {
        const rounded = toBig(roundUsd(value, decimals, 'up'));
        const original = toBig(value);
        expect(original >= 0n ? rounded >= original : rounded <= original).toBe(true);
      }),
      fcOptions,
    );
  });
});

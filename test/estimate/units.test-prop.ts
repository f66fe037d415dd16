import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { picoToUsd, unitsToUsd } from '../../src/estimate/compiled.js';
import { unitsToDecimal } from '../oracle.js';
import { fcOptions } from '../seed.js';

// Reference: BigInt digits with a decimal point inserted `scale` places from the right.
const reference = unitsToDecimal;

// Edges: around powers of ten and the 10^6 / 10^12 chunk boundaries, and 2^53.
const edges = fc.oneof(
  fc.integer({ min: 0, max: 15 }).chain((exponent) => fc.integer({ min: -3, max: 3 }).map((delta) => Math.max(0, 10 ** exponent + delta))),
  fc.integer({ min: 0, max: 9000 }).chain((k) => fc.constantFrom(k * 1e12, k * 1e12 + 1e6, k * 1e12 + 999_999, k * 1e12 - 1, k * 1e6)).filter((n) => n >= 0 && Number.isSafeInteger(n)),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 1, 1e15, 999_999_999_999, 1_000_001),
);

describe('integer units to decimal text', () => {
  it('picoToUsd equals the BigInt reference for any safe integer', () => {
    fc.assert(
      fc.property(fc.oneof(fc.maxSafeNat(), fc.integer({ min: 0, max: 10_000_000 }), edges), (units) => {
        expect(picoToUsd(units)).toBe(reference(BigInt(units), 12));
      }),
      { ...fcOptions, numRuns: 5000 },
    );
  });

  it('unitsToUsd equals the BigInt reference for any scale, number or bigint', () => {
    fc.assert(
      fc.property(fc.oneof(fc.maxSafeNat(), edges), fc.integer({ min: 0, max: 30 }), fc.boolean(), (units, scale, asBig) => {
        expect(unitsToUsd(asBig ? BigInt(units) : units, scale)).toBe(reference(BigInt(units), scale));
      }),
      { ...fcOptions, numRuns: 3000 },
    );
  });

  it('bigints beyond 2^53 and negatives are exact', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 24 }), (units, scale) => {
        expect(unitsToUsd(units, scale)).toBe(reference(units, scale));
      }),
      fcOptions,
    );
  });

  it('worked values', () => {
    expect(picoToUsd(1e12)).toBe('1');
    expect(picoToUsd(1_450_000_000_000)).toBe('1.45');
    expect(picoToUsd(2_802_000_000)).toBe('0.002802');
    expect(picoToUsd(1_000_001)).toBe('0.000001000001');
    expect(picoToUsd(5)).toBe('0.000000000005');
    expect(unitsToUsd(0, 12)).toBe('0');
    expect(unitsToUsd(-5n, 3)).toBe('-0.005');
  });
});

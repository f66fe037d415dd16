import { describe, expect, it } from 'vitest';
import { addUsd, compareUsd, formatUsd, roundUsd, sumUsd } from '../../src/index.js';
import { expectSpendError } from '../fuzz/expect-error.js';

describe('money helpers refuse bad input with INVALID_MONEY (issue 10)', () => {
  it('sumUsd(null) and sumUsd(5) are INVALID_MONEY, not a TypeError', () => {
    expectSpendError(() => sumUsd(null as never), 'INVALID_MONEY', 'got null');
    expectSpendError(() => sumUsd(5 as never), 'INVALID_MONEY', 'got 5');
  });

  it('sumUsd("123") is refused instead of summing the digits to "6"', () => {
    expectSpendError(() => sumUsd('123' as never), 'INVALID_MONEY', 'a list');
    // A Set and a generator are iterables of amounts and still sum.
    expect(sumUsd(new Set(['0.1', '0.2']))).toBe('0.3');
    expect(sumUsd((function* () { yield '1'; yield 2n; })())).toBe('3');
  });

  it('formatUsd with null options, a prototype method or an unknown mode is INVALID_MONEY', () => {
    expectSpendError(() => formatUsd('1', null as never), 'INVALID_MONEY', 'got null');
    expectSpendError(() => formatUsd('1.005', { mode: 'toString' as never }), 'INVALID_MONEY', 'Unknown rounding mode "toString"');
    expectSpendError(() => formatUsd('1.005', { mode: 'bogus' as never }), 'INVALID_MONEY', 'Unknown rounding mode "bogus"');
    expectSpendError(() => formatUsd('1', { decimals: '2' as never }), 'INVALID_MONEY', 'decimals');
    expectSpendError(() => formatUsd('1', { grouping: 'no' as never }), 'INVALID_MONEY', 'grouping');
    expect(formatUsd('1.005', { mode: 'half-up' })).toBe('$1.01');
  });

  it('roundUsd with a BigInt (or symbol) mode is INVALID_MONEY and the message prints the value', () => {
    expectSpendError(() => roundUsd('1', 2, 5n as never), 'INVALID_MONEY', 'Unknown rounding mode 5n');
    expectSpendError(() => roundUsd('1', 2, Symbol('x') as never), 'INVALID_MONEY', 'a symbol');
    expectSpendError(() => roundUsd('1', 2n as never), 'INVALID_MONEY', 'decimals');
  });

  it('81 significant digits are refused, never cut: addUsd("1", "0.0…01") is not "1"', () => {
    const tiny = `0.${'0'.repeat(79)}1`;
    expectSpendError(() => addUsd('1', tiny), 'INVALID_MONEY', 'second amount', 'never cut');
    // At the limits (30 digits each side) the sum is exact: hand-worked digit by digit.
    const big = '9'.repeat(30);
    const small = `0.${'0'.repeat(29)}1`;
    expect(addUsd(big, small)).toBe(`${big}.${'0'.repeat(29)}1`);
    expect(addUsd(big, big)).toBe(`1${'9'.repeat(29)}8`);
    expectSpendError(() => addUsd(`1${big}`, '0'), 'INVALID_MONEY', 'at most 30 before');
    expectSpendError(() => compareUsd(10n ** 31n, 0), 'INVALID_MONEY');
    // Leading zeros before and trailing zeros after do not count as digits.
    expect(addUsd(`000${'1'.repeat(30)}`, `0.5${'0'.repeat(40)}`)).toBe(`${'1'.repeat(30)}.5`);
  });

  it('a 100,000-digit amount is refused at once (formatUsd took 4.6 s)', () => {
    const start = performance.now();
    expectSpendError(() => formatUsd('9'.repeat(100_000)), 'INVALID_MONEY', '100000 characters');
    expectSpendError(() => sumUsd(['1', ' '.repeat(1_000_000)]), 'INVALID_MONEY', 'amount at index 1');
    expect(performance.now() - start).toBeLessThan(500);
  });

  it('-0 as a number is zero, and non-money types name what they got', () => {
    expect(addUsd(-0, '0')).toBe('0');
    expectSpendError(() => addUsd({} as never, '1'), 'INVALID_MONEY', 'first amount', 'got {}');
    expectSpendError(() => addUsd('1', Number.NaN), 'INVALID_MONEY', 'NaN');
  });
});

import { describe, expect, it } from 'vitest';
import { addUsd, compareUsd, formatUsd, LlmSpendError, roundUsd, sumUsd } from '../../src/index.js';

function code(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof LlmSpendError) return error.code;
    throw error;
  }
  return undefined;
}

describe('money', () => {
  it('adds exactly where floats drift', () => {
    expect(addUsd('0.1', '0.2')).toBe('0.3');
    expect(sumUsd(['0.0016', '0.000015'])).toBe('0.001615'); // LiteLLM #8867 showed 0.0016150000000000001
    expect(sumUsd([])).toBe('0');
    expect(sumUsd(['1', 2, 3n])).toBe('6');
  });

  it('never prints an exponent or -0', () => {
    expect(addUsd('0.00000015', '0')).toBe('0.00000015');
    expect(addUsd('0.0000000000001', '0')).toBe('0.0000000000001');
    expect(addUsd('-0.5', '0.5')).toBe('0');
    expect(addUsd('100000000000000000000000', '1')).toBe('100000000000000000000001');
    expect(roundUsd('-0.001', 2)).toBe('0');
  });

  it('canonicalizes: no trailing zeros, no plus sign', () => {
    expect(addUsd('1.500', '+0')).toBe('1.5');
    expect(addUsd('.5', '0')).toBe('0.5');
    expect(addUsd('2.', '0')).toBe('2');
  });

  it('compares', () => {
    expect(compareUsd('0.002802', '0.0004503')).toBe(1);
    expect(compareUsd('1.0', '1')).toBe(0);
    expect(compareUsd('-1', '0')).toBe(-1);
    expect(['3', '1.5', '2'].sort(compareUsd)).toEqual(['1.5', '2', '3']);
  });

  it('rounds only when asked, half-even by default', () => {
    expect(roundUsd('0.125')).toBe('0.12');
    expect(roundUsd('0.135')).toBe('0.14');
    expect(roundUsd('0.125', 2, 'half-up')).toBe('0.13');
    expect(roundUsd('0.125', 2, 'half-down')).toBe('0.12');
    expect(roundUsd('0.0004503', 6, 'up')).toBe('0.000451');
    expect(roundUsd('0.0004503', 6, 'down')).toBe('0.00045');
    expect(roundUsd('-0.0004503', 6, 'ceil')).toBe('-0.00045');
    expect(roundUsd('-0.0004503', 6, 'floor')).toBe('-0.000451');
    expect(roundUsd('1.2', 2)).toBe('1.2');
    expect(roundUsd('2.5', 0)).toBe('2');
  });

  it('formats for people', () => {
    expect(formatUsd('1402')).toBe('$1,402.00');
    expect(formatUsd('1234567.891')).toBe('$1,234,567.89');
    expect(formatUsd('0.0004503', { decimals: 6 })).toBe('$0.000450');
    expect(formatUsd('-0.5')).toBe('-$0.50');
    expect(formatUsd('-0.001')).toBe('$0.00');
    expect(formatUsd('1402', { grouping: false, decimals: 0 })).toBe('$1402');
  });

  it.each([
    ['a fractional number', () => addUsd(0.1, '0')],
    ['an exponent string', () => addUsd('1e-7', '0')],
    ['a currency sign', () => addUsd('$1', '0')],
    ['grouping', () => sumUsd(['1,000'])],
    ['NaN', () => compareUsd(Number.NaN, '0')],
    ['Infinity', () => roundUsd(Number.POSITIVE_INFINITY)],
    ['text', () => formatUsd('abc')],
    ['an object', () => addUsd({} as never, '0')],
    ['bad decimals', () => roundUsd('1', 2.5)],
    ['negative decimals', () => formatUsd('1', { decimals: -1 })],
    ['an unknown rounding mode', () => roundUsd('1', 2, 'sideways' as never)],
    ['a prototype key as rounding mode', () => roundUsd('1', 2, '__proto__' as never)],
  ])('%s is INVALID_MONEY', (_name, action) => {
    expect(code(action)).toBe('INVALID_MONEY');
  });

  it('names the bad amount', () => {
    expect(() => sumUsd(['1', 'x'])).toThrow('amount at index 1');
    expect(() => addUsd(0.1, '0')).toThrow('pass it as a string ("0.15")');
  });
});

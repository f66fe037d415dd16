import { expect } from 'vitest';
import { isLlmSpendError, LlmSpendError, type LlmSpendErrorCode } from '../../src/index.js';

/** Runs `action`, expects an LlmSpendError with `code` whose message contains every part. */
export function expectSpendError(action: () => unknown, code: LlmSpendErrorCode, ...messageParts: string[]): LlmSpendError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  if (caught === undefined) throw new Error(`expected LlmSpendError ${code}, nothing was thrown`);
  expect(caught, String(caught)).toBeInstanceOf(LlmSpendError);
  const error = caught as LlmSpendError;
  expect(error.code, error.message).toBe(code);
  for (const part of messageParts) expect(error.message).toContain(part);
  expect(isLlmSpendError(error, code)).toBe(true);
  // The message and details print without throwing.
  expect(typeof error.message).toBe('string');
  expect(() => JSON.stringify(error.details)).not.toThrow();
  return error;
}

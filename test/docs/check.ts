// The assertion the generated documentation examples call (as `__docCheck`). It records
// instead of throwing, so one run of an example reports every wrong result comment.
import { inspect, isDeepStrictEqual } from 'node:util';

export interface Mismatch {
  /** `file:line` in the documentation. */
  readonly where: string;
  readonly expression: string;
  readonly actual: unknown;
  readonly expected: unknown;
}

interface CheckRecord {
  checks: number;
  mismatches: Mismatch[];
}

// Kept on globalThis so the test and the generated modules share it whatever module
// instance each one gets.
const KEY = Symbol.for('llm-spend.test.docs.checks');
const holder = globalThis as { [KEY]?: CheckRecord };

function record(): CheckRecord {
  holder[KEY] ??= { checks: 0, mismatches: [] };
  return holder[KEY];
}

/** Clears the record; call before running an example. */
export function resetChecks(): void {
  holder[KEY] = { checks: 0, mismatches: [] };
}

/** The checks run and the mismatches found since the last reset. */
export function checkResults(): { readonly checks: number; readonly mismatches: readonly Mismatch[] } {
  return record();
}

export function show(value: unknown): string {
  return inspect(value, { depth: null, breakLength: Infinity, compact: true });
}

/** Compares a documented expression's value with its result comment (deep, strict). */
export function docCheck(where: string, expression: string, actual: unknown, expected: unknown): void {
  const current = record();
  current.checks += 1;
  if (!isDeepStrictEqual(actual, expected)) current.mismatches.push({ where, expression, actual, expected });
}

export function describeMismatch(mismatch: Mismatch): string {
  return `${mismatch.where}: ${mismatch.expression}\n    expected (comment): ${show(mismatch.expected)}\n    actual:             ${show(mismatch.actual)}`;
}

// Shared assertions for the SDK-path matrix: what a commit must be (the contract of issue 9),
// written against the guard's public results. The contract adds `fallback` and `tier` to
// CommitResult; they are read through `contract()` so these files type-check before and after
// the library side lands.
import { appendFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { estimateCost } from '../../src/index.js';
import { createBudgetGuard, memoryStore } from '../../src/budget/index.js';
import type { BudgetGuard, CommitResult, Reservation } from '../../src/budget/index.js';
import type { Usage } from '../../src/estimate/usage.js';
import type { ServiceTier } from '../../src/pricing/schema.js';
import { startEmulator, type AnthropicUsageScript, type Emulator } from './emulator.js';

export type FallbackReason = 'usage-unreadable' | 'stream-incomplete' | 'stream-without-usage';

/** The fields the contract adds to CommitResult. */
export interface ContractFields {
  readonly fallback?: { readonly reason: string; readonly message: string; readonly error: unknown } | null;
  readonly tier?: string | null;
}

export function contract(commit: CommitResult): ContractFields {
  return commit as CommitResult & ContractFields;
}

export function newGuard(errors: unknown[] = []): BudgetGuard {
  return createBudgetGuard({
    limits: [{ usd: '1000', window: 'day' }],
    store: memoryStore(),
    onError: (error) => {
      errors.push(error);
    },
  });
}

/** The expected total, priced by hand-derived canonical usage `usage` at `tier`. */
export function priced(model: string, tier: ServiceTier, usage: Usage): string {
  return estimateCost({ model, tier, ...usage }).total;
}

/** With SDK_MATRIX_LOG=<file>, each checked commit is appended there as one JSON line (actual vs expected). */
function log(kind: string, actual: unknown, expected: unknown): void {
  const file = process.env['SDK_MATRIX_LOG'];
  if (file === undefined || file === '') return;
  const name = expect.getState().currentTestName ?? '';
  appendFileSync(file, `${JSON.stringify({ test: name, kind, actual, expected })}\n`);
}

/** An exact commit: the usage the provider reported, priced at the tier the response reported. */
export function expectExact(commit: CommitResult | null, model: string, tier: ServiceTier, usage: Usage, usd?: string): void {
  expect(commit, 'a commit').not.toBeNull();
  if (commit === null) return;
  const expected = priced(model, tier, usage);
  if (usd !== undefined) expect(expected, 'the hand-worked figure agrees with estimateCost').toBe(usd);
  const actual = { usd: commit.usd, basis: commit.basis, fallback: contract(commit).fallback, tier: contract(commit).tier };
  const wanted = { usd: expected, basis: 'usage', fallback: null, tier };
  log('exact', { ...actual, fallback: actual.fallback === undefined || actual.fallback === null ? actual.fallback : { reason: actual.fallback.reason, message: actual.fallback.message } }, wanted);
  expect(actual).toEqual(wanted);
}

/** A worst-case commit: the reservation's amount, with a fallback saying why. */
export function expectWorstCase(commit: CommitResult | null, reservation: Reservation, reasons: readonly FallbackReason[]): void {
  expect(commit, 'a commit').not.toBeNull();
  if (commit === null) return;
  const fallback = contract(commit).fallback;
  log('worst-case', { usd: commit.usd, basis: commit.basis, fallbackReason: fallback?.reason }, { usd: reservation.usd, basis: 'reservation', fallbackReason: reasons.join('|') });
  expect({ usd: commit.usd, basis: commit.basis, fallbackReason: fallback?.reason }).toEqual({
    usd: reservation.usd,
    basis: 'reservation',
    fallbackReason: reasons.length === 1 ? reasons[0] : expect.toBeOneOf([...reasons]),
  });
  expect(typeof fallback?.message, 'fallback.message').toBe('string');
  expect(fallback !== null && fallback !== undefined && 'error' in fallback, 'fallback.error is present').toBe(true);
}

/** After every case: no reservation is left held. */
export async function expectSettled(guard: BudgetGuard): Promise<void> {
  const [status] = await guard.status();
  expect(status?.reserved, 'reserved after the call').toBe('0');
}

export async function expectNothingSpent(guard: BudgetGuard): Promise<void> {
  const [status] = await guard.status();
  expect({ spent: status?.spent, reserved: status?.reserved }).toEqual({ spent: '0', reserved: '0' });
}

/** Rejects when `promise` has not settled within `ms` (a pending `committed` fails instead of hanging). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Reads a stream to its end, collecting what it yields; returns the error it threw, if any. */
export async function drain<C>(stream: AsyncIterable<C>, onChunk?: (chunk: C, index: number) => void): Promise<{ chunks: C[]; error: unknown }> {
  const chunks: C[] = [];
  try {
    for await (const chunk of stream) {
      onChunk?.(chunk, chunks.length);
      chunks.push(chunk);
    }
  } catch (error) {
    return { chunks, error };
  }
  return { chunks, error: undefined };
}

export function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Generous test bounds. */
export const SETTLE_MS = 3000;

/**
 * The emulator for one test file: started before its tests (then `onStart` makes the file's
 * clients), closed after them, and after each test every scripted response must have been
 * requested (a test cannot pass without the SDK having made its call).
 */
export function useEmulator(onStart: (emulator: Emulator) => void): void {
  let emulator: Emulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator();
    onStart(emulator);
  });
  afterAll(async () => {
    await emulator?.close();
  });
  afterEach(() => {
    if (emulator === undefined) return;
    const left = emulator.pending();
    emulator.reset();
    expect(left, 'every scripted response was requested').toBe(0);
  });
}

/**
 * The Claude usage: 50 uncached + 10,000 cache-read + 2,000 5-minute and 1,000 1-hour
 * cache-write input tokens, 400 output, two web searches. On claude-haiku-4-5: $0.00755 + $0.02.
 */
export const CLAUDE_CACHED_USAGE: AnthropicUsageScript = {
  input_tokens: 50,
  cache_read_input_tokens: 10_000,
  cache_creation: { ephemeral_5m_input_tokens: 2000, ephemeral_1h_input_tokens: 1000 },
  output_tokens: 400,
  server_tool_use: { web_search_requests: 2 },
};

// Fuzz suite (issue 10), the budget guard's part: createBudgetGuard and every guard entry point
// (reserve, commit, release, record, status, run, runStream, trackStream) are called with
// generated hostile input: wrong types, NaN/±Infinity/-0/1e308/2^53+1, BigInt, symbols, huge
// strings, lone surrogates, deep objects, `__proto__` keys, throwing getters and Proxies,
// tampered reservations (each field), options that are null/arrays/strings, idempotency keys and
// scopes of every shape, clocks returning bad values, usages with hostile counts, streams that are
// not iterables or that throw. Each property states its invariant:
//   - a call resolves (or returns) a valid result — money canonical and never negative, a
//     refusal is a value — or throws/rejects an LlmSpendError with a code, never another error,
//     never an unhandled rejection (the fuzzer's own getters and sources throw a FuzzError,
//     which may pass through as the caller's error);
//   - atomicity: a commit, release or record that throws leaves status() exactly as it was,
//     checked on a guard with a reservation outstanding;
//   - never overspends: over a generated sequence of valid and hostile operations,
//     spent + reserved + remaining = limit + overshoot, spent + reserved ≤ limit + the overshoot
//     the commits and records reported, spent is exactly what they counted and reserved exactly
//     the admitted reservations still held (a refused reservation is never counted);
//   - each call ends within a hang guard (2 s; not a speed assertion); no global prototype is touched.
// Runs against memoryStore() and, when /usr/bin/redis-server exists, redisStore on a real Redis
// (skipped loudly without it; a failure in CI). FUZZ_RUNS=<n> gives a long run; FC_SEED
// (test/seed.ts) reproduces one.
import fc from 'fast-check';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBudgetGuard, memoryStore, type BudgetGuard, type BudgetGuardOptions, type BudgetStore, type LimitStatus, type Reservation } from '../../src/budget/index.js';
import { isLlmSpendError, showValue } from '../../src/errors.js';
import { redisStore } from '../../src/redis/index.js';
import { inCI, redisAvailable, redisMissingMessage, RedisServer } from '../budget/redis-server.js';
import { FC_SEED } from '../seed.js';
import { FuzzError, hostileKit, hostileProxy } from './hostile.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 200);
const HANG_MS = 2000;
/** Canonical, non-negative money. */
const MONEY = /^(0|[1-9]\d*)(\.\d*[1-9])?$/;
const START = Date.parse('2026-06-10T12:00:00Z');

// ------------------------------------------------------------------ hostile values

const { hostile, atoms: hostileAtoms, mutated, throwingGetter } = hostileKit({
  seed: { usd: '1', tenant: 'acme' },
  fields: ['usd', 'tenant', 'inputTokens', 'idempotencyKey'],
  numbers: [2 ** 31, 366 * 86_400_000],
  strings: ['a\uDC00b', '-1', '1e3', '0.0000000000001', '999999999999999', '1000000000000000', 'standard', 'batch', 'turbo', 'acme', 'a:b', 'x'.repeat(257), 'k'.repeat(513)],
  values: [10n, 1n],
});

/** Options objects: absent, valid, mutated, or null / arrays / strings. */
const hostileOptions = (valid: unknown): fc.Arbitrary<unknown> => fc.oneof(fc.constant(undefined), mutated(valid), fc.constantFrom(null, [], ['x'], 'options', 0, 10n));

/** A reservation tampered with: one field (or the whole) replaced, a field deleted, or a JSON round trip. */
function tampered(reservation: Reservation): fc.Arbitrary<unknown> {
  const keys = Object.keys(reservation);
  return fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...keys), hostile).map(([key, value]) => ({ ...reservation, [key]: value })) },
    { weight: 1, arbitrary: fc.constantFrom(...keys).map((key) => { const copy: Record<string, unknown> = { ...reservation }; delete copy[key]; return copy; }) },
    { weight: 1, arbitrary: fc.constant(JSON.parse(JSON.stringify(reservation)) as unknown) },
    { weight: 1, arbitrary: mutated(reservation) },
    { weight: 1, arbitrary: hostile },
  );
}

// ------------------------------------------------------------------ invariants

const MONEY_KEYS = new Set(['usd', 'reservedUsd', 'overshootUsd', 'spent', 'reserved', 'remaining', 'overshoot', 'requested', 'total', 'input', 'cachedInput', 'cacheWrite', 'cacheWrite1h', 'output', 'reasoning', 'images', 'fees']);

/** Walks a result: money strings canonical and non-negative, numbers finite. */
function checkResult(value: unknown, path = 'result', seen = new Set<unknown>()): void {
  if (typeof value === 'number') {
    expect(Number.isFinite(value), `${path} = ${value}`).toBe(true);
    return;
  }
  if (typeof value === 'string') {
    const key = path.slice(path.lastIndexOf('.') + 1);
    if (MONEY_KEYS.has(key)) expect(value, path).toMatch(MONEY);
    return;
  }
  if (typeof value !== 'object' || value === null || seen.has(value) || seen.size > 5000) return;
  seen.add(value);
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'response' || key === 'error' || key === 'stream' || key === 'committed') continue;
    checkResult(inner, `${path}.${key}`, seen);
  }
}

/** An error is allowed when it is an LlmSpendError with a code (or the fuzzer's own). */
function checkError(label: string, error: unknown): void {
  if (error instanceof FuzzError) return;
  if (!isLlmSpendError(error)) throw new Error(`${label} threw ${String((error as Error)?.name)}: ${String((error as Error)?.message).slice(0, 300)}`, { cause: error });
  expect(typeof error.code).toBe('string');
  expect(typeof String(error)).toBe('string');
  expect(typeof showValue(error.details, 500)).toBe('string');
}

type Outcome = { readonly threw: false; readonly result: unknown } | { readonly threw: true; readonly error: unknown };

/** Calls `action` (sync or async) under the hang guard; a result is checked, an error must be allowed. */
async function call(label: string, action: () => unknown): Promise<Outcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${label} did not settle within ${HANG_MS} ms`)), HANG_MS);
  });
  let outcome: Outcome;
  try {
    outcome = { threw: false, result: await Promise.race([Promise.resolve().then(action), hang]) };
  } catch (error) {
    if (error instanceof Error && error.message.endsWith(`within ${HANG_MS} ms`)) throw error;
    checkError(label, error);
    outcome = { threw: true, error };
  } finally {
    clearTimeout(timer);
  }
  if (!outcome.threw) checkResult(outcome.result);
  return outcome;
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

async function property<T>(label: string, input: fc.Arbitrary<T>, check: (value: T) => Promise<void>, runs = RUNS): Promise<void> {
  if (process.env['FUZZ_TRACE'] !== undefined) process.stderr.write(`fuzz: ${label}\n`);
  await fc.assert(
    fc.asyncProperty(input, async (value) => {
      if (process.env['FUZZ_TRACE'] === '2') process.stderr.write(`  ${showValue(value, 200)}\n`);
      try {
        await check(value);
      } catch (error) {
        // fast-check prints the counterexample itself, which can fail on hostile values: say it here first.
        process.stderr.write(`fuzz: ${label} failed: ${error instanceof Error ? error.message : showValue(error)}\n  on ${showValue(value, 300)}\n`);
        throw new Error(`${label} failed on ${showValue(value, 300)}: ${error instanceof Error ? error.message : showValue(error)}`, { cause: error });
      }
      // Let stray promises settle, then no unhandled rejection may have happened.
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled.map((reason) => showValue(reason, 200)), `${label}: unhandled rejection`).toEqual([]);
    }),
    { seed: FC_SEED, numRuns: runs },
  );
}

/** Status as plain values, for exact comparison. */
function snapshot(statuses: readonly LimitStatus[]): unknown {
  return statuses.map(({ limit, scope, spent, reserved, remaining, overshoot }) => ({ name: limit.name, scope, spent, reserved, remaining, overshoot }));
}

const PICO = 10n ** 12n;
function units(usd: string): bigint {
  const [whole = '0', fraction = ''] = usd.split('.');
  return BigInt(whole) * PICO + BigInt(fraction.padEnd(12, '0').slice(0, 12) || '0');
}

/** spent + reserved + remaining = limit + overshoot, every money field canonical. */
function checkStatusIdentity(statuses: readonly LimitStatus[]): void {
  for (const status of statuses) {
    for (const field of ['spent', 'reserved', 'remaining', 'overshoot'] as const) expect(status[field], field).toMatch(MONEY);
    expect(units(status.spent) + units(status.reserved) + units(status.remaining)).toBe(units(status.limit.usd) + units(status.overshoot));
  }
}

// ------------------------------------------------------------------ the suite, per store

const LIMITS = [
  { usd: '5', window: 'day', timeZone: 'America/New_York' },
  { usd: '3', window: 'day', scope: 'tenant' },
  { usd: '4', rollingMs: 3_600_000 },
] as const;

function chunks<C>(items: readonly C[]): AsyncIterable<C> {
  return (async function* () {
    yield* items;
  })();
}

/** Hostile streams: not iterables, iterables whose iterator is wrong, sources that throw at once or midway. */
const hostileStreams = fc.oneof(
  hostile,
  fc.constantFrom<() => unknown>(
    () => chunks([{ type: 'message_start', message: { usage: { input_tokens: 10, output_tokens: 1 } } }, { type: 'message_stop' }]),
    () => chunks([{ choices: [], usage: { prompt_tokens: 1e308, completion_tokens: -1 } }]),
    () => chunks([{ usageMetadata: { promptTokenCount: Number.NaN } }, null, undefined, 42n]),
    () => chunks([hostileProxy(), throwingGetter()]),
    () => ({ [Symbol.asyncIterator]: () => 42 }),
    () => ({ [Symbol.asyncIterator]: () => ({ next: () => undefined }) }),
    () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve(null) }) }),
    () => ({ [Symbol.asyncIterator]: () => { throw new FuzzError('asyncIterator'); } }),
    () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new FuzzError('next')) }) }),
    () => (async function* () {
      yield { choices: [{ delta: { content: 'x' } }] };
      throw new FuzzError('midway');
    })(),
    () => [1, 2, 3],
    () => 'a string',
  ).map((make) => make()),
);

/** Hostile clocks: bad return values, a throwing clock, a non-function. */
const hostileClocks = fc.oneof(
  hostileAtoms.map((value) => () => value),
  fc.constantFrom<unknown>(() => { throw new FuzzError('clock'); }, () => new Date(Number.NaN), () => 8.64e15, () => -1, () => START, 'Date.now', 42, null),
);

/** Options with a usage reader added (the options themselves, when they cannot be copied: a Proxy, a throwing getter). */
function withUsage(opts: unknown, usage: unknown): unknown {
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts) || usage === undefined) return opts;
  try {
    return { ...opts, usage };
  } catch {
    return opts;
  }
}

const usages = mutated({ inputTokens: 2000, cachedInputTokens: 500, outputTokens: 300, reasoningTokens: 50 });

function guardSuite(label: string, makeStore: () => BudgetStore | Promise<BudgetStore>): void {
  async function guardOf(extra: Partial<BudgetGuardOptions> = {}): Promise<{ guard: BudgetGuard; time: { ms: number } }> {
    const time = { ms: START };
    const guard = createBudgetGuard({ limits: LIMITS as never, store: await makeStore(), now: () => time.ms, ...extra });
    return { guard, time };
  }

  /** A guard with a known reservation outstanding (and some spend). */
  async function withReservation(): Promise<{ guard: BudgetGuard; reservation: Reservation; tokenReservation: Reservation }> {
    const { guard } = await guardOf();
    const held = await guard.reserve({ usd: '1', scope: 'acme' });
    const token = await guard.reserve({ model: 'gpt-5.4-mini', inputTokens: 2000, maxOutputTokens: 1000, scope: { tenant: 'acme' } });
    if (!held.ok || !token.ok) throw new Error('expected the reservations to be admitted');
    await guard.record({ usd: '0.25', scope: 'acme' });
    return { guard, reservation: held.reservation, tokenReservation: token.reservation };
  }

  /** Runs a guard operation that may refuse; when it throws, status (global and acme's) is unchanged. */
  async function atomic(guard: BudgetGuard, label: string, action: () => unknown): Promise<Outcome> {
    const before = snapshot(await guard.status('acme'));
    const outcome = await call(label, action);
    const after = await guard.status('acme');
    checkStatusIdentity(after);
    if (outcome.threw) expect(snapshot(after), `${label} threw ${showValue(outcome.error, 200)} yet changed the status`).toEqual(before);
    return outcome;
  }

  describe(`fuzz (${label}): every guard entry point returns a valid result or throws an LlmSpendError, within 2 s, touching no prototype`, () => {
    it('createBudgetGuard: hostile options, limits, stores and clocks', { timeout: 120_000 }, async () => {
      const valid = { limits: [{ usd: '5', window: 'day', timeZone: 'Europe/Paris' }, { usd: 2n, rollingMs: 60_000, scope: 'tenant', name: 'burst' }], thresholds: [0.5, 1], reservationTtlMs: 60_000, idempotencyTtlMs: 60_000, storeTimeoutMs: 1000, failOpen: false };
      await property('createBudgetGuard', fc.tuple(fc.oneof(mutated(valid), fc.constantFrom(null, [], 'options', 5, undefined)), fc.boolean()), async ([options, withStore]) => {
        const outcome = await call('createBudgetGuard', () => {
          const opts = typeof options === 'object' && options !== null && !Array.isArray(options) && withStore ? { ...options, now: () => START } : options;
          return createBudgetGuard(opts as BudgetGuardOptions);
        });
        if (!outcome.threw) {
          const guard = outcome.result as BudgetGuard;
          await call('reserve after createBudgetGuard', () => guard.reserve({ usd: '0.5', scope: 'acme' }));
          await call('status after createBudgetGuard', () => guard.status({ tenant: 'acme' }));
        }
      });
      await property('now', hostileClocks, async (now) => {
        const outcome = await call('createBudgetGuard(now)', () => createBudgetGuard({ limits: LIMITS as never, now: now as () => number }));
        if (outcome.threw) return;
        const guard = outcome.result as BudgetGuard;
        await call('reserve (clock)', () => guard.reserve({ usd: '0.5', scope: 'acme' }));
        await call('record (clock)', () => guard.record({ usd: '0.5', scope: 'acme' }));
        await call('status (clock)', () => guard.status('acme'));
        await call('run (clock)', () => guard.run({ usd: '0.5', scope: 'acme' }, () => ({})));
      });
    });

    it('reserve: token and amount requests, scopes, tiers, ttls', { timeout: 120_000 }, async () => {
      const { guard } = await guardOf();
      const requests = fc.constantFrom<unknown>(
        { model: 'gpt-5.4-mini', inputTokens: 2000, maxOutputTokens: 1000, tier: 'batch', audioInput: false, scope: { tenant: 'acme' }, ttlMs: 60_000 },
        { model: 'claude-sonnet-4-5', inputTokens: 1000, maxOutputTokens: 500, scope: 'acme' },
        { usd: '0.01', scope: { tenant: 'acme', feature: 'chat' }, ttlMs: 1000 },
      );
      await property('reserve', requests.chain(mutated), async (request) => {
        const outcome = await atomicReserve(guard, request);
        if (!outcome.threw) {
          const result = outcome.result as { ok: boolean; reservation?: Reservation };
          expect(typeof result.ok).toBe('boolean');
          if (result.ok && result.reservation !== undefined) await call('release', () => guard.release(result.reservation as Reservation));
        }
      });
    });

    it('commit: tampered reservations, hostile usages and amounts, options and keys change nothing when refused', { timeout: 120_000 }, async () => {
      const { guard, reservation, tokenReservation } = await withReservation();
      const actuals = fc.oneof(usages, mutated({ usd: '0.5' }), fc.constant({ usd: '0.5' }));
      const options = hostileOptions({ idempotencyKey: 'retry-1' });
      await property('commit', fc.tuple(fc.oneof(tampered(reservation), tampered(tokenReservation)), actuals, options), async ([held, actual, opts]) => {
        await atomic(guard, 'commit', () => guard.commit(held as Reservation, actual as never, opts as never));
      });
    });

    it('release: tampered reservations change nothing when refused', { timeout: 120_000 }, async () => {
      const { guard, reservation, tokenReservation } = await withReservation();
      await property('release', fc.oneof(tampered(reservation), tampered(tokenReservation)), async (held) => {
        const outcome = await atomic(guard, 'release', () => guard.release(held as Reservation));
        if (!outcome.threw) expect(typeof outcome.result).toBe('boolean');
      });
    });

    it('record: hostile usages, amounts, models, tiers, scopes and keys change nothing when refused', { timeout: 120_000 }, async () => {
      const { guard } = await withReservation();
      const requests = fc.constantFrom<unknown>(
        { model: 'gpt-5.4-mini', usage: { inputTokens: 2000, outputTokens: 300, reasoningTokens: 20 }, tier: 'standard', scope: 'acme', idempotencyKey: 'invoice-1' },
        { usd: '0.001', scope: { tenant: 'acme' }, idempotencyKey: 'invoice-2' },
      );
      await property('record', requests.chain(mutated), async (request) => {
        await atomic(guard, 'record', () => guard.record(request as never));
      });
    });

    it('status: scopes of every shape', { timeout: 120_000 }, async () => {
      const { guard } = await withReservation();
      await property('status', fc.oneof(mutated({ tenant: 'acme', feature: 'chat' }), mutated('acme'), fc.constant(undefined)), async (scope) => {
        const outcome = await call('status', () => guard.status(scope as never));
        if (!outcome.threw) checkStatusIdentity(outcome.result as LimitStatus[]);
      });
    });

    it('run: hostile requests, calls, responses, usage readers and options', { timeout: 120_000 }, async () => {
      const { guard } = await withReservation();
      const responses = fc.oneof(hostile, mutated({ usage: { prompt_tokens: 100, completion_tokens: 20 }, service_tier: 'default' }), mutated({ usage: { input_tokens: 100, output_tokens: 20, service_tier: 'batch' } }));
      const calls = fc.tuple(fc.constantFrom('value', 'promise', 'throw', 'reject', 'hostile'), responses).map(([kind, response]) => {
        switch (kind) {
          case 'value':
            return () => response;
          case 'promise':
            return () => Promise.resolve(response);
          case 'throw':
            return () => { throw new FuzzError('call'); };
          case 'reject':
            return () => Promise.reject(new FuzzError('call'));
          default:
            return response;
        }
      });
      const readers = fc.oneof(fc.constant(undefined), hostile, usages.map((usage) => () => usage), mutated({ usd: '0.002' }).map((spend) => () => spend), fc.constant(() => { throw new FuzzError('reader'); }));
      const options = fc.tuple(hostileOptions({ idempotencyKey: 'run-1', tier: 'standard' }), readers).map(([opts, usage]) => withUsage(opts, usage));
      const requests = fc.constantFrom<unknown>({ model: 'gpt-5.4-mini', inputTokens: 200, maxOutputTokens: 100, scope: 'acme' }, { usd: '0.001', scope: 'acme' }).chain(mutated);
      await property('run', fc.tuple(requests, calls, options), async ([request, make, opts]) => {
        const before = await guard.status('acme');
        const outcome = await call('run', () => guard.run(request as never, make as never, opts as never));
        const after = await guard.status('acme');
        checkStatusIdentity(after);
        // A run that threw before or after its call never leaves its reservation held.
        expect(after.map((status) => status.reserved)).toEqual(before.map((status) => status.reserved));
        if (!outcome.threw && (outcome.result as { ok: boolean }).ok) expect((outcome.result as { commit: unknown }).commit).not.toBeNull();
      });
    });

    it('trackStream and runStream: streams that are not iterables, or that throw, and hostile options', { timeout: 120_000 }, async () => {
      const { guard, reservation, tokenReservation } = await withReservation();
      const options = fc.tuple(hostileOptions({ idempotencyKey: 'stream-1', tier: 'standard' }), fc.oneof(fc.constant(undefined), hostile, usages.map((usage) => () => usage))).map(([opts, usage]) => withUsage(opts, usage));
      /** Reads a tracked stream to its end (or its error), then its commit must settle: a result or an LlmSpendError. */
      async function consume(label: string, tracked: { stream: AsyncIterable<unknown>; committed: Promise<unknown> }, breakEarly: boolean): Promise<void> {
        await call(`${label}.stream`, async () => {
          for await (const _chunk of tracked.stream) if (breakEarly) break;
        });
        await call(`${label}.committed`, () => tracked.committed);
      }
      await property('trackStream', fc.tuple(fc.oneof(fc.constant(reservation), fc.constant(tokenReservation), tampered(tokenReservation)), hostileStreams, options, fc.boolean()), async ([held, stream, opts, breakEarly]) => {
        const before = snapshot(await guard.status('acme'));
        const outcome = await call('trackStream', () => guard.trackStream(held as Reservation, stream as never, opts as never));
        if (outcome.threw) {
          expect(snapshot(await guard.status('acme')), 'a refused trackStream changed the status').toEqual(before);
          return;
        }
        await consume('trackStream', outcome.result as never, breakEarly);
        checkStatusIdentity(await guard.status('acme'));
      });
      const requests = fc.constantFrom<unknown>({ model: 'claude-sonnet-4-5', inputTokens: 100, maxOutputTokens: 50, scope: 'acme' }, { usd: '0.001', scope: 'acme' }).chain(mutated);
      const starters = fc.tuple(fc.constantFrom('value', 'promise', 'throw', 'hostile'), hostileStreams).map(([kind, stream]) =>
        kind === 'value' ? () => stream : kind === 'promise' ? () => Promise.resolve(stream) : kind === 'throw' ? () => { throw new FuzzError('start'); } : stream,
      );
      await property('runStream', fc.tuple(requests, starters, options, fc.boolean()), async ([request, start, opts, breakEarly]) => {
        const before = await guard.status('acme');
        const outcome = await call('runStream', () => guard.runStream(request as never, start as never, opts as never));
        if (!outcome.threw && (outcome.result as { ok: boolean }).ok) await consume('runStream', outcome.result as never, breakEarly);
        const after = await guard.status('acme');
        checkStatusIdentity(after);
        // Whatever happened, the stream's reservation is no longer held.
        expect(after.map((status) => status.reserved)).toEqual(before.map((status) => status.reserved));
      });
    });

    it('never overspends: a sequence of valid and hostile operations keeps spend and reservations exact', { timeout: 180_000 }, async () => {
      type Op =
        | { kind: 'reserve'; usd: string; tenant: string; ttlMs: number; key: string | null }
        | { kind: 'reserveTokens'; input: number; output: number; tenant: string; key: string | null }
        | { kind: 'commit'; pick: number; usd: string }
        | { kind: 'commitUsage'; pick: number; input: number; output: number }
        | { kind: 'release'; pick: number }
        | { kind: 'record'; usd: string; tenant: string; key: string | null }
        | { kind: 'advance'; ms: number }
        | { kind: 'hostile'; target: 'commit' | 'release' | 'record' | 'reserve'; pick: number; value: unknown; key: unknown };
      const amount = fc.oneof(fc.constantFrom('0', '0.000000000001', '0.1', '0.5', '1', '1.5', '2.75', '3', '4', '5', '6'), fc.integer({ min: 0, max: 4_000_000 }).map((micro) => (micro / 1e6).toFixed(6).replace(/\.?0+$/, '') || '0'));
      const tenant = fc.constantFrom('acme', 'globex');
      const key = fc.option(fc.constantFrom('k1', 'k2', 'k3'), { nil: null });
      const op: fc.Arbitrary<Op> = fc.oneof(
        { weight: 4, arbitrary: fc.record({ kind: fc.constant('reserve' as const), usd: amount, tenant, ttlMs: fc.constantFrom(1000, 60_000, 900_000), key }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('reserveTokens' as const), input: fc.integer({ min: 0, max: 400_000 }), output: fc.integer({ min: 0, max: 100_000 }), tenant, key }) },
        { weight: 3, arbitrary: fc.record({ kind: fc.constant('commit' as const), pick: fc.nat(), usd: amount }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('commitUsage' as const), pick: fc.nat(), input: fc.integer({ min: 0, max: 400_000 }), output: fc.integer({ min: 0, max: 200_000 }) }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }) },
        { weight: 2, arbitrary: fc.record({ kind: fc.constant('record' as const), usd: amount, tenant, key }) },
        { weight: 1, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 120_000 }) }) },
        { weight: 4, arbitrary: fc.record({ kind: fc.constant('hostile' as const), target: fc.constantFrom('commit' as const, 'release' as const, 'record' as const, 'reserve' as const), pick: fc.nat(), value: hostile, key: fc.oneof(fc.constant(undefined), hostile) }) },
      );
      await property(
        'sequence',
        fc.array(op, { minLength: 1, maxLength: 25 }),
        async (ops) => {
          const { guard, time } = await guardOf({ reservationTtlMs: 60_000 });
          /** The admitted reservations and their expiries; spent, and overshoot reported, per tenant. */
          // A reservation's commits carry its key, none, or another key: a reservation counts at
          // most once whatever keys its commits carry, and a key at most once across reservations.
          const held: Array<{ reservation: Reservation; expiresAt: number; tenant: string; done: boolean; key: string | null }> = [];
          const keys = new Set<string>();
          const spent = new Map<string, bigint>([['acme', 0n], ['globex', 0n]]);
          let reportedOvershoot = 0n;
          const count = (tenantName: string, result: { usd: string; reservedUsd: string; overshootUsd: string; duplicate: boolean }): void => {
            if (result.duplicate) return;
            spent.set(tenantName, (spent.get(tenantName) ?? 0n) + units(result.usd));
            // What the guard reports as spend no hold covered (above the reservation, or all of a
            // commit whose hold was already gone, or a record).
            reportedOvershoot += units(result.overshootUsd);
          };
          const statusOf = async (): Promise<LimitStatus[]> => [...(await guard.status('acme')), ...(await guard.status('globex')).filter((status) => status.scope !== null)];
          for (const step of ops) {
            const before = snapshot(await statusOf());
            const pickHeld = (pick: number) => held[pick % Math.max(held.length, 1)];
            let outcome: Outcome | undefined;
            switch (step.kind) {
              case 'reserve':
              case 'reserveTokens': {
                const request = step.kind === 'reserve' ? { usd: step.usd, scope: step.tenant, ttlMs: step.ttlMs } : { model: 'gpt-5.4-mini', inputTokens: step.input, maxOutputTokens: step.output, scope: { tenant: step.tenant } };
                outcome = await call('reserve', () => guard.reserve(request));
                if (!outcome.threw) {
                  const result = outcome.result as { ok: boolean; reservation: Reservation };
                  if (result.ok) held.push({ reservation: result.reservation, expiresAt: Date.parse(result.reservation.expiresAt), tenant: step.tenant, done: false, key: step.key });
                  // A refused reservation is never counted.
                  else expect(snapshot(await statusOf())).toEqual(before);
                }
                break;
              }
              case 'commit':
              case 'commitUsage': {
                const target = pickHeld(step.pick);
                if (target === undefined) break;
                const actual = step.kind === 'commit' ? { usd: step.usd } : { inputTokens: step.input, outputTokens: step.output };
                const key = step.pick % 3 === 0 ? null : step.pick % 3 === 1 ? target.key : `other-${step.pick % 5}`;
                const options = key !== null ? { idempotencyKey: key } : undefined;
                outcome = await call('commit', () => guard.commit(target.reservation, actual, options));
                if (!outcome.threw) {
                  const result = outcome.result as { usd: string; reservedUsd: string; overshootUsd: string; duplicate: boolean };
                  const commitKeys = [`r:${target.reservation.id}`, ...(key === null ? [] : [`k:${key}`])];
                  expect(result.duplicate).toBe(commitKeys.some((entry) => keys.has(entry)));
                  if (!result.duplicate) for (const entry of commitKeys) keys.add(entry);
                  count(target.tenant, result);
                  target.done = true;
                }
                break;
              }
              case 'release': {
                const target = pickHeld(step.pick);
                if (target === undefined) break;
                outcome = await call('release', () => guard.release(target.reservation));
                if (!outcome.threw) {
                  expect(outcome.result).toBe(!target.done && target.expiresAt > time.ms);
                  target.done = true;
                }
                break;
              }
              case 'record': {
                const request = step.key === null ? { usd: step.usd, scope: step.tenant } : { usd: step.usd, scope: step.tenant, idempotencyKey: step.key };
                outcome = await call('record', () => guard.record(request));
                if (!outcome.threw) {
                  const result = outcome.result as { usd: string; reservedUsd: string; overshootUsd: string; duplicate: boolean };
                  if (step.key !== null) {
                    expect(result.duplicate).toBe(keys.has(`k:${step.key}`));
                    keys.add(`k:${step.key}`);
                  }
                  count(step.tenant, result);
                }
                break;
              }
              case 'advance':
                time.ms += step.ms;
                break;
              case 'hostile': {
                const target = pickHeld(step.pick);
                const reservationValue = target === undefined ? step.value : { ...target.reservation, usd: step.value };
                const action =
                  step.target === 'commit'
                    ? () => guard.commit((step.pick % 2 === 0 ? reservationValue : target?.reservation) as never, (step.pick % 2 === 0 ? { usd: '0.1' } : step.value) as never, step.key === undefined ? undefined : ({ idempotencyKey: step.key } as never))
                    : step.target === 'release'
                      ? () => guard.release(reservationValue as never)
                      : step.target === 'record'
                        ? () => guard.record({ usd: step.value, scope: 'acme', ...(step.key === undefined ? {} : { idempotencyKey: step.key }) } as never)
                        : () => guard.reserve({ usd: step.value, scope: step.pick % 2 === 0 ? 'acme' : step.key } as never);
                outcome = await call(`hostile ${step.target}`, action);
                // A hostile operation that succeeded is not modelled: stop checking exactly from here.
                if (!outcome.threw) {
                  const after = await statusOf();
                  checkStatusIdentity(after);
                  if (step.target === 'reserve') {
                    const result = outcome.result as { ok: boolean; reservation: Reservation };
                    if (result.ok) held.push({ reservation: result.reservation, expiresAt: Date.parse(result.reservation.expiresAt), tenant: 'acme', done: false, key: null });
                    else expect(snapshot(after)).toEqual(before);
                    break;
                  }
                  return;
                }
                break;
              }
            }
            const after = await statusOf();
            checkStatusIdentity(after);
            if (outcome?.threw === true) expect(snapshot(after), `${step.kind} threw yet changed the status`).toEqual(before);
            // Exact accounting: the model's spend, and the reservations still held and unexpired.
            const heldBy = (tenantName: string | null): bigint =>
              held.filter((entry) => !entry.done && entry.expiresAt > time.ms && (tenantName === null || entry.tenant === tenantName)).reduce((sum, entry) => sum + units(entry.reservation.usd), 0n);
            const totalSpent = (spent.get('acme') ?? 0n) + (spent.get('globex') ?? 0n);
            for (const status of after) {
              const tenantName = status.scope;
              const expectedSpent = tenantName === null ? totalSpent : (spent.get(tenantName) ?? 0n);
              if (status.limit.window !== 'rolling') expect(units(status.spent), `${status.limit.name} spent`).toBe(expectedSpent);
              else expect(units(status.spent) <= expectedSpent).toBe(true);
              expect(units(status.reserved), `${status.limit.name} reserved`).toBe(heldBy(tenantName));
              // Never overspends: above the limit only by the overshoot commits and records reported.
              expect(units(status.spent) + units(status.reserved) <= units(status.limit.usd) + reportedOvershoot, `${status.limit.name} overspent`).toBe(true);
            }
          }
        },
        Math.max(10, Math.round(RUNS / 2)),
      );
    });
  });

  /** reserve under the hang guard; a refusal or a throw changes nothing. */
  async function atomicReserve(guard: BudgetGuard, request: unknown): Promise<Outcome> {
    const before = snapshot(await guard.status('acme'));
    const outcome = await call('reserve', () => guard.reserve(request as never));
    const after = await guard.status('acme');
    checkStatusIdentity(after);
    if (outcome.threw || (outcome.result as { ok: boolean }).ok === false) expect(snapshot(after)).toEqual(before);
    return outcome;
  }
}

// ------------------------------------------------------------------ global state

let protoKeys: string[] = [];
let arrayProtoKeys: string[] = [];
beforeAll(() => {
  protoKeys = Object.getOwnPropertyNames(Object.prototype).sort();
  arrayProtoKeys = Object.getOwnPropertyNames(Array.prototype).sort();
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeys);
  expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(arrayProtoKeys);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
});

guardSuite('memoryStore', () => memoryStore());

if (!redisAvailable) {
  if (inCI) {
    it('redis-server is installed (required in CI for the guard fuzz suite)', () => {
      throw new Error(redisMissingMessage());
    });
  } else {
    console.warn(redisMissingMessage());
    it.skip('guard fuzz suite on redisStore (redis-server missing)', () => undefined);
  }
} else {
  let server: RedisServer | undefined;
  let client: Redis | undefined;
  let prefixes = 0;
  beforeAll(async () => {
    server = await RedisServer.start('none');
    client = await server.readyClient();
  }, 20_000);
  afterAll(async () => {
    await server?.stop();
  });
  guardSuite('redisStore', () => redisStore(client as Redis, { prefix: `fuzz:guard:${process.pid}:${(prefixes += 1)}` }));
}

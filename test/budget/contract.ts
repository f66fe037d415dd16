// The behaviour every budget store must have, run against the memory store
// (memory.test.ts) and a real Redis (redis.test.ts). Each case uses a fake clock, so windows,
// expiry and boundaries are exact and the suite is deterministic.
//
// Cases named after a gateway bug are regression tests for the failures listed in
// shared/reference/domain-notes.md §6 (LiteLLM proxy issues).
import { describe, expect, it } from 'vitest';
import { createBudgetGuard, type BudgetGuardOptions, type BudgetStore, type ThresholdEvent } from '../../src/budget/index.js';
import { isLlmSpendError } from '../../src/errors.js';

export type StoreFactory = () => BudgetStore | Promise<BudgetStore>;

/** A settable clock. */
export function clock(start: string): { now: () => number; set: (iso: string) => void; advance: (ms: number) => void; readonly ms: number } {
  let current = Date.parse(start);
  return {
    now: () => current,
    set: (iso: string) => {
      current = Date.parse(iso);
    },
    advance: (ms: number) => {
      current += ms;
    },
    get ms() {
      return current;
    },
  };
}

export function storeContract(label: string, make: StoreFactory): void {
  async function guardWith(options: Omit<BudgetGuardOptions, 'store'>, store?: BudgetStore) {
    return createBudgetGuard({ ...options, store: store ?? (await make()) });
  }

  describe(`${label}: budget store contract`, () => {
    it('accounts reserve, commit and release exactly', async () => {
      const time = clock('2026-06-10T12:00:00Z');
      const guard = await guardWith({ limits: [{ usd: '1', window: 'day' }], now: time.now });
      const first = await guard.reserve({ usd: '0.3' });
      const second = await guard.reserve({ usd: '0.3' });
      if (!first.ok || !second.ok) throw new Error('expected both to be admitted');
      let [status] = await guard.status();
      expect(status).toMatchObject({ spent: '0', reserved: '0.6', remaining: '0.4', overshoot: '0', windowStart: '2026-06-10T00:00:00.000Z', resetsAt: '2026-06-11T00:00:00.000Z' });
      const commit = await guard.commit(first.reservation, { usd: '0.123456789012' });
      expect(commit).toMatchObject({ usd: '0.123456789012', reservedUsd: '0.3', overshootUsd: '0', duplicate: false, basis: 'usd', released: true });
      expect(await guard.release(second.reservation)).toBe(true);
      expect(await guard.release(second.reservation)).toBe(false);
      [status] = await guard.status();
      expect(status).toMatchObject({ spent: '0.123456789012', reserved: '0', remaining: '0.876543210988' });
    });

    it('refuses a reservation that would cross a limit, as a value, and never admits one that crosses', async () => {
      const time = clock('2026-06-10T12:00:00Z');
      const guard = await guardWith({ limits: [{ usd: '1', window: 'day', timeZone: 'America/New_York' }], now: time.now });
      expect((await guard.reserve({ usd: '0.6' })).ok).toBe(true);
      const refused = await guard.reserve({ usd: '0.5' });
      expect(refused).toMatchObject({
        ok: false,
        reason: 'limit-reached',
        requested: '0.5',
        spent: '0',
        reserved: '0.6',
        remaining: '0.4',
        resetsAt: '2026-06-11T04:00:00.000Z',
        scope: null,
        limit: { name: 'day@America/New_York', usd: '1', window: 'day', timeZone: 'America/New_York', rollingMs: null, scope: null },
      });
      expect(refused.ok === false && refused.message).toMatch(/would cross the day \(America\/New_York\) limit of 1 USD/);
      expect((await guard.reserve({ usd: '0.4' })).ok).toBe(true);
      const full = await guard.reserve({ usd: '0.000000000001' });
      expect(full).toMatchObject({ ok: false, remaining: '0', reserved: '1' });
      expect(await guard.reserve({ usd: '2' })).toMatchObject({ ok: false, reason: 'exceeds-limit' });
      expect((await guard.reserve({ usd: '0' })).ok).toBe(true);
    });

    it('commits are idempotent under retries (concurrent and sequential, by reservation and by key)', async () => {
      const time = clock('2026-06-10T12:00:00Z');
      const guard = await guardWith({ limits: [{ usd: '10', window: 'day' }], now: time.now });
      const reserved = await guard.reserve({ usd: '1' });
      if (!reserved.ok) throw new Error('refused');
      const results = await Promise.all(Array.from({ length: 20 }, () => guard.commit(reserved.reservation, { usd: '0.7' })));
      expect(results.filter((result) => !result.duplicate)).toHaveLength(1);
      expect(results.every((result) => result.usd === '0.7')).toBe(true);
      // A retry with another amount is still the same commit.
      expect(await guard.commit(reserved.reservation, { usd: '0.9' })).toMatchObject({ duplicate: true, usd: '0.7' });
      for (let retry = 0; retry < 5; retry += 1) await guard.record({ usd: '0.25', idempotencyKey: 'invoice-17' });
      const [status] = await guard.status();
      expect(status).toMatchObject({ spent: '0.95', reserved: '0' });
    });

    it('a cost above the reservation counts in full and is reported; remaining floors at "0"', async () => {
      const time = clock('2026-06-10T12:00:00Z');
      const guard = await guardWith({ limits: [{ usd: '1', window: 'day' }], now: time.now });
      const reserved = await guard.reserve({ usd: '0.9' });
      if (!reserved.ok) throw new Error('refused');
      const commit = await guard.commit(reserved.reservation, { usd: '1.5' });
      expect(commit).toMatchObject({ usd: '1.5', reservedUsd: '0.9', overshootUsd: '0.6' });
      expect(commit.limits[0]).toMatchObject({ spent: '1.5', reserved: '0', remaining: '0', overshoot: '0.5' });
      expect(await guard.reserve({ usd: '0' })).toMatchObject({ ok: false, remaining: '0' });
    });

    it('leaked reservations come back when they expire (LiteLLM #27639: blocked at $0.30 after $0.001 of spend)', async () => {
      const time = clock('2026-06-10T12:00:00Z');
      const guard = await guardWith({ limits: [{ usd: '0.3', window: 'day' }], reservationTtlMs: 60_000, now: time.now });
      expect((await guard.record({ usd: '0.001' })).usd).toBe('0.001');
      const leaked = await guard.reserve({ usd: '0.299' }); // the caller crashes: never committed nor released
      expect(leaked.ok).toBe(true);
      expect((await guard.reserve({ usd: '0.01' })).ok).toBe(false);
      time.advance(59_999);
      expect((await guard.reserve({ usd: '0.01' })).ok).toBe(false);
      time.advance(1);
      const [status] = await guard.status();
      expect(status).toMatchObject({ spent: '0.001', reserved: '0', remaining: '0.299' });
      expect((await guard.reserve({ usd: '0.299' })).ok).toBe(true);
    });

    it('a commit after the reservation expired still counts', async () => {
      const time = clock('2026-06-10T12:00:00Z');
      const guard = await guardWith({ limits: [{ usd: '1', window: 'day' }], now: time.now });
      const reserved = await guard.reserve({ usd: '0.5', ttlMs: 1000 });
      if (!reserved.ok) throw new Error('refused');
      time.advance(2000);
      const commit = await guard.commit(reserved.reservation, { usd: '0.4' });
      expect(commit).toMatchObject({ usd: '0.4', released: false, duplicate: false });
      expect(commit.limits[0]).toMatchObject({ spent: '0.4', reserved: '0' });
    });

    it('"monthly" is the calendar month, not 30 days (LiteLLM #9098), in a non-UTC zone at a month end', async () => {
      const time = clock('2026-01-31T17:00:00Z');
      const guard = await guardWith({ limits: [{ usd: '1', window: 'month', timeZone: 'America/New_York' }], now: time.now });
      await guard.record({ usd: '0.9' });
      time.set('2026-02-01T04:59:59.999Z'); // 23:59:59.999 on Jan 31 in New York
      expect(await guard.reserve({ usd: '0.2' })).toMatchObject({ ok: false, resetsAt: '2026-02-01T05:00:00.000Z' });
      time.set('2026-02-01T05:00:00.000Z'); // midnight, Feb 1
      const [status] = await guard.status();
      expect(status).toMatchObject({ spent: '0', windowStart: '2026-02-01T05:00:00.000Z', resetsAt: '2026-03-01T05:00:00.000Z' });
      expect((await guard.reserve({ usd: '0.2' })).ok).toBe(true);
      // February is 28 days: the window ends on March 1, not 30 days after February 1.
      await guard.record({ usd: '0.8' });
      time.set('2026-03-01T04:59:59.999Z');
      expect((await guard.status())[0]).toMatchObject({ spent: '0.8', reserved: '0' }); // the reservation expired long ago
      time.set('2026-03-01T05:00:00.000Z');
      expect((await guard.status())[0]).toMatchObject({ spent: '0', reserved: '0', resetsAt: '2026-04-01T04:00:00.000Z' });
    });

    it('day windows reset at local midnight across the DST change (America/New_York 2026-03-08: a 23-hour day; LiteLLM #7129, #34733)', async () => {
      const time = clock('2026-03-07T20:00:00Z');
      const guard = await guardWith({ limits: [{ usd: '1', window: 'day', timeZone: 'America/New_York' }], now: time.now });
      await guard.record({ usd: '0.7' });
      time.set('2026-03-08T04:59:59.999Z');
      expect((await guard.status())[0]).toMatchObject({ spent: '0.7', resetsAt: '2026-03-08T05:00:00.000Z' });
      time.set('2026-03-08T05:00:00.000Z');
      expect((await guard.status())[0]).toMatchObject({ spent: '0', windowStart: '2026-03-08T05:00:00.000Z', resetsAt: '2026-03-09T04:00:00.000Z' });
      await guard.record({ usd: '0.6' });
      time.set('2026-03-09T03:59:59.999Z'); // 23:59:59.999 EDT, 22 h 59 min later
      expect((await guard.status())[0]).toMatchObject({ spent: '0.6' });
      time.set('2026-03-09T04:00:00.000Z');
      expect((await guard.status())[0]).toMatchObject({ spent: '0', windowStart: '2026-03-09T04:00:00.000Z' });
    });

    it('day windows last 25 hours when DST ends (America/New_York 2026-11-01)', async () => {
      const time = clock('2026-11-01T04:00:00.000Z');
      const guard = await guardWith({ limits: [{ usd: '1', window: 'day', timeZone: 'America/New_York' }], now: time.now });
      await guard.record({ usd: '0.7' });
      expect((await guard.status())[0]).toMatchObject({ windowStart: '2026-11-01T04:00:00.000Z', resetsAt: '2026-11-02T05:00:00.000Z' });
      time.set('2026-11-02T04:59:59.999Z'); // still Nov 1, 24 h 59 min later
      expect((await guard.reserve({ usd: '0.31' })).ok).toBe(false);
      time.set('2026-11-02T05:00:00.000Z');
      expect((await guard.reserve({ usd: '0.31' })).ok).toBe(true);
    });

    it('replicas sharing a store share one budget (LiteLLM PR #30661: per-pod counters ran keys hundreds of dollars over)', async () => {
      const time = clock('2026-06-10T12:00:00Z');
      const store = await make();
      const pods = [0, 1, 2].map(() => createBudgetGuard({ limits: [{ usd: '1', window: 'day' }], store, now: time.now }));
      let admitted = 0;
      for (let round = 0; round < 10; round += 1) {
        for (const pod of pods) if ((await pod.reserve({ usd: '0.1' })).ok) admitted += 1;
      }
      expect(admitted).toBe(10);
      for (const pod of pods) expect((await pod.status())[0]).toMatchObject({ reserved: '1', remaining: '0' });
    });

    it('a new guard on the same store (a restart, a new pod) does not multiply spend (LiteLLM #28247: re-seeding multiplied spend by N)', async () => {
      const time = clock('2026-06-10T12:00:00Z');
      const store = await make();
      const limits = [{ usd: '10', window: 'day' as const }];
      const first = createBudgetGuard({ limits, store, now: time.now });
      await first.record({ usd: '0.4' });
      const restarted = [0, 1, 2].map(() => createBudgetGuard({ limits, store, now: time.now }));
      for (const guard of restarted) expect((await guard.status())[0]).toMatchObject({ spent: '0.4' });
      await restarted[1]?.record({ usd: '0.1' });
      for (const guard of [first, ...restarted]) expect((await guard.status())[0]).toMatchObject({ spent: '0.5' });
    });

    it('thresholds fire once per window and limit, across replicas, and again in the next window', async () => {
      const time = clock('2026-06-10T12:00:00Z');
      const store = await make();
      const events: ThresholdEvent[] = [];
      const limits = [{ usd: '1', window: 'day' as const }, { usd: '2', window: 'month' as const }];
      const replicas = [0, 1].map(() => createBudgetGuard({ limits, store, now: time.now, onThreshold: (event) => void events.push(event) }));
      for (let step = 0; step < 12; step += 1) await replicas[step % 2]?.record({ usd: '0.1' }); // 1.2: over the day limit (records are not refused)
      const fired = events.map((event) => `${event.limit.name} ${event.threshold} ${event.spent}`);
      expect(fired).toEqual(['day@UTC 0.5 0.5', 'day@UTC 0.8 0.8', 'day@UTC 1 1', 'month@UTC 0.5 1']);
      expect(events[0]).toMatchObject({ windowStart: '2026-06-10T00:00:00.000Z', resetsAt: '2026-06-11T00:00:00.000Z', scope: null });
      events.length = 0;
      time.set('2026-06-11T00:00:00Z');
      for (let step = 0; step < 6; step += 1) await replicas[step % 2]?.record({ usd: '0.1' });
      // The month goes on (1.2 + 0.4 reaches its 0.8); the new day reaches 0.5 on its own.
      expect(events.map((event) => `${event.limit.name} ${event.threshold}`)).toEqual(['month@UTC 0.8', 'day@UTC 0.5']);
    });

    it('scoped limits apply separately to each scope value, beside the unscoped ones', async () => {
      const time = clock('2026-06-10T12:00:00Z');
      const guard = await guardWith({ limits: [{ usd: '1', window: 'day', scope: 'tenant' }, { usd: '1.5', window: 'day' }], now: time.now });
      expect((await guard.reserve({ usd: '0.9', scope: { tenant: 'acme' } })).ok).toBe(true);
      expect(await guard.reserve({ usd: '0.2', scope: { tenant: 'acme' } })).toMatchObject({ ok: false, scope: 'acme', limit: { name: 'day@UTC#tenant', scope: 'tenant' } });
      expect(await guard.reserve({ usd: '0.9', scope: { tenant: 'globex' } })).toMatchObject({ ok: false, scope: null, limit: { name: 'day@UTC' } });
      expect((await guard.reserve({ usd: '0.6', scope: 'globex' })).ok).toBe(true);
      const statuses = await guard.status({ tenant: 'globex' });
      expect(statuses.map((status) => [status.limit.name, status.scope, status.reserved])).toEqual([
        ['day@UTC#tenant', 'globex', '0.6'],
        ['day@UTC', null, '1.5'],
      ]);
      expect((await guard.status()).map((status) => status.limit.name)).toEqual(['day@UTC']);
    });

    it('rolling windows count spend for rollingMs (and at most one bucket, rollingMs/60, longer)', async () => {
      const time = clock('2026-06-10T12:00:00.000Z');
      const guard = await guardWith({ limits: [{ usd: '1', rollingMs: 60_000 }], now: time.now });
      await guard.record({ usd: '0.9' });
      time.advance(30_000);
      await guard.record({ usd: '0.05' });
      expect(await guard.reserve({ usd: '0.1' })).toMatchObject({ ok: false, spent: '0.95', resetsAt: '2026-06-10T12:01:01.000Z' });
      time.set('2026-06-10T12:01:00.999Z');
      expect((await guard.status())[0]).toMatchObject({ spent: '0.95' });
      time.set('2026-06-10T12:01:01.000Z');
      expect((await guard.status())[0]).toMatchObject({ spent: '0.05', resetsAt: '2026-06-10T12:01:31.000Z', windowStart: '2026-06-10T12:00:01.000Z' });
      time.advance(10 * 60_000); // long idle: everything has left the window
      expect((await guard.status())[0]).toMatchObject({ spent: '0', resetsAt: null });
      await guard.record({ usd: '0.3' });
      expect((await guard.status())[0]).toMatchObject({ spent: '0.3' });
    });

    it('rolling-window thresholds fire again once spend has fallen back below them', async () => {
      const time = clock('2026-06-10T12:00:00.000Z');
      const events: ThresholdEvent[] = [];
      const guard = await guardWith({ limits: [{ usd: '1', rollingMs: 60_000 }], thresholds: [0.5], onThreshold: (event) => void events.push(event), now: time.now });
      await guard.record({ usd: '0.6' });
      await guard.record({ usd: '0.1' });
      expect(events.map((event) => event.spent)).toEqual(['0.6']);
      time.advance(61_000);
      await guard.record({ usd: '0.2' }); // the 0.7 has left the window: below 0.5 again
      await guard.record({ usd: '0.4' });
      expect(events.map((event) => event.spent)).toEqual(['0.6', '0.6']);
      expect(events[1]).toMatchObject({ threshold: 0.5, limit: { window: 'rolling' }, windowStart: '2026-06-10T12:00:01.000Z' });
    });

    it('is exact to the pico-dollar over many odd amounts', async () => {
      const time = clock('2026-06-10T12:00:00Z');
      const guard = await guardWith({ limits: [{ usd: '1000000', window: 'year' }], now: time.now });
      let expected = 0n;
      let seed = 12345;
      for (let index = 0; index < 200; index += 1) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        const pico = BigInt(seed) * 7919n + 1n;
        expected += pico;
        const text = pico.toString().padStart(13, '0');
        await guard.record({ usd: `${text.slice(0, -12)}.${text.slice(-12)}` });
      }
      const whole = expected / 10n ** 12n;
      const fraction = (expected % 10n ** 12n).toString().padStart(12, '0').replace(/0+$/, '');
      expect((await guard.status())[0]?.spent).toBe(fraction === '' ? String(whole) : `${whole}.${fraction}`);
    });

    it('holds amounts up to 10^15 USD exactly and refuses larger ones', async () => {
      const time = clock('2026-06-10T12:00:00Z');
      const guard = await guardWith({ limits: [{ usd: '999999999999999.999999999999', window: 'day' }], now: time.now });
      await guard.record({ usd: '999999999999999.999999999998' });
      expect((await guard.reserve({ usd: '0.000000000001' })).ok).toBe(true);
      expect((await guard.status())[0]).toMatchObject({ spent: '999999999999999.999999999998', reserved: '0.000000000001', remaining: '0' });
      await expect(guard.record({ usd: '1000000000000000' })).rejects.toSatisfy((error: unknown) => isLlmSpendError(error, 'INVALID_MONEY'));
    });

    it('a refused commit, release or record (bad reservation, amount, key or options) counts nothing', async () => {
      const time = clock('2026-06-10T12:00:00Z');
      const guard = await guardWith({ limits: [{ usd: '10', window: 'day' }], now: time.now });
      const result = await guard.reserve({ usd: '1' });
      if (!result.ok) throw new Error('refused');
      const reservation = result.reservation;
      const refused = async (operation: () => Promise<unknown>): Promise<string> => {
        try {
          await operation();
          return 'accepted';
        } catch (error) {
          return isLlmSpendError(error) ? error.code : `untyped: ${String(error)}`;
        }
      };
      expect(await refused(() => guard.commit({ ...reservation, usd: 'abc' }, { usd: '0.5' }))).toBe('INVALID_USAGE');
      expect(await refused(() => guard.commit({ ...reservation, usd: 'Infinity' }, { usd: '0.5' }))).toBe('INVALID_USAGE');
      expect(await refused(() => guard.commit(reservation, { usd: 'abc' }))).toBe('INVALID_MONEY');
      expect(await refused(() => guard.commit(reservation, { usd: '0.5' }, { idempotencyKey: 7n as never }))).toBe('INVALID_USAGE');
      expect(await refused(() => guard.commit(reservation, { usd: '0.5' }, null as never))).toBe('INVALID_USAGE');
      expect(await refused(() => guard.commit(reservation, { inputTokens: -1, outputTokens: 0 } as never))).toBe('INVALID_USAGE');
      expect(await refused(() => guard.release({ ...reservation, holds: 'x' } as never))).toBe('INVALID_USAGE');
      expect(await refused(() => guard.record({ usd: '-1' }))).toBe('INVALID_MONEY');
      expect((await guard.status())[0]).toMatchObject({ spent: '0', reserved: '1' });
      // The reservation itself is intact: a good commit still counts once.
      expect((await guard.commit(reservation, { usd: '0.5' })).usd).toBe('0.5');
      expect((await guard.status())[0]).toMatchObject({ spent: '0.5', reserved: '0' });
    });

    it('a reservation counts once whatever idempotency keys its commits carry (no overspend without overshoot)', async () => {
      const time = clock('2026-06-10T12:00:00Z');
      const guard = await guardWith({ limits: [{ usd: '3', window: 'day' }], now: time.now });
      const result = await guard.reserve({ usd: '1.000001' });
      if (!result.ok) throw new Error('refused');
      const first = await guard.commit(result.reservation, { usd: '1.5' });
      expect(first).toMatchObject({ usd: '1.5', duplicate: false, overshootUsd: '0.499999' });
      // The same reservation again, under other keys (a retry that invented a key): counts nothing.
      expect(await guard.commit(result.reservation, { usd: '2.75' }, { idempotencyKey: 'k1' })).toMatchObject({ usd: '1.5', duplicate: true });
      expect(await guard.commit(result.reservation, { usd: '0.999999' }, { idempotencyKey: 'k2' })).toMatchObject({ usd: '1.5', duplicate: true });
      expect((await guard.status())[0]).toMatchObject({ spent: '1.5', reserved: '0', remaining: '1.5', overshoot: '0' });
      // And the other way round: a keyed commit first, then the reservation without a key.
      const second = await guard.reserve({ usd: '0.5' });
      if (!second.ok) throw new Error('refused');
      expect(await guard.commit(second.reservation, { usd: '0.4' }, { idempotencyKey: 'k3' })).toMatchObject({ usd: '0.4', duplicate: false });
      expect(await guard.commit(second.reservation, { usd: '0.45' })).toMatchObject({ usd: '0.4', duplicate: true });
      // A key still dedupes across reservations, as documented.
      const third = await guard.reserve({ usd: '0.1' });
      if (!third.ok) throw new Error('refused');
      expect(await guard.commit(third.reservation, { usd: '0.1' }, { idempotencyKey: 'k3' })).toMatchObject({ usd: '0.4', duplicate: true });
      expect((await guard.status())[0]).toMatchObject({ spent: '1.9', reserved: '0' });
    });

    it('reserving the same id twice holds it once; releasing and committing are idempotent at the store', async () => {
      const store = await make();
      const now = Date.parse('2026-06-10T12:00:00Z');
      const counters = [{ key: 'contract:x:2026-06-10', limit: 10n ** 12n, ttlMs: 86_400_000, rollingMs: 0, bucketMs: 0, thresholds: [] }];
      const request = { now, id: 'r1', units: 400_000_000_000n, expiresAt: now + 60_000, counters };
      expect(await store.reserve(request)).toEqual({ ok: true });
      expect(await store.reserve(request)).toEqual({ ok: true });
      expect((await store.status({ now, counters }))[0]).toEqual({ spent: 0n, reserved: 400_000_000_000n, oldestBucket: null });
      const commit = { now, id: 'r1', holds: ['contract:x:2026-06-10'], units: 300_000_000_000n, idempotencyKey: 'k1', idempotencyTtlMs: 60_000, counters };
      expect(await store.commit(commit)).toMatchObject({ duplicate: false, released: true, units: 300_000_000_000n });
      expect(await store.commit(commit)).toMatchObject({ duplicate: true, released: false, units: 300_000_000_000n });
      expect(await store.release({ now, id: 'r1', holds: ['contract:x:2026-06-10'] })).toBe(false);
      expect((await store.status({ now, counters }))[0]).toEqual({ spent: 300_000_000_000n, reserved: 0n, oldestBucket: null });
    });
  });
}

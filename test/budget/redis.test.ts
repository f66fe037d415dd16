// The Redis budget store against REAL redis-server processes (started by these tests on free
// loopback ports, in temporary directories, with AOF persistence and appendfsync always).
// Without /usr/bin/redis-server the tests are skipped with a loud message, except in CI
// (CI=true), where that is a failure.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { createBudgetGuard, type BudgetStore } from '../../src/budget/index.js';
import { isLlmSpendError } from '../../src/errors.js';
import { redisStore } from '../../src/redis/index.js';
import { storeContract, clock } from './contract.js';
import { inCI, redisAvailable, redisMissingMessage, RedisServer } from './redis-server.js';
import type { WorkerJob, WorkerReport } from './fixtures/redis-worker.js';

const WORKER = fileURLToPath(new URL('./fixtures/redis-worker.ts', import.meta.url));

if (!redisAvailable) {
  if (inCI) {
    it('redis-server is installed (required in CI)', () => {
      throw new Error(redisMissingMessage());
    });
  } else {
    console.warn(redisMissingMessage());
    it.skip('Redis budget-store tests (redis-server missing)', () => undefined);
  }
} else {
  let shared: RedisServer;
  let client: Redis;
  let prefixes = 0;
  const nextPrefix = (name: string): string => `test:${name}:${process.pid}:${(prefixes += 1)}`;

  beforeAll(async () => {
    shared = await RedisServer.start();
    client = await shared.readyClient();
  }, 20_000);

  afterAll(async () => {
    await shared?.stop();
  });

  storeContract('redisStore', () => redisStore(client, { prefix: nextPrefix('contract') }));

  describe('redisStore on a real Redis', () => {
    it('several processes reserving concurrently against one limit never overspend and account every cent', { timeout: 60_000 }, async () => {
      const prefix = nextPrefix('processes');
      const now = Date.parse('2026-06-10T16:00:00Z');
      const limitUsd = '2';
      const workers = 4;
      const children = Array.from({ length: workers }, () => fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
      const exits = children.map((child) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code))));
      const ready = children.map((child) => new Promise<void>((resolve) => child.once('message', () => resolve())));
      const reports = children.map(
        (child, index) =>
          new Promise<WorkerReport>((resolve, reject) => {
            child.once('exit', (code) => reject(new Error(`worker ${index} exited with ${code} before reporting`)));
            ready[index]?.then(() => child.once('message', (report) => resolve(report as WorkerReport)));
          }),
      );
      children.forEach((child, index) => {
        const job: WorkerJob = { port: shared.port, prefix, attempts: 250, seed: 1000 + index, now, limitUsd };
        child.send(job);
      });
      await Promise.all(ready);
      for (const child of children) child.send('go');
      const results = await Promise.all(reports);
      expect(await Promise.all(exits)).toEqual(children.map(() => 0));

      const committed = results.reduce((sum, report) => sum + BigInt(report.committed), 0n);
      const guard = createBudgetGuard({ limits: [{ usd: limitUsd, window: 'day', timeZone: 'America/New_York' }], store: redisStore(client, { prefix }), now: () => now });
      const [status] = await guard.status();
      const whole = committed / 10n ** 12n;
      const fraction = (committed % 10n ** 12n).toString().padStart(12, '0').replace(/0+$/, '');
      // Every cent: the store's spend is exactly what the workers committed, nothing is left reserved.
      expect(status?.spent).toBe(fraction === '' ? String(whole) : `${whole}.${fraction}`);
      expect(status?.reserved).toBe('0');
      // Never overspent: commits were at most their reservations, so the limit holds exactly.
      expect(committed <= 2n * 10n ** 12n).toBe(true);
      expect(status?.overshoot).toBe('0');
      // The limit was really contended, and every retried commit counted once.
      expect(results.reduce((sum, report) => sum + report.refused, 0)).toBeGreaterThan(0);
      expect(results.reduce((sum, report) => sum + report.admitted, 0)).toBeGreaterThan(100);
      expect(results.map((report) => report.retriesCountedTwice)).toEqual(results.map(() => 0));
    });

    it('a kill -9 and restart of Redis (appendfsync always) loses no committed spend, reservation or idempotency key', { timeout: 30_000 }, async () => {
      const server = await RedisServer.start();
      try {
        const time = clock('2026-06-10T16:00:00Z');
        const limits = [{ usd: '100', window: 'month' as const, timeZone: 'Europe/Paris' }];
        const before = createBudgetGuard({ limits, store: redisStore(await server.readyClient(), { prefix: 'restart' }), now: time.now });
        for (let index = 1; index <= 25; index += 1) await before.record({ usd: `0.${String(index).padStart(3, '0')}` });
        const committed = await before.reserve({ usd: '1.5' });
        const pending = await before.reserve({ usd: '2.25' });
        if (!committed.ok || !pending.ok) throw new Error('refused');
        await before.commit(committed.reservation, { usd: '1.25' });
        const expected = await before.status();
        expect(expected[0]).toMatchObject({ spent: '1.575', reserved: '2.25' });

        await server.kill9();
        await server.restart();

        const after = createBudgetGuard({ limits, store: redisStore(await server.readyClient(), { prefix: 'restart' }), now: time.now });
        expect(await after.status()).toEqual(expected);
        expect(await after.commit(committed.reservation, { usd: '1.25' })).toMatchObject({ duplicate: true, usd: '1.25' });
        expect(await after.release(pending.reservation)).toBe(true);
        expect((await after.status())[0]).toMatchObject({ spent: '1.575', reserved: '0' });
      } finally {
        await server.stop();
      }
    });

    it('fails closed with STORE_UNAVAILABLE within storeTimeoutMs when Redis is down, or lets calls through with failOpen', { timeout: 30_000 }, async () => {
      const server = await RedisServer.start();
      try {
        const time = clock('2026-06-10T16:00:00Z');
        const limits = [{ usd: '10', window: 'day' as const }];
        // ioredis with its defaults queues commands while disconnected and retries: the guard's own timeout bounds the wait.
        const patient = await server.readyClient({ enableOfflineQueue: true, maxRetriesPerRequest: 20 });
        const fast = await server.readyClient();
        const closed = createBudgetGuard({ limits, store: redisStore(patient, { prefix: 'down' }), storeTimeoutMs: 300, now: time.now });
        const errors: string[] = [];
        const open = createBudgetGuard({ limits, store: redisStore(fast, { prefix: 'down' }), failOpen: true, onError: (error, { operation }) => errors.push(`${operation} ${isLlmSpendError(error) ? error.code : '?'}`), now: time.now });
        expect((await closed.reserve({ usd: '1' })).ok).toBe(true);

        await server.kill9();
        let started = performance.now();
        const failure = await closed.reserve({ usd: '1' }).then(
          () => undefined,
          (error: unknown) => error,
        );
        const waited = performance.now() - started;
        expect(isLlmSpendError(failure, 'STORE_UNAVAILABLE')).toBe(true);
        expect(waited).toBeLessThan(2000);
        await expect(closed.status()).rejects.toSatisfy((error: unknown) => isLlmSpendError(error, 'STORE_UNAVAILABLE'));

        started = performance.now();
        const unguarded = await open.reserve({ usd: '1' });
        expect(performance.now() - started).toBeLessThan(2000);
        expect(unguarded).toMatchObject({ ok: true, reservation: { guarded: false, holds: [] } });
        expect(errors).toEqual(['reserve STORE_UNAVAILABLE']);
        await expect(open.record({ usd: '1' })).rejects.toSatisfy((error: unknown) => isLlmSpendError(error, 'STORE_UNAVAILABLE'));

        await server.restart();
        let back = false;
        for (let attempt = 0; attempt < 100 && !back; attempt += 1) {
          back = await closed.reserve({ usd: '1' }).then(
            (result) => result.ok,
            () => false,
          );
          if (!back) await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(back).toBe(true);
      } finally {
        await server.stop();
      }
    });

    it('falls back from EVALSHA to EVAL when Redis has lost its scripts (SCRIPT FLUSH, a new server)', async () => {
      const time = clock('2026-06-10T16:00:00Z');
      const guard = createBudgetGuard({ limits: [{ usd: '1', window: 'day' }], store: redisStore(client, { prefix: nextPrefix('flush') }), now: time.now });
      await guard.record({ usd: '0.25' });
      await client.script('FLUSH');
      expect((await guard.reserve({ usd: '0.5' })).ok).toBe(true);
      expect((await guard.status())[0]).toMatchObject({ spent: '0.25', reserved: '0.5' });
    });

    it('keys expire after their window (counters) and after idempotencyTtlMs (commit keys)', async () => {
      const prefix = nextPrefix('ttl');
      const time = clock('2026-06-10T12:00:00Z');
      const guard = createBudgetGuard({ limits: [{ usd: '1', window: 'day' }, { usd: '1', rollingMs: 600_000 }], store: redisStore(client, { prefix }), idempotencyTtlMs: 120_000, now: time.now });
      const reserved = await guard.reserve({ usd: '0.5' });
      if (!reserved.ok) throw new Error('refused');
      await guard.commit(reserved.reservation, { usd: '0.5' });
      const dayTtl = await client.pttl(`${prefix}:c:day@UTC::2026-06-10`);
      expect(dayTtl).toBeGreaterThan(12 * 3_600_000 + 60_000 - 10_000); // to the window's end + 1 minute
      expect(dayTtl).toBeLessThanOrEqual(12 * 3_600_000 + 60_000);
      const rollingTtl = await client.pttl(`${prefix}:c:rolling-600000ms::r`);
      expect(rollingTtl).toBeGreaterThan(900_000 - 10_000); // a reservation of 15 minutes kept it at least that long
      const commitTtl = await client.pttl(`${prefix}:i:reservation:${reserved.reservation.id}`);
      expect(commitTtl).toBeGreaterThan(110_000);
      expect(commitTtl).toBeLessThanOrEqual(120_000);
    });

    it('refuses a bad client or prefix', () => {
      expect(() => redisStore({} as never)).toThrow(/evalsha and eval/);
      expect(() => redisStore(client, { prefix: 'has space' })).toThrow(/prefix/);
      const store: BudgetStore = redisStore(client);
      expect(typeof store.reserve).toBe('function');
    });
  });
}

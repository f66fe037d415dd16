// llm-spend/redis: the budget store for many processes and machines, on Redis.
//
// Takes an ioredis client (or anything with the same `evalsha`/`eval`), typed structurally so
// that neither this module nor the core build needs ioredis's types. Each store operation is
// one Lua script, run with EVALSHA and, when Redis does not have the script yet (first use,
// restart, SCRIPT FLUSH), EVAL, which also caches it.
import type {
  BudgetStore,
  CounterSpec,
  CounterState,
  StoreCommitOutcome,
  StoreReserveOutcome,
} from '../budget/store.js';
import { isLlmSpendError, LlmSpendError } from '../errors.js';
import { SCRIPTS } from './scripts.js';
import { sha1Hex } from './sha1.js';

/**
 * The part of a Redis client the store uses: `evalsha` and `eval` returning promises, as
 * ioredis's `Redis` (and `Cluster`) have. Configure the client to fail fast when Redis is
 * down (`enableOfflineQueue: false`, `maxRetriesPerRequest: 1`, `commandTimeout`); the guard
 * also gives up after its `storeTimeoutMs`.
 */
export interface RedisClientLike {
  evalsha(sha: string, numKeys: number, ...args: string[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: string[]): Promise<unknown>;
}

/** Options of {@link redisStore}. */
export interface RedisStoreOptions {
  /**
   * Prefix of every key. Guards that share a prefix (and limit names) share their spend. On
   * Redis Cluster, wrap it in braces (`"{llm-spend}"`) so that all of a guard's keys hash to
   * one slot, as the scripts need. @defaultValue "llm-spend"
   */
  readonly prefix?: string;
}

const MAX_UNITS = 10n ** 27n - 1n;

interface Script {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): Script {
  return { source, sha: sha1Hex(source) };
}

const COMPILED = {
  reserve: script(SCRIPTS.reserve),
  commit: script(SCRIPTS.commit),
  release: script(SCRIPTS.release),
  status: script(SCRIPTS.status),
};

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function units(value: bigint, what: string): string {
  if (typeof value !== 'bigint' || value < 0n || value > MAX_UNITS) {
    throw new LlmSpendError('INVALID_MONEY', `redisStore: ${what} must be a bigint of pico-USD from 0 to 10^27 - 1 (below 10^15 USD); got ${String(value)}.`, { what });
  }
  return value.toString();
}

function integer(value: number, what: string): string {
  if (!Number.isSafeInteger(value)) throw new LlmSpendError('INVALID_USAGE', `redisStore: ${what} must be a safe integer; got ${String(value)}.`, { what });
  return String(value);
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value instanceof Uint8Array) return String.fromCharCode(...value);
  throw new LlmSpendError('STORE_UNAVAILABLE', `redisStore: unexpected reply element ${typeof value}.`, {});
}

function reply(value: unknown, operation: string): string[] {
  if (!Array.isArray(value)) throw new LlmSpendError('STORE_UNAVAILABLE', `redisStore: unexpected reply to ${operation} (not an array).`, {});
  return value.map(text);
}

function state(spent: string | undefined, reserved: string | undefined, oldest: string | undefined): CounterState {
  return {
    spent: BigInt(spent ?? '0'),
    reserved: BigInt(reserved ?? '0'),
    oldestBucket: oldest === undefined || oldest === '' ? null : Number(oldest),
  };
}

/**
 * A budget store on Redis, shared by every process and machine that uses the same Redis and
 * prefix: each operation is one Lua script (atomic, so no interleaving of replicas can
 * overspend), amounts are exact integer pico-USD (split in two limbs inside Lua, whose
 * numbers are doubles), keys expire after their window. With persistence on (AOF,
 * `appendfsync always`), a Redis restart loses no committed spend.
 *
 * @param client - an ioredis `Redis` (or any client with promise-returning `evalsha` and `eval`)
 * @param options - `prefix` of every key (default `"llm-spend"`)
 * @returns a {@link BudgetStore} for `createBudgetGuard({ store })`
 * @throws LlmSpendError `INVALID_LIMITS` for a bad client or prefix; the store's operations
 *   fail with `STORE_UNAVAILABLE` when Redis cannot be reached or answers with an error
 * @example
 * ```ts
 * // no-run: needs a Redis server
 * import { Redis } from 'ioredis';
 * import { createBudgetGuard } from 'llm-spend/budget';
 * import { redisStore } from 'llm-spend/redis';
 *
 * const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
 *   enableOfflineQueue: false, // fail at once while disconnected, instead of queueing
 *   maxRetriesPerRequest: 1,
 *   commandTimeout: 500,
 * });
 * const guard = createBudgetGuard({
 *   limits: [{ usd: '1000', window: 'month', timeZone: 'Europe/Paris' }],
 *   store: redisStore(redis, { prefix: 'llm-spend:prod' }),
 * });
 * ```
 */
export function redisStore(client: RedisClientLike, options: RedisStoreOptions = {}): BudgetStore {
  if (typeof client !== 'object' || client === null || typeof client.evalsha !== 'function' || typeof client.eval !== 'function') {
    throw new LlmSpendError('INVALID_LIMITS', 'redisStore takes a Redis client with evalsha and eval (an ioredis Redis instance).', {});
  }
  const prefix = options.prefix ?? 'llm-spend';
  if (typeof prefix !== 'string' || prefix.length === 0 || prefix.length > 200 || /\s/.test(prefix)) {
    throw new LlmSpendError('INVALID_LIMITS', `redisStore: prefix must be 1 to 200 characters without spaces; got ${JSON.stringify(prefix)}.`, { prefix });
  }
  const hashKey = (key: string): string => `${prefix}:c:${key}`;
  const zsetKey = (key: string): string => `${prefix}:z:${key}`;
  const pairs = (keys: readonly string[]): string[] => keys.flatMap((key) => [hashKey(key), zsetKey(key)]);

  async function run(name: keyof typeof COMPILED, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    const { sha, source } = COMPILED[name];
    try {
      try {
        return await client.evalsha(sha, keys.length, ...keys, ...args);
      } catch (error) {
        if (!/NOSCRIPT/i.test(messageOf(error))) throw error;
        return await client.eval(source, keys.length, ...keys, ...args);
      }
    } catch (error) {
      if (isLlmSpendError(error)) throw error;
      const message = messageOf(error);
      if (message.includes('LLMSPEND_OVERFLOW')) {
        throw new LlmSpendError('INVALID_MONEY', 'redisStore: a total would exceed 9 × 10^15 USD, more than the store can hold exactly.', { operation: name });
      }
      throw new LlmSpendError('STORE_UNAVAILABLE', `redisStore: ${name} failed: ${message}`, { operation: name, cause: error });
    }
  }

  return {
    async reserve(request): Promise<StoreReserveOutcome> {
      if (request.counters.length === 0) return { ok: true };
      const args = [integer(request.now, 'now'), request.id, units(request.units, 'the reserved amount'), integer(request.expiresAt, 'expiresAt')];
      for (const spec of request.counters) args.push(units(spec.limit, 'a limit'), integer(spec.ttlMs, 'ttlMs'), integer(spec.rollingMs, 'rollingMs'), integer(spec.bucketMs, 'bucketMs'));
      const result = reply(await run('reserve', pairs(request.counters.map((spec) => spec.key)), args), 'reserve');
      if (result[0] === '1') return { ok: true };
      return { ok: false, index: Number(result[1]), state: state(result[2], result[3], result[4]) };
    },

    async commit(request): Promise<StoreCommitOutcome> {
      const key = request.idempotencyKey;
      const second = key === null ? null : (request.reservationKey ?? null);
      const keys = [`${prefix}:i:${key ?? '-'}`, `${prefix}:i:${second ?? '-'}`, ...pairs(request.id === null ? [] : request.holds), ...pairs(request.counters.map((spec: CounterSpec) => spec.key))];
      const args = [
        integer(request.now, 'now'),
        request.id ?? '',
        units(request.units, 'the committed amount'),
        key === null ? '0' : integer(Math.max(1, request.idempotencyTtlMs), 'idempotencyTtlMs'),
        String(request.id === null ? 0 : request.holds.length),
        second === null ? '0' : '1',
      ];
      for (const spec of request.counters) {
        args.push(integer(spec.ttlMs, 'ttlMs'), integer(spec.rollingMs, 'rollingMs'), integer(spec.bucketMs, 'bucketMs'), String(spec.thresholds.length));
        for (const threshold of spec.thresholds) args.push(threshold.flag, units(threshold.units, 'a threshold'));
      }
      const result = reply(await run('commit', keys, args), 'commit');
      const states: CounterState[] = [];
      const crossed: Array<{ counter: number; threshold: number }> = [];
      for (let index = 0; index < request.counters.length; index += 1) {
        const at = 3 + index * 4;
        states.push(state(result[at], result[at + 1], result[at + 2]));
        const list = result[at + 3] ?? '';
        if (list !== '') for (const threshold of list.split(',')) crossed.push({ counter: index, threshold: Number(threshold) });
      }
      return { duplicate: result[0] === '1', units: BigInt(result[1] ?? '0'), released: result[2] === '1', states, crossed };
    },

    async release(request): Promise<boolean> {
      if (request.holds.length === 0) return false;
      const result = await run('release', pairs(request.holds), [integer(request.now, 'now'), request.id]);
      return Number(result) === 1;
    },

    async status(request): Promise<readonly CounterState[]> {
      if (request.counters.length === 0) return [];
      const args = [integer(request.now, 'now')];
      for (const spec of request.counters) args.push(integer(spec.rollingMs, 'rollingMs'), integer(spec.bucketMs, 'bucketMs'));
      const result = reply(await run('status', pairs(request.counters.map((spec) => spec.key)), args), 'status');
      return request.counters.map((_, index) => state(result[index * 3], result[index * 3 + 1], result[index * 3 + 2]));
    },
  };
}

// The budget store interface and the in-memory store.
//
// A store keeps COUNTERS: the spend and reservations of one limit in one window for one
// scope value. Amounts are integer pico-USD (10^-12 USD), as bigint. Every operation is
// atomic (no interleaving of two operations can let two reservations through where only
// one fits) and idempotent (a reservation id, a commit key), and it purges expired
// reservations and, for rolling windows, spend older than the window, before it reads.
// The Redis store (llm-spend/redis) implements the same operations as Lua scripts; the
// in-memory store below is the reference.
import { LlmSpendError } from '../errors.js';
import { checkUnits } from './units.js';

/** One counter an operation touches: a limit's spend in one window for one scope value. */
export interface CounterSpec {
  /** The counter's key, unique within the store (the store adds its own prefix). */
  readonly key: string;
  /** The limit, in pico-USD. */
  readonly limit: bigint;
  /** Keep the counter at least this many ms from `now` (it is never shortened). */
  readonly ttlMs: number;
  /** The rolling window's length in ms; 0 for a calendar window. */
  readonly rollingMs: number;
  /** The width of a rolling window's buckets in ms; 0 for a calendar window. */
  readonly bucketMs: number;
  /** Thresholds to check when spend is added: a flag name and the spend that reaches it. */
  readonly thresholds: ReadonlyArray<{ readonly flag: string; readonly units: bigint }>;
}

/** What a counter holds, after the operation. */
export interface CounterState {
  /** Committed spend in the window, pico-USD. */
  readonly spent: bigint;
  /** Unexpired reservations, pico-USD. */
  readonly reserved: bigint;
  /** Rolling windows: the index of the oldest bucket still holding spend (bucket b covers [b·bucketMs, (b+1)·bucketMs)); otherwise null. */
  readonly oldestBucket: number | null;
}

/** A reservation request to a store. */
export interface StoreReserveRequest {
  readonly now: number;
  /** A unique reservation id; reserving the same id again is a no-op. */
  readonly id: string;
  readonly units: bigint;
  /** When the reservation expires (epoch ms) and its amount comes back. */
  readonly expiresAt: number;
  readonly counters: readonly CounterSpec[];
}

/** The outcome of a reservation: admitted, or the first counter it would have crossed. */
export type StoreReserveOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly index: number; readonly state: CounterState };

/** A commit (or a record, without a reservation) to a store. */
export interface StoreCommitRequest {
  readonly now: number;
  /** The reservation to free, or null for a record. */
  readonly id: string | null;
  /** The counter keys the reservation holds (freed if still there). */
  readonly holds: readonly string[];
  /** The spend to add, pico-USD. */
  readonly units: bigint;
  /** A second commit with this key counts nothing and reports the first one's amount; null: no key. */
  readonly idempotencyKey: string | null;
  /**
   * A second key that dedupes the same way, checked and remembered in the same atomic step: the
   * reservation's own key when a commit carries an explicit idempotency key, so that a
   * reservation counts at most once whatever keys its commits carry. Absent or null: none.
   */
  readonly reservationKey?: string | null;
  readonly idempotencyTtlMs: number;
  /** The counters the spend is added to (those of the windows current at `now`). */
  readonly counters: readonly CounterSpec[];
}

/** The outcome of a commit. */
export interface StoreCommitOutcome {
  /** True when the idempotency key had been used: nothing was added. */
  readonly duplicate: boolean;
  /** The amount counted under this key (the first commit's, for a duplicate). */
  readonly units: bigint;
  /** Whether the reservation was still held (false when it had expired or was released). */
  readonly released: boolean;
  /** The counters after the commit, in the order given. */
  readonly states: readonly CounterState[];
  /** Thresholds reached by this commit, each reported once across all callers. */
  readonly crossed: ReadonlyArray<{ readonly counter: number; readonly threshold: number }>;
}

/** A release of a reservation. */
export interface StoreReleaseRequest {
  readonly now: number;
  readonly id: string;
  readonly holds: readonly string[];
}

/** A status read. */
export interface StoreStatusRequest {
  readonly now: number;
  readonly counters: readonly CounterSpec[];
}

/**
 * Where a budget guard keeps spend and reservations: four atomic, idempotent operations on
 * counters (a limit's spend in one window for one scope value), in integer pico-USD
 * (10^-12 USD) as bigint. llm-spend ships {@link memoryStore} (one process) and
 * `redisStore` in `llm-spend/redis` (many processes and machines); implement this interface
 * for another database, and make each operation one transaction.
 */
export interface BudgetStore {
  /** Admits a reservation on every counter, or on none: refused when spent + reserved + units would exceed a limit. */
  reserve(request: StoreReserveRequest): Promise<StoreReserveOutcome>;
  /** Frees a reservation (if still held) and adds spend to the current counters, once per idempotency key. */
  commit(request: StoreCommitRequest): Promise<StoreCommitOutcome>;
  /** Frees a reservation; true when it was still held. */
  release(request: StoreReleaseRequest): Promise<boolean>;
  /** Reads counters (after purging what expired). */
  status(request: StoreStatusRequest): Promise<readonly CounterState[]>;
}

interface HeldReservation {
  readonly units: bigint;
  readonly expiresAt: number;
}

/** A binary min-heap of (expiresAt, id): the memory store's sorted set of reservations by expiry. */
class ExpiryHeap {
  private readonly times: number[] = [];
  private readonly ids: string[] = [];

  get size(): number {
    return this.times.length;
  }

  /** The earliest expiry, or +Infinity. */
  peek(): number {
    return this.times[0] ?? Number.POSITIVE_INFINITY;
  }

  push(expiresAt: number, id: string): void {
    let index = this.times.length;
    this.times.push(expiresAt);
    this.ids.push(id);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if ((this.times[parent] ?? 0) <= expiresAt) break;
      this.swap(index, parent);
      index = parent;
    }
  }

  /** Removes and returns the id of the earliest expiry. */
  pop(): string | undefined {
    const top = this.ids[0];
    const lastTime = this.times.pop();
    const lastId = this.ids.pop();
    if (this.times.length > 0 && lastTime !== undefined && lastId !== undefined) {
      this.times[0] = lastTime;
      this.ids[0] = lastId;
      let index = 0;
      for (;;) {
        const left = index * 2 + 1;
        const right = left + 1;
        let smallest = index;
        if (left < this.times.length && (this.times[left] ?? 0) < (this.times[smallest] ?? 0)) smallest = left;
        if (right < this.times.length && (this.times[right] ?? 0) < (this.times[smallest] ?? 0)) smallest = right;
        if (smallest === index) break;
        this.swap(index, smallest);
        index = smallest;
      }
    }
    return top;
  }

  private swap(a: number, b: number): void {
    const time = this.times[a] ?? 0;
    this.times[a] = this.times[b] ?? 0;
    this.times[b] = time;
    const id = this.ids[a] ?? '';
    this.ids[a] = this.ids[b] ?? '';
    this.ids[b] = id;
  }
}

class Counter {
  spent = 0n;
  reserved = 0n;
  readonly reservations = new Map<string, HeldReservation>();
  /** Expiries of reservations; entries of reservations already freed are skipped when they come up. */
  expiries = new ExpiryHeap();
  readonly flags = new Set<string>();
  readonly buckets = new Map<number, bigint>();
  /** Lowest bucket index that may still hold spend; null before the first. */
  low: number | null = null;
  /** When the whole counter may be dropped. */
  keepUntil = 0;
}

/** Options of {@link memoryStore}. */
export interface MemoryStoreOptions {
  /**
   * Drop expired counters at most this often (ms of the guard's clock); expired idempotency
   * keys are dropped as they come up, oldest first. @defaultValue 60000
   */
  readonly sweepEveryMs?: number;
}

/**
 * The in-memory budget store, the default of {@link createBudgetGuard}: exact (bigint
 * pico-USD), atomic (each operation runs synchronously), for one process. Several replicas
 * of a service each have their own memory store and so their own budget: share a budget
 * across processes with `redisStore` from `llm-spend/redis`.
 *
 * @example
 * ```ts
 * import { createBudgetGuard, memoryStore } from 'llm-spend/budget';
 * const guard = createBudgetGuard({ limits: [{ usd: '5', window: 'day' }], store: memoryStore() });
 * (await guard.reserve({ usd: '6' })).ok; // false
 * ```
 */
export function memoryStore(options: MemoryStoreOptions = {}): BudgetStore {
  const counters = new Map<string, Counter>();
  // Idempotency keys in insertion order, which is expiry order for a constant TTL; a key
  // with a longer TTL ahead of shorter ones only delays their removal (a lookup checks expiry).
  const commits = new Map<string, { readonly units: bigint; readonly expiresAt: number }>();
  const sweepEveryMs = options.sweepEveryMs ?? 60_000;
  if (!Number.isSafeInteger(sweepEveryMs) || sweepEveryMs < 0) {
    throw new LlmSpendError('INVALID_LIMITS', `memoryStore: sweepEveryMs must be a non-negative integer; got ${String(sweepEveryMs)}.`, { sweepEveryMs });
  }
  let lastSweep = Number.NEGATIVE_INFINITY;

  function sweep(now: number): void {
    for (const [key, entry] of commits) {
      if (entry.expiresAt > now) break;
      commits.delete(key);
    }
    if (now - lastSweep < sweepEveryMs && now >= lastSweep) return;
    lastSweep = now;
    for (const [key, counter] of counters) if (counter.keepUntil <= now) counters.delete(key);
  }

  function open(spec: CounterSpec, now: number): Counter {
    let counter = counters.get(spec.key);
    if (counter === undefined || counter.keepUntil <= now) {
      counter = new Counter();
      counters.set(spec.key, counter);
    }
    return counter;
  }

  function keep(counter: Counter, until: number): void {
    if (until > counter.keepUntil) counter.keepUntil = until;
  }

  function purgeReservations(counter: Counter, now: number): void {
    while (counter.expiries.peek() <= now) {
      const id = counter.expiries.pop();
      const held = id === undefined ? undefined : counter.reservations.get(id);
      // Skip an entry whose reservation was freed (or re-made with another expiry).
      if (id === undefined || held === undefined || held.expiresAt > now) continue;
      counter.reservations.delete(id);
      counter.reserved -= held.units;
    }
    if (counter.reserved < 0n) counter.reserved = 0n;
  }

  function purgeBuckets(counter: Counter, now: number, spec: CounterSpec): void {
    if (spec.rollingMs <= 0 || counter.low === null) return;
    // Bucket b leaves the window once its last instant is rollingMs old: spend counts for at
    // least rollingMs and at most rollingMs + bucketMs.
    const dead = Math.floor((now - spec.rollingMs) / spec.bucketMs) - 1;
    if (counter.low > dead) return;
    for (const [bucket, units] of counter.buckets) {
      if (bucket <= dead) {
        counter.buckets.delete(bucket);
        counter.spent -= units;
      }
    }
    if (counter.spent < 0n) counter.spent = 0n;
    counter.low = dead + 1;
  }

  function state(counter: Counter, spec: CounterSpec): CounterState {
    let oldest: number | null = null;
    if (spec.rollingMs > 0 && counter.spent > 0n) for (const bucket of counter.buckets.keys()) if (oldest === null || bucket < oldest) oldest = bucket;
    return { spent: counter.spent, reserved: counter.reserved, oldestBucket: oldest };
  }

  function load(spec: CounterSpec, now: number): Counter {
    const counter = open(spec, now);
    purgeReservations(counter, now);
    purgeBuckets(counter, now, spec);
    return counter;
  }

  function free(key: string, id: string, now: number): boolean {
    const counter = counters.get(key);
    if (counter === undefined || counter.keepUntil <= now) return false;
    purgeReservations(counter, now);
    const held = counter.reservations.get(id);
    if (held === undefined) return false;
    counter.reservations.delete(id);
    counter.reserved -= held.units;
    if (counter.reserved < 0n) counter.reserved = 0n;
    // Freed reservations leave stale heap entries until their expiry: rebuild when they dominate.
    if (counter.expiries.size > 2 * counter.reservations.size + 1024) {
      counter.expiries = new ExpiryHeap();
      for (const [heldId, entry] of counter.reservations) counter.expiries.push(entry.expiresAt, heldId);
    }
    return true;
  }

  return {
    reserve(request) {
      try {
        const { now, id, expiresAt } = request;
        const units = checkUnits(request.units, 'A reservation');
        sweep(now);
        const loaded = request.counters.map((spec) => load(spec, now));
        if (loaded[0]?.reservations.has(id) === true) return Promise.resolve({ ok: true });
        for (let index = 0; index < loaded.length; index += 1) {
          const counter = loaded[index] as Counter;
          const spec = request.counters[index] as CounterSpec;
          if (counter.spent + counter.reserved + units > spec.limit) {
            return Promise.resolve({ ok: false, index, state: state(counter, spec) });
          }
        }
        loaded.forEach((counter, index) => {
          const spec = request.counters[index] as CounterSpec;
          counter.reserved += units;
          counter.reservations.set(id, { units, expiresAt });
          counter.expiries.push(expiresAt, id);
          keep(counter, Math.max(now + spec.ttlMs, expiresAt));
        });
        return Promise.resolve({ ok: true });
      } catch (error) {
        return Promise.reject(error);
      }
    },

    commit(request) {
      try {
        const { now, id } = request;
        const units = checkUnits(request.units, 'A commit');
        sweep(now);
        let released = false;
        if (id !== null) for (const key of request.holds) released = free(key, id, now) || released;
        const live = (key: string | null | undefined): { units: bigint; expiresAt: number } | undefined => {
          const entry = key === null || key === undefined ? undefined : commits.get(key);
          return entry !== undefined && entry.expiresAt > now ? entry : undefined;
        };
        const previous = live(request.idempotencyKey) ?? live(request.reservationKey);
        const duplicate = previous !== undefined;
        const crossed: Array<{ counter: number; threshold: number }> = [];
        const states = request.counters.map((spec, index) => {
          const counter = load(spec, now);
          if (!duplicate) {
            counter.spent += units;
            if (spec.rollingMs > 0) {
              let bucket = Math.floor(now / spec.bucketMs);
              if (counter.low === null) counter.low = bucket;
              else if (bucket < counter.low) bucket = counter.low; // a clock behind: count it longer, never shorter
              counter.buckets.set(bucket, (counter.buckets.get(bucket) ?? 0n) + units);
            }
            keep(counter, now + spec.ttlMs);
          }
          spec.thresholds.forEach((threshold, position) => {
            if (counter.spent >= threshold.units) {
              if (!duplicate && !counter.flags.has(threshold.flag)) {
                counter.flags.add(threshold.flag);
                crossed.push({ counter: index, threshold: position });
              }
            } else if (spec.rollingMs > 0) counter.flags.delete(threshold.flag); // re-arms once spend falls back
          });
          return state(counter, spec);
        });
        if (!duplicate) {
          for (const key of [request.idempotencyKey, request.reservationKey]) if (key !== null && key !== undefined) commits.set(key, { units, expiresAt: now + request.idempotencyTtlMs });
        }
        return Promise.resolve({ duplicate, units: duplicate ? previous.units : units, released, states, crossed });
      } catch (error) {
        return Promise.reject(error);
      }
    },

    release(request) {
      let released = false;
      for (const key of request.holds) released = free(key, request.id, request.now) || released;
      return Promise.resolve(released);
    },

    status(request) {
      return Promise.resolve(request.counters.map((spec) => state(load(spec, request.now), spec)));
    },
  };
}

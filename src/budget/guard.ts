// The runtime budget guard: reserve the worst case before a call, commit the actual cost
// after it (or release), against limits on calendar or rolling windows, per scope, in a
// store shared by every replica.
import { isLlmSpendError, LlmSpendError } from '../errors.js';
import { createCostEstimator, type CostEstimate } from '../estimate/estimate.js';
import type { Usage } from '../estimate/usage.js';
import { Dec } from '../money/decimal.js';
import { toDec, type UsdInput, type UsdString } from '../money/usd.js';
import { SERVICE_TIERS, type ModelEntry, type ServiceTier } from '../pricing/schema.js';
import { getModel, selectPricePeriod, type ModelId, type PricingTable } from '../pricing/table.js';
import { normalizeLimits, normalizeThresholds, windowOf, type BudgetLimit, type LimitInfo, type NormalizedLimit } from './limits.js';
import type { WindowInstance } from './windows.js';
import { defaultStreamObserver, type StreamUsageObserver } from './responses.js';
import { readUnknownUsage, type ResponseUsage, type UsageRequest } from '../estimate/response.js';
import { addUsd } from '../money/usd.js';
import { memoryStore, type BudgetStore, type CounterSpec, type CounterState, type StoreCommitOutcome } from './store.js';
import { iso } from './iso.js';
import { checkUnits, decToUnits, usdStringToUnits, unitsToUsdString } from './units.js';

/**
 * The scope of a call: a value per scope key (`{ tenant: 'acme', feature: 'chat' }`), or one
 * string used for every scoped limit. Unscoped limits ignore it.
 */
export type BudgetScope = string | Readonly<Record<string, string>>;

/** A reservation for a model call: its worst case is reserved. */
export interface TokenReserveRequest {
  readonly model: ModelId;
  /** All input tokens of the call (cached reads and cache writes included). */
  readonly inputTokens: number;
  /** The call's output cap (`max_tokens`, `max_output_tokens`, `maxOutputTokens`), reasoning included. */
  readonly maxOutputTokens: number;
  /** The service tier the call asks for. @defaultValue "standard" */
  readonly tier?: ServiceTier;
  /**
   * The input may contain audio: reserve at the audio input rate where it is the highest.
   * Without it, audio priced above text shows up as overshoot at commit. @defaultValue false
   */
  readonly audioInput?: boolean;
  readonly scope?: BudgetScope;
  /** This reservation's lifetime. @defaultValue the guard's `reservationTtlMs` */
  readonly ttlMs?: number;
}

/** A reservation of a fixed amount (spend that is not priced by tokens). */
export interface AmountReserveRequest {
  readonly usd: UsdInput;
  readonly scope?: BudgetScope;
  readonly ttlMs?: number;
}

/** What {@link BudgetGuard.reserve} takes: a model call's worst case, or an amount. */
export type ReserveRequest = TokenReserveRequest | AmountReserveRequest;

/**
 * An admitted reservation: a plain, JSON-serializable object, so that another process may
 * commit or release it. `holds` lists the store counters it holds (opaque).
 */
export interface Reservation {
  readonly id: string;
  /** The amount reserved (the call's worst case). */
  readonly usd: UsdString;
  /** The model's id in the pricing table; `null` for an amount reservation. */
  readonly model: string | null;
  readonly tier: ServiceTier | null;
  readonly scope: BudgetScope | null;
  readonly createdAt: string;
  /** After this instant the reserved amount comes back (a later commit still counts). */
  readonly expiresAt: string;
  readonly holds: readonly string[];
  /** `false` when the store was unreachable and `failOpen` let the call through unguarded. */
  readonly guarded: boolean;
}

/** Why a reservation was refused: `limit-reached`, or `exceeds-limit` when it is larger than the limit itself. */
export type RefusalReason = 'limit-reached' | 'exceeds-limit';

/** A refused reservation: a value, never an exception. */
export interface Refusal {
  readonly ok: false;
  readonly reason: RefusalReason;
  /** The same, in a sentence. */
  readonly message: string;
  /** The amount that was asked for. */
  readonly requested: UsdString;
  /** The limit that would have been crossed (the first, in the order the limits were given). */
  readonly limit: LimitInfo;
  /** The scope value of that limit, or `null`. */
  readonly scope: string | null;
  readonly spent: UsdString;
  readonly reserved: UsdString;
  /** `limit − spent − reserved`, never below `"0"`. */
  readonly remaining: UsdString;
  /** When the window resets (ISO); for a rolling window, when the oldest spend leaves it (`null` when there is none). */
  readonly resetsAt: string | null;
}

/** The result of {@link BudgetGuard.reserve}. */
export type ReserveResult = { readonly ok: true; readonly reservation: Reservation } | Refusal;

/** One limit's state in its current window, for one scope value. */
export interface LimitStatus {
  readonly limit: LimitInfo;
  readonly scope: string | null;
  readonly spent: UsdString;
  readonly reserved: UsdString;
  /** `limit − spent − reserved`, never below `"0"`. */
  readonly remaining: UsdString;
  /**
   * How far `spent + reserved` is above the limit (spend the guard could not stop: commits
   * above their reservation, records), else `"0"`. Always: spent + reserved + remaining =
   * limit + overshoot.
   */
  readonly overshoot: UsdString;
  /** The window's start (ISO); for a rolling window, now − rollingMs. */
  readonly windowStart: string;
  /** When the window resets (ISO); for a rolling window, when the oldest spend leaves it, or `null`. */
  readonly resetsAt: string | null;
}

/** What a commit or record counted. */
export interface CommitResult {
  /** The cost counted (for a duplicate, what the first commit with that key counted). */
  readonly usd: UsdString;
  /** The reservation's amount (`"0"` for a record). */
  readonly reservedUsd: UsdString;
  /**
   * The spend no reservation covered, else `"0"`: how much the cost exceeded the reservation
   * (hidden reasoning, a usage above the declared maximum), or all of it when the reservation
   * had already expired or been released (the commit still counts) and for a record; `"0"` for
   * a duplicate, which adds nothing. It is what `overshoot` in the limit status can grow by.
   */
  readonly overshootUsd: UsdString;
  /** True when the idempotency key had already been committed: nothing was added. */
  readonly duplicate: boolean;
  /** What the cost was computed from: a usage, an amount, or the reservation's worst case (no exact usage was available: see `fallback`). */
  readonly basis: 'usage' | 'usd' | 'reservation';
  /**
   * Why the worst case was committed instead of a usage, or `null` for an exact commit:
   * `usage-unreadable` (the response's usage could not be read or priced),
   * `stream-incomplete` (the stream was aborted, broken off, dropped, failed or never read:
   * the larger of the worst case and the usage seen so far), `stream-without-usage` (the
   * stream ended without reporting a usage, e.g. a Chat Completions stream without
   * `stream_options: { include_usage: true }`). `error` is the typed error behind it, if any.
   */
  readonly fallback: CommitFallback | null;
  /** The service tier the usage was priced at (the response's, where it reports one); `null` for an amount. */
  readonly tier: ServiceTier | null;
  /** Things the caller should know, such as `TIER_MISMATCH` (the response reports another tier than the reservation's). */
  readonly warnings: readonly CommitWarning[];
  /** The priced breakdown, when the cost came from a usage (and was not a duplicate). */
  readonly cost: CostEstimate | null;
  /** Whether the reservation was still held (false when it had expired or been released; the cost counts anyway). */
  readonly released: boolean;
  /** The limits the spend counted against, after the commit. */
  readonly limits: readonly LimitStatus[];
}

/** Why a commit counted the worst case: see {@link CommitResult.fallback}. */
export type CommitFallbackReason = 'usage-unreadable' | 'stream-incomplete' | 'stream-without-usage';

/** A worst-case commit's reason, in a word and a sentence, with the typed error behind it. */
export interface CommitFallback {
  readonly reason: CommitFallbackReason;
  readonly message: string;
  readonly error: LlmSpendError | null;
}

/** A warning on a commit: `{ code, message }`. */
export interface CommitWarning {
  readonly code: 'TIER_MISMATCH';
  readonly message: string;
}

/** The actual cost passed to {@link BudgetGuard.commit}: a usage (priced with the reserved model) or an amount. */
export type ActualSpend = Usage | { readonly usd: UsdInput };

/** What {@link BudgetGuard.record} takes: a priced usage, or an amount. */
export type RecordRequest =
  | { readonly model: ModelId; readonly usage: Usage; readonly tier?: ServiceTier; readonly scope?: BudgetScope; readonly idempotencyKey?: string }
  | { readonly usd: UsdInput; readonly scope?: BudgetScope; readonly idempotencyKey?: string };

/** A threshold reached: sent once per window, limit and scope value, across all replicas sharing the store. */
export interface ThresholdEvent {
  /** The fraction reached (0.5, 0.8, 1). */
  readonly threshold: number;
  readonly limit: LimitInfo;
  readonly scope: string | null;
  /** The committed spend when it was reached. */
  readonly spent: UsdString;
  readonly windowStart: string;
  readonly resetsAt: string | null;
}

/** The operations whose errors go to `onError`. */
export type GuardOperation = 'reserve' | 'commit' | 'release' | 'record' | 'status' | 'usage' | 'onThreshold';

/** Options of {@link createBudgetGuard}. */
export interface BudgetGuardOptions {
  /** The limits; a call is admitted only when it fits every one that applies to it. */
  readonly limits: readonly BudgetLimit[];
  /** Where spend is kept. @defaultValue memoryStore() (this process only) */
  readonly store?: BudgetStore;
  /** The table calls are priced from. @defaultValue defaultPricing */
  readonly pricing?: PricingTable;
  /** Fractions of each limit at which `onThreshold` is called. @defaultValue [0.5, 0.8, 1] */
  readonly thresholds?: readonly number[];
  /**
   * Called once per window, limit, scope value and threshold, when committed spend reaches it
   * (by whichever replica's commit reached it). Not awaited; a throw or rejection goes to `onError`.
   */
  readonly onThreshold?: (event: ThresholdEvent) => void | Promise<void>;
  /** How long a reservation holds its amount before it comes back. @defaultValue 900000 (15 minutes) */
  readonly reservationTtlMs?: number;
  /** How long a commit's idempotency key is remembered. @defaultValue 3600000 (1 hour) */
  readonly idempotencyTtlMs?: number;
  /** A store operation not done by then fails with `STORE_UNAVAILABLE`. @defaultValue 1000 */
  readonly storeTimeoutMs?: number;
  /**
   * When the store cannot be reached, admit calls anyway (unguarded reservations) instead of
   * failing with `STORE_UNAVAILABLE`. @defaultValue false (fail closed)
   */
  readonly failOpen?: boolean;
  /** Receives errors the guard does not throw: store failures let through by `failOpen`, `onThreshold` failures, unreadable usages. */
  readonly onError?: (error: unknown, context: { readonly operation: GuardOperation }) => void;
  /** The clock. @defaultValue Date.now */
  readonly now?: () => number | Date;
}

/** Options of {@link BudgetGuard.run}. */
export interface RunOptions<T> {
  /** Reads the usage (or cost) from the response. @defaultValue detects OpenAI, Anthropic, Gemini and AI SDK responses */
  readonly usage?: (response: T) => ActualSpend;
  readonly idempotencyKey?: string;
  /**
   * Price at this tier whatever the response reports (an override). Without it, the tier the
   * response reports is priced (a `TIER_MISMATCH` warning when it differs from the reservation's),
   * else the reservation's.
   */
  readonly tier?: ServiceTier;
}

/** The result of {@link BudgetGuard.run}: the response and what was committed, or the refusal. */
export type RunResult<T> =
  | {
      readonly ok: true;
      readonly response: T;
      readonly reservation: Reservation;
      /** `null` only when `failOpen` let a store failure through (reported to `onError`). */
      readonly commit: CommitResult | null;
    }
  | Refusal;

/** Options of {@link BudgetGuard.trackStream} and {@link BudgetGuard.runStream}. */
export interface StreamOptions<C> {
  /**
   * Reads the usage from the chunks: called with each chunk and the usage so far, returns the
   * usage so far. @defaultValue reads OpenAI, Anthropic, Gemini and AI SDK stream chunks
   */
  readonly usage?: (chunk: C, previous: Usage | undefined) => Usage | undefined;
  readonly idempotencyKey?: string;
  /** Price at this tier whatever the stream reports (an override); see {@link RunOptions.tier}. */
  readonly tier?: ServiceTier;
}

/** A stream whose cost is committed when it ends or is abandoned. */
export interface TrackedStream<C> {
  /** The same chunks; iterate it once. */
  readonly stream: AsyncGenerator<C, void, undefined>;
  /**
   * Settles when the stream has ended (or was broken off, failed, closed unread with
   * `stream.return()`, or was never read before its reservation expired) and its cost was
   * committed: the usage it reported when the provider's end event was seen, otherwise the
   * worst case (see `CommitResult.fallback`). Rejects when the commit failed, and with the
   * provider's error when the call failed before any output (an AI SDK `streamText` HTTP error:
   * nothing was billed and the reservation is released). Never an unhandled rejection.
   */
  readonly committed: Promise<CommitResult>;
}

/** The result of {@link BudgetGuard.runStream}. */
export type StreamRunResult<C> =
  | ({ readonly ok: true; readonly reservation: Reservation } & TrackedStream<C>)
  | Refusal;

/** A budget guard. See {@link createBudgetGuard}. */
export interface BudgetGuard {
  /** The limits, as the guard reads them. */
  readonly limits: readonly LimitInfo[];
  /** Reserves a call's worst case (or an amount); a refusal is a value (`ok: false`), never an exception. */
  reserve(request: ReserveRequest): Promise<ReserveResult>;
  /**
   * Counts the actual cost and frees the reservation. Idempotent: by `idempotencyKey`, else
   * by reservation. A cost above the reservation counts in full (and is reported); a commit
   * after the reservation expired still counts.
   */
  commit(reservation: Reservation, actual: ActualSpend, options?: { readonly idempotencyKey?: string }): Promise<CommitResult>;
  /** Frees a reservation (the call was not made); true when it was still held. */
  release(reservation: Reservation): Promise<boolean>;
  /** Counts spend made without a reservation. Idempotent by `idempotencyKey` when given. */
  record(request: RecordRequest): Promise<CommitResult>;
  /** Each limit that applies (unscoped ones, and scoped ones whose scope value is given) in its current window. */
  status(scope?: BudgetScope): Promise<readonly LimitStatus[]>;
  /** Reserve, call, commit the usage read from the response (or release when the call throws). */
  run<T>(request: ReserveRequest, call: (reservation: Reservation) => Promise<T> | T, options?: RunOptions<T>): Promise<RunResult<T>>;
  /** Reserve, start a stream, and commit its cost when it ends or is abandoned. */
  runStream<C>(
    request: ReserveRequest,
    call: (reservation: Reservation) => Promise<AsyncIterable<C>> | AsyncIterable<C>,
    options?: StreamOptions<C>,
  ): Promise<StreamRunResult<C>>;
  /** Commits a reservation when a stream ends or is abandoned (for streams started after a manual `reserve`). */
  trackStream<C>(reservation: Reservation, stream: AsyncIterable<C>, options?: StreamOptions<C>): TrackedStream<C>;
}

const DEFAULT_THRESHOLDS = [0.5, 0.8, 1] as const;
const DEFAULT_RESERVATION_TTL_MS = 15 * 60_000;
const DEFAULT_IDEMPOTENCY_TTL_MS = 60 * 60_000;
const DEFAULT_STORE_TIMEOUT_MS = 1000;
/** Counters outlive their window by this much (late readers, clock skew between replicas). */
const GRACE_MS = 60_000;
const MAX_TTL_MS = 366 * 86_400_000;
/** The longest delay a timer holds (2^31 − 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
const timers = globalThis as unknown as Timers;

let idCounter = 0;
function newId(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (crypto?.randomUUID !== undefined) return crypto.randomUUID();
  idCounter = (idCounter + 1) % 0x1000000;
  const random = (): string => Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return `${random()}${random()}${random()}-${Date.now().toString(16)}-${idCounter.toString(16)}`;
}

/** A value shown in a message without throwing: BigInt, symbols, long strings and objects included. */
function shownValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
    case 'bigint':
      return `${value}n (a BigInt)`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    case 'object':
      return value === null ? 'null' : Array.isArray(value) ? 'an array' : 'an object';
    default:
      return String(value);
  }
}

/** Lone UTF-16 surrogates cannot be encoded into a store key. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The latest instant the guard's windows can be computed for: 9999-12-31. */
const MAX_CLOCK_MS = 253_402_214_400_000;

function usageError(message: string, details: Record<string, unknown> = {}): LlmSpendError {
  return new LlmSpendError('INVALID_USAGE', message, details);
}

function checkMs(value: unknown, what: string, code: 'INVALID_LIMITS' | 'INVALID_USAGE'): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0 || value > MAX_TTL_MS) {
    throw new LlmSpendError(code, `${what} must be a whole number of milliseconds from 1 to ${MAX_TTL_MS}; got ${shownValue(value)}.`, { [what]: value });
  }
  return value;
}

function checkTokens(value: unknown, field: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw usageError(`reserve: ${field} must be a whole, non-negative number of tokens; got ${typeof value === 'number' ? String(value) : typeof value}.`, { field, value });
}

type InputField = 'cacheWriteTokens' | 'cacheWrite1hTokens' | 'audioInputTokens' | null;

interface WorstCasePlan {
  readonly entry: ModelEntry;
  readonly price: (usage: Usage) => CostEstimate;
  /** Highest input-side rate per price set: [fromInputTokens, field], base first (from 0). */
  readonly sets: ReadonlyArray<readonly [number, InputField]>;
}

/** Applicable limit with its counter for one operation. */
interface Applied {
  readonly limit: NormalizedLimit;
  readonly scope: string | null;
  readonly spec: CounterSpec;
  /** The window's start, as an ISO string. */
  readonly windowStart: string;
  /** Calendar: the window's end as an ISO string; rolling: null (it comes from the state). */
  readonly windowEnd: string | null;
}

/** ISO strings of a calendar window's bounds, made once per window. */
const windowIso = new WeakMap<WindowInstance, { readonly start: string; readonly end: string }>();
function isoOf(window: WindowInstance): { readonly start: string; readonly end: string } {
  let strings = windowIso.get(window);
  if (strings === undefined) {
    strings = { start: iso(window.start), end: iso(window.end) };
    windowIso.set(window, strings);
  }
  return strings;
}

/** The breakdowns of several requests of one call, added part by part (exact decimal strings). */
function sumEstimates(costs: readonly CostEstimate[]): CostEstimate | null {
  const [first, ...rest] = costs;
  if (first === undefined) return null;
  let sum: CostEstimate = first;
  for (const cost of rest) {
    sum = {
      ...sum, // status and lifecycle: the call's model's (the first request's)
      model: sum.model === cost.model ? sum.model : `${sum.model}+${cost.model}`,
      tier: sum.tier,
      longContext: sum.longContext || cost.longContext,
      input: addUsd(sum.input, cost.input),
      cachedInput: addUsd(sum.cachedInput, cost.cachedInput),
      cacheWrite: addUsd(sum.cacheWrite, cost.cacheWrite),
      cacheWrite1h: addUsd(sum.cacheWrite1h, cost.cacheWrite1h),
      output: addUsd(sum.output, cost.output),
      reasoning: addUsd(sum.reasoning, cost.reasoning),
      images: addUsd(sum.images, cost.images),
      fees: addUsd(sum.fees, cost.fees),
      total: addUsd(sum.total, cost.total),
    };
  }
  return sum;
}

function highestInputField(prices: { readonly inputPerMillion: string; readonly cacheWritePerMillion?: string | undefined; readonly cacheWrite1hPerMillion?: string | undefined; readonly audioInputPerMillion?: string | undefined }, audio: boolean): InputField {
  let best: InputField = null;
  let rate = new Dec(prices.inputPerMillion);
  const consider = (field: InputField, price: string | undefined): void => {
    if (price === undefined) return;
    const value = new Dec(price);
    if (value.greaterThan(rate)) {
      rate = value;
      best = field;
    }
  };
  consider('cacheWriteTokens', prices.cacheWritePerMillion);
  consider('cacheWrite1hTokens', prices.cacheWrite1hPerMillion);
  if (audio) consider('audioInputTokens', prices.audioInputPerMillion);
  return best;
}

/**
 * Creates a budget guard: before a call, `reserve` its worst case (refused, as a value, when
 * it would cross a limit); after it, `commit` the actual usage (the unused part comes back)
 * or `release`. Limits are per calendar day, week, month or year in a time zone (calendar
 * months, DST-correct days), or rolling windows, optionally per scope (tenant, user,
 * feature). Reservations expire (`reservationTtlMs`, 15 minutes by default) so a crashed
 * caller cannot leak them; commits are idempotent; thresholds (50/80/100 %) fire once per
 * window across replicas. Money is exact: stores count integer pico-USD.
 *
 * @param options - limits, and optionally a store (default {@link memoryStore}; `redisStore`
 *   from `llm-spend/redis` for many processes), pricing, thresholds, `onThreshold`,
 *   `reservationTtlMs`, `failOpen`, `storeTimeoutMs`, `now`
 * @returns the guard
 * @throws LlmSpendError `INVALID_LIMITS` naming the bad field (`limits[1].timeZone`)
 * @example
 * ```ts
 * import { createBudgetGuard } from 'llm-spend';
 * const guard = createBudgetGuard({
 *   limits: [{ usd: '50', window: 'day', timeZone: 'America/New_York' }, { usd: '1000', window: 'month' }],
 *   now: () => Date.parse('2026-03-08T15:00:00Z'),
 * });
 * const result = await guard.reserve({ model: 'gpt-5.4-mini', inputTokens: 2000, maxOutputTokens: 1000 });
 * if (!result.ok) throw new Error(result.message);
 * result.reservation.usd; // "0.006" (2,000 × $0.75/M + 1,000 × $4.50/M)
 * const commit = await guard.commit(result.reservation, { inputTokens: 2000, outputTokens: 300 });
 * commit.usd; // "0.00285"
 * (await guard.status())[0]?.remaining; // "49.99715"
 * (await guard.status())[0]?.resetsAt; // "2026-03-09T04:00:00.000Z" (a 23-hour day: DST starts)
 * ```
 */
export function createBudgetGuard(options: BudgetGuardOptions): BudgetGuard {
  if (typeof options !== 'object' || options === null) {
    throw new LlmSpendError('INVALID_LIMITS', "createBudgetGuard takes one object: { limits: [{ usd: '50', window: 'day' }], ... }.", {});
  }
  const thresholds = options.thresholds === undefined ? [...DEFAULT_THRESHOLDS] : normalizeThresholds(options.thresholds);
  const limits = normalizeLimits(options.limits, thresholds);
  const store = options.store ?? memoryStore();
  if (typeof store !== 'object' || store === null || (['reserve', 'commit', 'release', 'status'] as const).some((method) => typeof store[method] !== 'function')) {
    throw new LlmSpendError('INVALID_LIMITS', 'Invalid budget guard options: store must be a BudgetStore (memoryStore() or redisStore(client)).', {});
  }
  const pricing = options.pricing;
  const reservationTtlMs = options.reservationTtlMs === undefined ? DEFAULT_RESERVATION_TTL_MS : checkMs(options.reservationTtlMs, 'reservationTtlMs', 'INVALID_LIMITS');
  const idempotencyTtlMs = options.idempotencyTtlMs === undefined ? DEFAULT_IDEMPOTENCY_TTL_MS : checkMs(options.idempotencyTtlMs, 'idempotencyTtlMs', 'INVALID_LIMITS');
  const storeTimeoutMs = options.storeTimeoutMs === undefined ? DEFAULT_STORE_TIMEOUT_MS : checkMs(options.storeTimeoutMs, 'storeTimeoutMs', 'INVALID_LIMITS');
  const failOpen = options.failOpen === true;
  const onThreshold = options.onThreshold;
  const onError = options.onError;
  if (options.now !== undefined && typeof options.now !== 'function') {
    throw new LlmSpendError('INVALID_LIMITS', `Invalid budget guard options: now must be a function returning epoch milliseconds (or a Date); got ${shownValue(options.now)}.`, {});
  }
  const clock = options.now ?? Date.now;
  const plans = new Map<string, WorstCasePlan>();
  const estimators = new Map<string, (usage: Usage) => CostEstimate>();

  function now(): number {
    const value = clock();
    const ms = value instanceof Date ? value.getTime() : value;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms >= MAX_CLOCK_MS) {
      throw new LlmSpendError('INVALID_LIMITS', `The guard's now() must return epoch milliseconds (or a valid Date) from 1970 to 9999; got ${shownValue(ms)}.`, {});
    }
    return Math.floor(ms);
  }

  function report(error: unknown, operation: GuardOperation): void {
    if (onError === undefined) return;
    try {
      onError(error, { operation });
    } catch {
      // an error handler that throws is not allowed to break the guard
    }
  }

  function storeError(error: unknown, operation: string): LlmSpendError {
    if (isLlmSpendError(error)) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new LlmSpendError('STORE_UNAVAILABLE', `The budget store failed during ${operation}: ${message}`, { operation, cause: error });
  }

  function guarded<T>(operation: string, start: () => Promise<T>): Promise<T> {
    let promise: Promise<T>;
    try {
      promise = start();
    } catch (error) {
      return Promise.reject(storeError(error, operation));
    }
    return new Promise<T>((resolve, reject) => {
      const timer = timers.setTimeout(() => {
        reject(
          new LlmSpendError('STORE_UNAVAILABLE', `The budget store did not answer ${operation} within ${storeTimeoutMs} ms (storeTimeoutMs).`, { operation, timeoutMs: storeTimeoutMs }),
        );
      }, storeTimeoutMs);
      promise.then(
        (value) => {
          timers.clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          timers.clearTimeout(timer);
          reject(storeError(error, operation));
        },
      );
    });
  }

  function modelEntry(model: ModelId): ModelEntry {
    return getModel(model, pricing === undefined ? {} : { pricing });
  }

  function estimator(entry: ModelEntry, tier: ServiceTier): (usage: Usage) => CostEstimate {
    const key = `${entry.id}\u0000${tier}`;
    let price = estimators.get(key);
    if (price === undefined) {
      price = createCostEstimator(entry, { tier });
      estimators.set(key, price);
    }
    return price;
  }

  function worstCasePlan(model: ModelId, tier: ServiceTier, audio: boolean): WorstCasePlan {
    const key = `${model}\u0000${tier}\u0000${audio ? 1 : 0}`;
    let plan = plans.get(key);
    if (plan === undefined) {
      const entry = modelEntry(model);
      const price = estimator(entry, tier);
      const period = selectPricePeriod(entry);
      const rates = tier === 'standard' ? period.standard : period[tier];
      const sets: Array<readonly [number, InputField]> = [];
      if (rates !== undefined) {
        sets.push([0, highestInputField(rates, audio)]);
        for (const tierPrices of rates.longContext ?? []) sets.push([tierPrices.fromInputTokens, highestInputField(tierPrices.prices, audio)]);
      }
      plan = { entry, price, sets };
      plans.set(key, plan);
    }
    return plan;
  }

  /** The worst case of a call: every input token at the highest input-side rate of the set it could be priced at, plus maxOutputTokens at that set's output rate. */
  function worstCase(request: TokenReserveRequest): { units: bigint; entry: ModelEntry; tier: ServiceTier } {
    const inputTokens = checkTokens(request.inputTokens, 'inputTokens');
    const maxOutputTokens = checkTokens(request.maxOutputTokens, 'maxOutputTokens');
    const tier = checkTierType(request.tier, 'reserve') ?? 'standard';
    const plan = worstCasePlan(request.model, tier, request.audioInput === true);
    let field: InputField = null;
    for (const [from, best] of plan.sets) if (inputTokens >= from) field = best;
    const usage: Usage = field === null ? { inputTokens, outputTokens: maxOutputTokens } : { inputTokens, outputTokens: maxOutputTokens, [field]: inputTokens };
    const total = plan.price(usage).total;
    return { units: checkUnits(usdStringToUnits(total, 'up'), 'A reservation'), entry: plan.entry, tier };
  }

  function amountUnits(usd: UsdInput, what: string): bigint {
    const value = toDec(usd, what);
    if (value.isNegative() && !value.isZero()) throw new LlmSpendError('INVALID_MONEY', `${what} cannot be negative; got ${String(usd)}.`, { usd: String(usd) });
    // Finer than a pico-USD: rounded up (spend is never under-counted).
    return checkUnits(decToUnits(value.abs(), 'up'), what);
  }

  function checkScope(scope: unknown, operation: string): BudgetScope | null {
    if (scope === undefined || scope === null) return null;
    if (typeof scope === 'string') {
      if (scope.length === 0 || scope.length > 256 || LONE_SURROGATE.test(scope)) {
        throw usageError(`${operation}: a scope value must be 1 to 256 characters of well-formed text; got ${shownValue(scope)}.`, { scope });
      }
      return scope;
    }
    if (typeof scope !== 'object' || Array.isArray(scope)) throw usageError(`${operation}: scope must be a string or an object such as { tenant: 'acme' }; got ${shownValue(scope)}.`, {});
    for (const [key, value] of Object.entries(scope)) {
      if (typeof value !== 'string' || value.length === 0 || value.length > 256 || LONE_SURROGATE.test(value)) {
        throw usageError(`${operation}: scope.${key.slice(0, 60)} must be a string of 1 to 256 characters of well-formed text; got ${shownValue(value)}.`, {});
      }
    }
    return scope as Readonly<Record<string, string>>;
  }

  function scopeValue(limit: NormalizedLimit, scope: BudgetScope | null): string | undefined {
    if (limit.scope === null) return '';
    if (scope === null) return undefined;
    if (typeof scope === 'string') return scope;
    return Object.hasOwn(scope, limit.scope) ? scope[limit.scope] : undefined;
  }

  /** The counters of the limits that apply; `strict` throws for a scoped limit without a value, otherwise it is skipped. */
  function apply(scope: BudgetScope | null, at: number, strict: string | null): Applied[] {
    const applied: Applied[] = [];
    for (const limit of limits) {
      const value = scopeValue(limit, scope);
      if (value === undefined) {
        if (strict === null) continue;
        throw usageError(
          `${strict}: limits[${limit.index}] (${limit.info.name}) applies per ${JSON.stringify(limit.scope)}: pass scope: { ${limit.scope ?? ''}: '...' } (or one string for every scoped limit).`,
          { limit: limit.info.name, scopeKey: limit.scope },
        );
      }
      const scopePart = encodeURIComponent(value);
      const thresholdSpecs = limit.thresholds;
      if (limit.calendar !== null) {
        const window = windowOf(limit, at);
        const bounds = isoOf(window);
        applied.push({
          limit,
          scope: limit.scope === null ? null : value,
          spec: { key: `${limit.info.name}:${scopePart}:${window.id}`, limit: limit.units, ttlMs: window.end - at + GRACE_MS, rollingMs: 0, bucketMs: 0, thresholds: thresholdSpecs },
          windowStart: bounds.start,
          windowEnd: bounds.end,
        });
      } else {
        applied.push({
          limit,
          scope: limit.scope === null ? null : value,
          spec: {
            key: `${limit.info.name}:${scopePart}:r`,
            limit: limit.units,
            ttlMs: limit.rollingMs + limit.bucketMs + GRACE_MS,
            rollingMs: limit.rollingMs,
            bucketMs: limit.bucketMs,
            thresholds: thresholdSpecs,
          },
          windowStart: iso(at - limit.rollingMs),
          windowEnd: null,
        });
      }
    }
    return applied;
  }

  function resetsAt(applied: Applied, state: CounterState): string | null {
    if (applied.windowEnd !== null) return applied.windowEnd;
    if (state.oldestBucket === null) return null;
    return iso((state.oldestBucket + 1) * applied.limit.bucketMs + applied.limit.rollingMs);
  }

  function limitStatus(applied: Applied, state: CounterState): LimitStatus {
    const limit = applied.limit.units;
    const used = state.spent + state.reserved;
    return {
      limit: applied.limit.info,
      scope: applied.scope,
      spent: unitsToUsdString(state.spent),
      reserved: unitsToUsdString(state.reserved),
      remaining: unitsToUsdString(used >= limit ? 0n : limit - used),
      overshoot: unitsToUsdString(used > limit ? used - limit : 0n),
      windowStart: applied.windowStart,
      resetsAt: resetsAt(applied, state),
    };
  }

  function refusal(applied: Applied, state: CounterState, units: bigint): Refusal {
    const status = limitStatus(applied, state);
    const info = applied.limit.info;
    const reason: RefusalReason = units > applied.limit.units ? 'exceeds-limit' : 'limit-reached';
    const requested = unitsToUsdString(units);
    const where = info.window === 'rolling' ? `rolling ${info.rollingMs ?? 0} ms` : `${info.window} (${info.timeZone ?? 'UTC'})`;
    const who = applied.scope === null ? '' : ` for ${info.scope ?? 'scope'} ${JSON.stringify(applied.scope)}`;
    const message =
      reason === 'exceeds-limit'
        ? `Refused: ${requested} USD is more than the whole ${where} limit of ${info.usd} USD${who}.`
        : `Refused: ${requested} USD would cross the ${where} limit of ${info.usd} USD${who}: ${status.spent} spent, ${status.reserved} reserved, ${status.remaining} remaining${status.resetsAt === null ? '' : `; resets at ${status.resetsAt}`}.`;
    return {
      ok: false,
      reason,
      message,
      requested,
      limit: info,
      scope: applied.scope,
      spent: status.spent,
      reserved: status.reserved,
      remaining: status.remaining,
      resetsAt: status.resetsAt,
    };
  }

  function fire(outcome: StoreCommitOutcome, applied: readonly Applied[]): void {
    if (onThreshold === undefined) return;
    for (const crossed of outcome.crossed) {
      const counter = applied[crossed.counter];
      const state = outcome.states[crossed.counter];
      const threshold = counter?.limit.thresholds[crossed.threshold];
      if (counter === undefined || state === undefined || threshold === undefined) continue;
      const status = limitStatus(counter, state);
      const event: ThresholdEvent = {
        threshold: threshold.fraction,
        limit: counter.limit.info,
        scope: counter.scope,
        spent: status.spent,
        windowStart: status.windowStart,
        resetsAt: status.resetsAt,
      };
      try {
        const result = onThreshold(event);
        if (result !== undefined && typeof (result as Promise<void>).then === 'function') {
          (result as Promise<void>).then(undefined, (error: unknown) => report(error, 'onThreshold'));
        }
      } catch (error) {
        report(error, 'onThreshold');
      }
    }
  }

  /** A reservation as reserve returned it (possibly through JSON), checked field by field before any store call. */
  function checkReservation(reservation: unknown, operation: string): Reservation {
    const bad = (field: string, value: unknown): LlmSpendError =>
      usageError(`${operation} takes the reservation returned by reserve (result.reservation); its ${field} is ${shownValue(value)}.`, { field });
    if (typeof reservation !== 'object' || reservation === null || Array.isArray(reservation)) throw bad('value', reservation);
    const candidate = reservation as Partial<Record<keyof Reservation, unknown>>;
    if (typeof candidate.id !== 'string' || candidate.id.length === 0 || candidate.id.length > 200) throw bad('id', candidate.id);
    if (typeof candidate.usd !== 'string' || !/^\d{1,16}(?:\.\d{1,12})?$/.test(candidate.usd)) throw bad('usd', candidate.usd);
    if (candidate.model !== null && (typeof candidate.model !== 'string' || candidate.model.length === 0)) throw bad('model', candidate.model);
    if (candidate.tier !== null && !SERVICE_TIERS.some((tier) => tier === candidate.tier)) throw bad('tier', candidate.tier);
    if (candidate.scope === undefined) throw bad('scope', candidate.scope);
    checkScope(candidate.scope, operation);
    const holds = candidate.holds;
    if (!Array.isArray(holds) || holds.length > 64 || !holds.every((key: unknown) => typeof key === 'string' && key.length > 0 && key.length <= 1024)) throw bad('holds', holds);
    return reservation as Reservation;
  }

  interface Actual {
    readonly units: bigint;
    readonly basis: CommitResult['basis'];
    readonly cost: CostEstimate | null;
    readonly tier: ServiceTier | null;
    readonly fallback: CommitFallback | null;
    readonly warnings: readonly CommitWarning[];
  }

  function priceActual(reservation: Reservation, actual: ActualSpend): Actual {
    if (typeof actual !== 'object' || actual === null) throw usageError('commit: the actual spend must be a usage ({ inputTokens, outputTokens, ... }) or { usd }.', {});
    if ('usd' in actual) return { units: amountUnits(actual.usd, 'The committed amount'), basis: 'usd', cost: null, tier: null, fallback: null, warnings: [] };
    return priceRead(reservation, { requests: [{ model: null, usage: actual }], tier: null }, undefined);
  }

  /**
   * The cost of a usage read from a response or stream, at the tier the caller forced, else the
   * tier the response reports, else the reservation's; parts served by other models at theirs.
   */
  function priceRead(reservation: Reservation, read: { readonly requests: readonly UsageRequest[]; readonly tier: ServiceTier | null }, forcedTier: ServiceTier | undefined): Actual {
    if (reservation.model === null) {
      throw usageError('commit: this reservation was made by amount ({ usd }), so there is no model to price a usage with; commit { usd } instead.', { reservation: reservation.id });
    }
    const reservedTier = reservation.tier ?? 'standard';
    const tier = forcedTier ?? read.tier ?? reservedTier;
    const warnings: CommitWarning[] = [];
    if (forcedTier === undefined && read.tier !== null && read.tier !== reservedTier) {
      const message = `The response reports the ${read.tier} tier but the call was reserved at ${reservedTier}: it was priced at ${read.tier}, what the provider bills. Pass tier: '${read.tier}' to reserve, or options.tier to override.`;
      warnings.push({ code: 'TIER_MISMATCH', message });
      report(new LlmSpendError('TIER_MISMATCH', message, { reservedTier, responseTier: read.tier, reservation: reservation.id }), 'usage');
    }
    // Each request on its own (long-context tiers and per-call fees apply per request), each at its model.
    const model = reservation.model;
    const costs = read.requests.map((request) => estimator(modelEntry(request.model ?? model), tier)(request.usage));
    const cost = costs.length === 1 ? (costs[0] ?? null) : sumEstimates(costs);
    let units = 0n;
    for (const part of costs) units += usdStringToUnits(part.total, 'up');
    return { units: checkUnits(units, 'A commit'), basis: 'usage', cost, tier, fallback: null, warnings };
  }

  const FALLBACK_MESSAGES: Readonly<Record<CommitFallbackReason, string>> = {
    'usage-unreadable': 'The usage could not be read or priced, so the reservation\'s worst case was committed',
    'stream-incomplete': 'The stream did not reach the provider\'s end event (aborted, broken off, dropped, failed or never read), so the worst case (or the usage seen, if larger) was committed',
    'stream-without-usage':
      'The stream ended without reporting a usage (for OpenAI Chat Completions, request stream_options: { include_usage: true }), so the reservation\'s worst case was committed',
  };

  /** The worst case, or what was seen if that is larger: spend is never under-counted. */
  function worstActual(reservation: Reservation, reason: CommitFallbackReason, error: unknown, seen: Actual | undefined): Actual {
    const worst = usdStringToUnits(reservation.usd, 'up');
    const typed = isLlmSpendError(error) ? error : null;
    const why = error === undefined || error === null ? '' : `: ${error instanceof Error ? error.message : shownValue(error)}`;
    return {
      units: seen !== undefined && seen.units > worst ? seen.units : worst,
      basis: 'reservation',
      cost: null,
      tier: reservation.tier,
      fallback: { reason, message: `${FALLBACK_MESSAGES[reason]}${why}.`, error: typed },
      warnings: seen?.warnings ?? [],
    };
  }

  async function commitPriced(reservation: Reservation | null, scope: BudgetScope | null, actual: Actual, idempotencyKey: string | null, operation: 'commit' | 'record'): Promise<CommitResult> {
    // Everything that can refuse is done before the store is touched: a refused commit counts nothing.
    const reservedUnits = reservation === null ? 0n : usdStringToUnits(reservation.usd, 'up');
    const at = now();
    const applied = apply(scope, at, operation);
    const outcome = await guarded(operation, () =>
      store.commit({
        now: at,
        id: reservation === null ? null : reservation.id,
        holds: reservation === null ? [] : reservation.holds,
        units: actual.units,
        idempotencyKey,
        // A reservation counts at most once whatever keys its commits carry.
        reservationKey: reservation === null || idempotencyKey === `reservation:${reservation.id}` ? null : `reservation:${reservation.id}`,
        idempotencyTtlMs,
        counters: applied.map((item) => item.spec),
      }),
    );
    fire(outcome, applied);
    return {
      usd: unitsToUsdString(outcome.units),
      reservedUsd: unitsToUsdString(reservedUnits),
      // Spend no reservation covered: above the reservation, or all of it when the hold was gone
      // (expired or released before the commit); nothing for a duplicate, which adds nothing.
      overshootUsd: unitsToUsdString(outcome.duplicate ? 0n : outcome.units > (outcome.released ? reservedUnits : 0n) ? outcome.units - (outcome.released ? reservedUnits : 0n) : 0n),
      duplicate: outcome.duplicate,
      basis: actual.basis,
      cost: outcome.duplicate ? null : actual.cost,
      fallback: actual.fallback,
      tier: actual.tier,
      warnings: actual.warnings,
      released: outcome.released,
      limits: applied.map((item, index) => limitStatus(item, outcome.states[index] ?? { spent: 0n, reserved: 0n, oldestBucket: null })),
    };
  }

  function checkIdempotencyKey(idempotencyKey: unknown): string {
    if (typeof idempotencyKey !== 'string' || idempotencyKey.length === 0 || idempotencyKey.length > 512 || LONE_SURROGATE.test(idempotencyKey)) {
      throw usageError(`idempotencyKey must be a string of 1 to 512 characters; got ${shownValue(idempotencyKey)}.`, {});
    }
    return `key:${idempotencyKey}`;
  }

  function commitKey(reservation: Reservation, idempotencyKey: unknown): string {
    return idempotencyKey === undefined ? `reservation:${reservation.id}` : checkIdempotencyKey(idempotencyKey);
  }

  /** The options object of commit, run, runStream and trackStream: absent, or an object. */
  function checkOptions<O extends object>(value: O | undefined, operation: string): Partial<O> {
    if (value === undefined) return {};
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw usageError(`${operation}: options must be an object; got ${shownValue(value)}.`, {});
    return value;
  }

  async function reserve(request: ReserveRequest): Promise<ReserveResult> {
    if (typeof request !== 'object' || request === null) {
      throw usageError("reserve takes { model, inputTokens, maxOutputTokens, tier?, scope? } or { usd, scope? }.", {});
    }
    const scope = checkScope(request.scope, 'reserve');
    const ttlMs = request.ttlMs === undefined ? reservationTtlMs : checkMs(request.ttlMs, 'ttlMs', 'INVALID_USAGE');
    let units: bigint;
    let model: string | null = null;
    let tier: ServiceTier | null = null;
    if ('usd' in request) {
      units = amountUnits(request.usd, 'The reserved amount');
    } else {
      if (typeof request.model !== 'string') throw usageError("reserve takes { model, inputTokens, maxOutputTokens } or { usd }; model is missing.", {});
      const worst = worstCase(request);
      units = worst.units;
      model = worst.entry.id;
      tier = worst.tier;
    }
    const at = now();
    const applied = apply(scope, at, 'reserve');
    const id = newId();
    const expiresAt = at + ttlMs;
    const reservation = (guardedFlag: boolean): Reservation => ({
      id,
      usd: unitsToUsdString(units),
      model,
      tier,
      scope,
      createdAt: iso(at),
      expiresAt: iso(expiresAt),
      holds: guardedFlag ? applied.map((item) => item.spec.key) : [],
      guarded: guardedFlag,
    });
    let outcome;
    try {
      outcome = await guarded('reserve', () => store.reserve({ now: at, id, units, expiresAt, counters: applied.map((item) => item.spec) }));
    } catch (error) {
      if (failOpen && isLlmSpendError(error, 'STORE_UNAVAILABLE')) {
        report(error, 'reserve');
        return { ok: true, reservation: reservation(false) };
      }
      throw error;
    }
    if (!outcome.ok) {
      const failed = applied[outcome.index];
      if (failed === undefined) throw new LlmSpendError('STORE_UNAVAILABLE', `The budget store refused on an unknown limit (#${outcome.index}).`, {});
      return refusal(failed, outcome.state, units);
    }
    return { ok: true, reservation: reservation(true) };
  }

  async function commit(reservation: Reservation, actual: ActualSpend, options?: { readonly idempotencyKey?: string }): Promise<CommitResult> {
    const held = checkReservation(reservation, 'commit');
    const key = commitKey(held, checkOptions(options, 'commit').idempotencyKey);
    return commitPriced(held, held.scope, priceActual(held, actual), key, 'commit');
  }

  async function safeRelease(reservation: Reservation): Promise<void> {
    try {
      await release(reservation);
    } catch (error) {
      report(error, 'release');
    }
  }

  async function release(reservation: Reservation): Promise<boolean> {
    const held = checkReservation(reservation, 'release');
    if (held.holds.length === 0) return false;
    const at = now();
    return guarded('release', () => store.release({ now: at, id: held.id, holds: held.holds }));
  }

  async function record(request: RecordRequest): Promise<CommitResult> {
    if (typeof request !== 'object' || request === null) throw usageError('record takes { model, usage, scope? } or { usd, scope? }.', {});
    const scope = checkScope(request.scope, 'record');
    let actual: Actual;
    if ('usd' in request) {
      actual = { units: amountUnits(request.usd, 'The recorded amount'), basis: 'usd', cost: null, tier: null, fallback: null, warnings: [] };
    } else {
      if (typeof request.model !== 'string' || typeof request.usage !== 'object' || request.usage === null) {
        throw usageError('record takes { model, usage, tier?, scope? } or { usd, scope? }.', {});
      }
      const tier = checkTierType(request.tier, 'record') ?? 'standard';
      const cost = estimator(modelEntry(request.model), tier)(request.usage);
      actual = { units: checkUnits(usdStringToUnits(cost.total, 'up'), 'A record'), basis: 'usage', cost, tier, fallback: null, warnings: [] };
    }
    let key: string | null = null;
    if (request.idempotencyKey !== undefined) {
      key = checkIdempotencyKey(request.idempotencyKey);
    }
    return commitPriced(null, scope, actual, key, 'record');
  }

  async function status(scope?: BudgetScope): Promise<readonly LimitStatus[]> {
    const checked = checkScope(scope, 'status');
    const at = now();
    const applied = apply(checked, at, null);
    const states = await guarded('status', () => store.status({ now: at, counters: applied.map((item) => item.spec) }));
    return applied.map((item, index) => limitStatus(item, states[index] ?? { spent: 0n, reserved: 0n, oldestBucket: null }));
  }

  /** A tier must at least be a string before it is used in a cache key (a symbol cannot be); the pricing refuses unknown ones. */
  function checkTierType(tier: unknown, operation: string): ServiceTier | undefined {
    if (tier === undefined || typeof tier === 'string') return tier as ServiceTier | undefined;
    throw usageError(`${operation}: tier must be one of ${SERVICE_TIERS.join(', ')}; got ${shownValue(tier)}.`, {});
  }

  function provider(reservation: Reservation): string | undefined {
    if (reservation.model === null) return undefined;
    return modelEntry(reservation.model).provider;
  }

  function checkTier(tier: unknown, operation: string): ServiceTier | undefined {
    if (tier === undefined) return undefined;
    if (!SERVICE_TIERS.some((known) => known === tier)) throw usageError(`${operation}: options.tier must be one of ${SERVICE_TIERS.join(', ')}; got ${shownValue(tier)}.`, {});
    return tier as ServiceTier;
  }

  async function run<T>(request: ReserveRequest, call: (reservation: Reservation) => Promise<T> | T, options?: RunOptions<T>): Promise<RunResult<T>> {
    const checked = checkOptions(options, 'run');
    if (typeof call !== 'function') throw usageError(`run: call must be a function that makes the call; got ${shownValue(call)}.`, {});
    if (checked.usage !== undefined && typeof checked.usage !== 'function') throw usageError('run: options.usage must be a function of the response.', {});
    const forcedTier = checkTier(checked.tier, 'run');
    if (checked.idempotencyKey !== undefined) checkIdempotencyKey(checked.idempotencyKey);
    const reserved = await reserve(request);
    if (!reserved.ok) return reserved;
    const reservation = reserved.reservation;
    const key = commitKey(reservation, checked.idempotencyKey);
    let response: T;
    try {
      response = await call(reservation);
    } catch (error) {
      await safeRelease(reservation);
      throw error;
    }
    let actual: Actual;
    try {
      if (checked.usage === undefined) {
        const called = provider(reservation);
        const read: ResponseUsage = readUnknownUsage(response, called === undefined ? {} : { provider: called });
        actual = priceRead(reservation, read, forcedTier);
      } else {
        const spend = checked.usage(response);
        actual = typeof spend === 'object' && spend !== null && 'usd' in spend ? priceActual(reservation, spend) : priceRead(reservation, { requests: [{ model: null, usage: spend }], tier: null }, forcedTier);
      }
    } catch (error) {
      // Count the worst case rather than nothing, and say why (in the result, and to onError).
      report(error, 'usage');
      actual = worstActual(reservation, 'usage-unreadable', error, undefined);
    }
    try {
      return { ok: true, response, reservation, commit: await commitPriced(reservation, reservation.scope, actual, key, 'commit') };
    } catch (error) {
      if (failOpen && isLlmSpendError(error, 'STORE_UNAVAILABLE')) {
        report(error, 'commit');
        return { ok: true, response, reservation, commit: null };
      }
      if (isLlmSpendError(error)) throw new LlmSpendError(error.code, `${error.message} (the call succeeded: its response is in error.details.response)`, { ...error.details, response });
      throw error;
    }
  }

  function trackStream<C>(reservation: Reservation, source: AsyncIterable<C>, options?: StreamOptions<C>): TrackedStream<C> {
    const held = checkReservation(reservation, 'trackStream');
    const checked = checkOptions(options, 'trackStream');
    if (typeof source !== 'object' || source === null || typeof (source as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] !== 'function') {
      throw usageError(`trackStream takes an async iterable stream (the SDK's stream, or an AI SDK result's fullStream); got ${shownValue(source)}.`, {});
    }
    if (checked.usage !== undefined && typeof checked.usage !== 'function') throw usageError('trackStream: options.usage must be a function (chunk, previous) => usage.', {});
    const forcedTier = checkTier(checked.tier, 'trackStream');
    const key = commitKey(held, checked.idempotencyKey);
    const custom = checked.usage;
    let customUsage: Usage | undefined;
    const observer: StreamUsageObserver =
      custom === undefined
        ? defaultStreamObserver()
        : {
            observe(chunk: unknown) {
              customUsage = custom(chunk as C, customUsage);
            },
            get usage() {
              return customUsage;
            },
            get requests() {
              return customUsage === undefined ? [] : [{ model: null, usage: customUsage }];
            },
            tier: null,
            final: null,
            finishedWithoutUsage: false,
            failedBeforeOutput: undefined,
          };
    let settle: (result: CommitResult) => void = () => undefined;
    let fail: (error: unknown) => void = () => undefined;
    const committed = new Promise<CommitResult>((resolve, reject) => {
      settle = resolve;
      fail = reject;
    });
    committed.then(undefined, () => undefined); // never an unhandled rejection

    let finishing: Promise<void> | undefined;
    let started = false;
    let observeError: unknown;
    let expiry: unknown;

    /** `ended`: the source's iteration ended by itself (not a break, a throw or an abandoned stream). */
    function finish(ended: boolean, sourceError: unknown): Promise<void> {
      finishing ??= (async () => {
        if (expiry !== undefined) timers.clearTimeout(expiry);
        const usage = observer.usage;
        let seen: Actual | undefined;
        let seenError: unknown = observeError;
        if (usage !== undefined && seenError === undefined) {
          try {
            seen = priceRead(held, { requests: observer.requests, tier: observer.tier }, forcedTier);
          } catch (error) {
            seenError = error;
          }
        }
        // A call that failed before any output (streamText's HTTP error) billed nothing: release it.
        if (ended && usage === undefined && observer.failedBeforeOutput !== undefined) {
          await safeRelease(held);
          fail(observer.failedBeforeOutput);
          return;
        }
        // A custom reader cannot say whether the end event came: a normal end is taken as complete.
        const complete = observer.final ?? ended;
        let actual: Actual;
        if (seenError !== undefined) {
          report(seenError, 'usage');
          actual = worstActual(held, 'usage-unreadable', seenError, undefined);
        } else if (complete && seen !== undefined && sourceError === undefined) {
          actual = seen;
        } else if (ended && usage === undefined && sourceError === undefined && (observer.final === null || observer.finishedWithoutUsage)) {
          actual = worstActual(held, 'stream-without-usage', undefined, undefined);
          report(new LlmSpendError('INVALID_USAGE', actual.fallback?.message ?? '', { reservation: held.id }), 'usage');
        } else {
          actual = worstActual(held, 'stream-incomplete', sourceError, seen);
        }
        try {
          settle(await commitPriced(held, held.scope, actual, key, 'commit'));
        } catch (error) {
          if (failOpen) report(error, 'commit');
          fail(error);
        }
      })();
      return finishing;
    }

    let iterator: AsyncIterator<C> | undefined;
    const stream = {
      async next(): Promise<IteratorResult<C, void>> {
        if (finishing !== undefined) return { done: true, value: undefined };
        if (!started) {
          started = true;
          if (expiry !== undefined) timers.clearTimeout(expiry);
        }
        let step: IteratorResult<C>;
        try {
          if (iterator === undefined) {
            const made: unknown = source[Symbol.asyncIterator]();
            if (typeof made !== 'object' || made === null || typeof (made as AsyncIterator<C>).next !== 'function') {
              throw usageError(`trackStream: the stream's [Symbol.asyncIterator]() returned ${shownValue(made)}, not an iterator.`, {});
            }
            iterator = made as AsyncIterator<C>;
          }
          step = await iterator.next();
          if (typeof step !== 'object' || step === null) throw usageError(`trackStream: the stream's next() gave ${shownValue(step)}, not an iterator result.`, {});
        } catch (error) {
          await finish(false, error ?? new Error('the stream failed'));
          throw error;
        }
        if (step.done === true) {
          await finish(true, undefined);
          return { done: true, value: undefined };
        }
        if (observeError === undefined) {
          try {
            observer.observe(step.value);
          } catch (error) {
            observeError = error;
          }
        }
        return { done: false, value: step.value };
      },
      async return(): Promise<IteratorResult<C, void>> {
        if (finishing === undefined) {
          try {
            await iterator?.return?.();
          } catch {
            // the source's own cleanup failing does not change what is committed
          }
          await finish(false, undefined);
        }
        return { done: true, value: undefined };
      },
      async throw(error: unknown): Promise<IteratorResult<C, void>> {
        if (finishing === undefined) {
          try {
            await iterator?.return?.();
          } catch {
            // as in return()
          }
          await finish(false, error);
        }
        throw error;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };

    // A stream never read is settled when its reservation expires (the worst case is committed).
    // Timers hold at most 2^31 − 1 ms (a longer delay fires at once): a longer wait is chained.
    const remaining = (typeof held.expiresAt === 'string' ? Date.parse(held.expiresAt) : Number.NaN) - now();
    const arm = (ms: number): void => {
      expiry = timers.setTimeout(() => {
        expiry = undefined;
        if (started) return;
        if (ms > MAX_TIMER_MS) arm(ms - MAX_TIMER_MS);
        else void finish(false, undefined);
      }, Math.min(ms, MAX_TIMER_MS));
      (expiry as { unref?: () => void } | undefined)?.unref?.();
    };
    if (Number.isFinite(remaining)) arm(Math.min(Math.max(remaining, 0), MAX_TTL_MS));

    return { stream: stream as unknown as AsyncGenerator<C, void, undefined>, committed };
  }

  async function runStream<C>(
    request: ReserveRequest,
    call: (reservation: Reservation) => Promise<AsyncIterable<C>> | AsyncIterable<C>,
    options?: StreamOptions<C>,
  ): Promise<StreamRunResult<C>> {
    const checked = checkOptions(options, 'runStream');
    if (typeof call !== 'function') throw usageError(`runStream: call must be a function that starts the stream; got ${shownValue(call)}.`, {});
    checkTier(checked.tier, 'runStream');
    if (checked.idempotencyKey !== undefined) checkIdempotencyKey(checked.idempotencyKey);
    if (checked.usage !== undefined && typeof checked.usage !== 'function') throw usageError('runStream: options.usage must be a function (chunk, previous) => usage.', {});
    const reserved = await reserve(request);
    if (!reserved.ok) return reserved;
    const reservation = reserved.reservation;
    let source: AsyncIterable<C>;
    try {
      source = await call(reservation);
    } catch (error) {
      await safeRelease(reservation);
      throw error;
    }
    try {
      return { ok: true, reservation, ...trackStream(reservation, source, checked) };
    } catch (error) {
      await safeRelease(reservation);
      throw error;
    }
  }

  return {
    limits: limits.map((limit) => limit.info),
    reserve,
    commit,
    release,
    record,
    status,
    run,
    runStream,
    trackStream,
  };
}

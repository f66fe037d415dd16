// The budget guard's public types: what reserve, commit, record, status, run and the stream
// helpers take and return, the guard's options, and the BudgetGuard interface itself.
import type { LlmSpendError } from '../errors.js';
import type { CostEstimate } from '../estimate/estimate.js';
import type { Usage } from '../estimate/usage.js';
import type { UsdInput, UsdString } from '../money/usd.js';
import type { ServiceTier } from '../pricing/schema.js';
import type { ModelId, PricingTable } from '../pricing/table.js';
import type { BudgetLimit, LimitInfo } from './limits.js';
import type { BudgetStore } from './store.js';
import type { createBudgetGuard } from './guard.js'; // for the {@link createBudgetGuard} below

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

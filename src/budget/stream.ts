// Stream tracking: a stream's chunks pass through unchanged while its usage is read; its cost
// is committed once, when it ends, is broken off, fails, or is never read before its
// reservation expires (trackStream), and runStream reserves, starts and tracks in one call.
import { LlmSpendError } from '../errors.js';
import type { Usage } from '../estimate/usage.js';
import { checkIdempotencyKey, checkOptions, checkReservation, checkTier, commitKey, MAX_TTL_MS, shownValue, usageError } from './checks.js';
import { MAX_TIMER_MS, timers, type GuardContext } from './context.js';
import { worstActual, type Actual, type GuardCosts } from './costs.js';
import type { Reservations } from './reservations.js';
import { defaultStreamObserver, type StreamUsageObserver } from './responses.js';
import type { CommitResult, Reservation, ReserveRequest, StreamOptions, StreamRunResult, TrackedStream } from './types.js';

/** The stream operations of one guard, on its context, pricing and reservations. */
export function createStreams(context: GuardContext, costs: GuardCosts, reservations: Reservations) {
  const { failOpen, now, report } = context;
  const { priceRead } = costs;
  const { reserve, commitPriced, safeRelease } = reservations;

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

  return { trackStream, runStream };
}

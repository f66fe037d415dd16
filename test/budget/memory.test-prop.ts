// The guard on the memory store against a reference model (plain bigint bookkeeping), over
// random sequences of reserve / commit / release / record / clock advances that cross day
// boundaries and reservation expiries. After every step:
//   - every answer (admitted or refused, duplicate or not, released or not) is the model's;
//   - spent and reserved equal the model's, to the pico-dollar;
//   - spent + reserved + remaining = limit + overshoot, and remaining ≥ 0
//     (so spent + reserved + remaining = limit whenever nothing overshot);
//   - an admitted reservation never takes spent + reserved over the limit.
// And over each run, each threshold fires at most once per window, exactly for the
// thresholds the window's spend reached.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBudgetGuard, memoryStore, type Reservation, type ThresholdEvent } from '../../src/budget/index.js';
import { fcOptions } from '../seed.js';

const DAY = 86_400_000;
const TTL = 10 * 60_000;
const IDEMPOTENCY_TTL = 60 * 60_000;
const START = Date.parse('2026-06-10T21:00:00Z');
const THRESHOLDS = [0.5, 0.8, 1];

type Op =
  | { readonly kind: 'reserve'; readonly share: number }
  | { readonly kind: 'commit'; readonly pick: number; readonly factor: number }
  | { readonly kind: 'release'; readonly pick: number }
  | { readonly kind: 'record'; readonly share: number }
  | { readonly kind: 'advance'; readonly ms: number }
  | { readonly kind: 'midnight'; readonly before: boolean };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('reserve' as const), share: fc.integer({ min: 0, max: 400 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('commit' as const), pick: fc.nat(), factor: fc.integer({ min: 0, max: 1500 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('record' as const), share: fc.integer({ min: 0, max: 300 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      // exact reservation lifetimes and ±1 ms around them hit the expiry boundary itself
      ms: fc.oneof(fc.integer({ min: 0, max: 40 * 60_000 }), fc.constantFrom(TTL, TTL - 1, 1, TTL / 2)),
    }),
  },
  // to the next midnight (a window boundary), or 1 ms before it
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('midnight' as const), before: fc.boolean() }) },
);

function usd(units: bigint): string {
  const text = units.toString().padStart(13, '0');
  return `${text.slice(0, -12)}.${text.slice(-12)}`;
}
function units(text: string): bigint {
  const [whole = '0', fraction = ''] = text.split('.');
  return BigInt(whole + fraction.padEnd(12, '0'));
}

interface ModelReservation {
  readonly reservation: Reservation;
  readonly units: bigint;
  readonly window: number;
  readonly expiresAt: number;
  held: boolean;
  committedAt: number | null;
}

describe('memory store against a reference model (property)', () => {
  it('answers, spend and reservations match the model; the limit identity holds; thresholds fire once per window', async () => {
    await fc.assert(
      fc.asyncProperty(fc.bigInt({ min: 10n ** 6n, max: 10n ** 12n }), fc.array(op, { minLength: 1, maxLength: 60 }), async (limit, ops) => {
        let now = START;
        const events: ThresholdEvent[] = [];
        const guard = createBudgetGuard({
          limits: [{ usd: usd(limit), window: 'day' }],
          store: memoryStore({ sweepEveryMs: 0 }),
          reservationTtlMs: TTL,
          idempotencyTtlMs: IDEMPOTENCY_TTL,
          thresholds: THRESHOLDS,
          onThreshold: (event) => void events.push(event),
          now: () => now,
        });
        const spent = new Map<number, bigint>();
        const made: ModelReservation[] = [];
        const windowOf = (at: number): number => Math.floor(at / DAY);
        const reservedIn = (window: number): bigint =>
          made.filter((item) => item.held && item.window === window && item.expiresAt > now).reduce((sum, item) => sum + item.units, 0n);

        for (const step of ops) {
          const window = windowOf(now);
          switch (step.kind) {
            case 'reserve': {
              const amount = (limit * BigInt(step.share)) / 1000n;
              const fits = (spent.get(window) ?? 0n) + reservedIn(window) + amount <= limit;
              const result = await guard.reserve({ usd: usd(amount) });
              expect(result.ok).toBe(fits);
              if (result.ok) {
                made.push({ reservation: result.reservation, units: amount, window, expiresAt: now + TTL, held: true, committedAt: null });
                const [status] = await guard.status();
                expect(units(status?.spent ?? '') + units(status?.reserved ?? '')).toBeLessThanOrEqual(limit);
              } else {
                const left = limit - (spent.get(window) ?? 0n) - reservedIn(window);
                expect(units(result.remaining)).toBe(left > 0n ? left : 0n);
              }
              break;
            }
            case 'commit': {
              const item = made[step.pick % Math.max(1, made.length)];
              if (item === undefined) break;
              const actual = (item.units * BigInt(step.factor)) / 1000n;
              const duplicate = item.committedAt !== null && now < item.committedAt + IDEMPOTENCY_TTL;
              const wasHeld = item.held && item.expiresAt > now;
              const result = await guard.commit(item.reservation, { usd: usd(actual) });
              expect(result.duplicate).toBe(duplicate);
              expect(result.released).toBe(wasHeld);
              item.held = false;
              if (!duplicate) {
                spent.set(window, (spent.get(window) ?? 0n) + actual);
                item.committedAt = now;
              }
              break;
            }
            case 'release': {
              const item = made[step.pick % Math.max(1, made.length)];
              if (item === undefined) break;
              expect(await guard.release(item.reservation)).toBe(item.held && item.expiresAt > now);
              item.held = false;
              break;
            }
            case 'record': {
              const amount = (limit * BigInt(step.share)) / 1000n;
              await guard.record({ usd: usd(amount) });
              spent.set(window, (spent.get(window) ?? 0n) + amount);
              break;
            }
            case 'advance':
              now += step.ms;
              break;
            case 'midnight':
              now = (Math.floor(now / DAY) + 1) * DAY - (step.before ? 1 : 0);
              break;
          }
          const current = windowOf(now);
          const [status] = await guard.status();
          if (status === undefined) throw new Error('no status');
          const modelSpent = spent.get(current) ?? 0n;
          const modelReserved = reservedIn(current);
          expect([units(status.spent), units(status.reserved)]).toEqual([modelSpent, modelReserved]);
          const remaining = units(status.remaining);
          expect(remaining >= 0n).toBe(true);
          expect(units(status.spent) + units(status.reserved) + remaining).toBe(limit + units(status.overshoot));
        }

        // Thresholds: at most once per window and threshold, exactly those the window's spend reached.
        const fired = events.map((event) => `${event.windowStart} ${event.threshold}`);
        expect(new Set(fired).size).toBe(fired.length);
        const expected: string[] = [];
        for (const [window, total] of spent) {
          for (const threshold of THRESHOLDS) {
            const needed = (limit * BigInt(Math.round(threshold * 10))) / 10n + ((limit * BigInt(Math.round(threshold * 10))) % 10n === 0n ? 0n : 1n);
            if (total >= needed) expected.push(`${new Date(window * DAY).toISOString()} ${threshold}`);
          }
        }
        expect([...fired].sort()).toEqual(expected.sort());
      }),
      fcOptions,
    );
  });
});

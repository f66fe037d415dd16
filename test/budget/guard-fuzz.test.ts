// Regression tests for bugs the guard fuzz suite (test/fuzz/guard.test-prop.ts) found.
import { describe, expect, it } from 'vitest';
import { createBudgetGuard, type Reservation } from '../../src/budget/index.js';
import { isLlmSpendError } from '../../src/errors.js';

function code(error: unknown): string {
  return isLlmSpendError(error) ? error.code : `not an LlmSpendError: ${String(error)}`;
}

const NOW = Date.parse('2026-06-10T12:00:00Z');

function guardOf() {
  return createBudgetGuard({ limits: [{ usd: '5', window: 'day' }], now: () => NOW });
}

describe('guard fuzz regressions (issue 10)', () => {
  it('a tier that is not a string is INVALID_USAGE in reserve and record, not a TypeError', async () => {
    const guard = guardOf();
    for (const tier of [Symbol('batch'), 1n, {}, 42]) {
      await expect(guard.reserve({ model: 'gpt-5.4-mini', inputTokens: 1, maxOutputTokens: 1, tier: tier as never }).catch(code)).resolves.toBe('INVALID_USAGE');
      await expect(guard.record({ model: 'gpt-5.4-mini', usage: { inputTokens: 1, outputTokens: 1 }, tier: tier as never }).catch(code)).resolves.toBe('INVALID_USAGE');
    }
    expect((await guard.status())[0]).toMatchObject({ spent: '0', reserved: '0' });
  });

  it('a ttlMs that cannot be printed (a null-prototype object) is INVALID_USAGE, not a TypeError', async () => {
    const guard = guardOf();
    await expect(guard.reserve({ usd: '1', ttlMs: Object.create(null) as never }).catch(code)).resolves.toBe('INVALID_USAGE');
    let caught: unknown;
    try {
      createBudgetGuard({ limits: [{ usd: '5', window: 'day' }], reservationTtlMs: Object.create(null) as never });
    } catch (error) {
      caught = error;
    }
    expect(code(caught)).toBe('INVALID_LIMITS');
  });

  it('a now option that is not a function is refused by createBudgetGuard (INVALID_LIMITS), not a TypeError at the first call', () => {
    for (const now of [42, 'Date.now', null, {}]) {
      let caught: unknown;
      try {
        createBudgetGuard({ limits: [{ usd: '5', window: 'day' }], now: now as never });
      } catch (error) {
        caught = error;
      }
      expect(code(caught)).toBe('INVALID_LIMITS');
    }
  });

  it('trackStream of a reservation held longer than 2^31 ms (about 24.8 days) does not commit the unread stream at once', async () => {
    const guard = guardOf();
    const reserved = await guard.reserve({ usd: '1', ttlMs: 30 * 86_400_000 });
    if (!reserved.ok) throw new Error('refused');
    const tracked = guard.trackStream(reserved.reservation, (async function* () {
      yield 1;
    })(), { usage: () => ({ inputTokens: 1, outputTokens: 1 }) });
    const early = await Promise.race([tracked.committed.then(() => 'committed'), new Promise((resolve) => setTimeout(() => resolve('pending'), 50))]);
    expect(early).toBe('pending');
    expect((await guard.status())[0]).toMatchObject({ spent: '0', reserved: '1' });
    await tracked.stream.return();
    expect(await tracked.committed).toMatchObject({ usd: '1', basis: 'reservation' });
  });

  it('a stream whose iterator is malformed rejects with INVALID_USAGE and commits the worst case, not a TypeError', async () => {
    const sources = [
      { [Symbol.asyncIterator]: () => 42 },
      { [Symbol.asyncIterator]: () => ({ next: () => undefined }) },
      { [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve(null) }) },
    ];
    for (const source of sources) {
      const guard = guardOf();
      const reserved = await guard.reserve({ usd: '1' });
      if (!reserved.ok) throw new Error('refused');
      const tracked = guard.trackStream(reserved.reservation, source as never);
      await expect(tracked.stream.next().catch(code)).resolves.toBe('INVALID_USAGE');
      expect(await tracked.committed).toMatchObject({ usd: '1', basis: 'reservation', fallback: { reason: 'stream-incomplete' } });
      expect((await guard.status())[0]).toMatchObject({ spent: '1', reserved: '0' });
    }
  });

  it('a tampered expiresAt (a symbol) does not make trackStream throw a TypeError', async () => {
    const guard = guardOf();
    const reserved = await guard.reserve({ usd: '1' });
    if (!reserved.ok) throw new Error('refused');
    const tampered = { ...reserved.reservation, expiresAt: Symbol('soon') } as unknown as Reservation;
    const tracked = guard.trackStream(tampered, (async function* () {})(), { usage: () => ({ inputTokens: 1, outputTokens: 1 }) });
    await tracked.stream.return();
    expect(await tracked.committed).toMatchObject({ usd: '1' });
  });
});

describe('a commit no hold covered is all overshoot (found by the guard fuzz suite)', () => {
  it('after release or expiry, the whole commit is overshoot, so spent + reserved never passes the limit unreported', async () => {
    let now = Date.parse('2026-06-10T12:00:00Z');
    const guard = createBudgetGuard({ limits: [{ usd: '1', rollingMs: 3_600_000 }], now: () => now });
    const first = await guard.reserve({ usd: '0.4' });
    if (!first.ok) throw new Error('refused');
    expect(await guard.release(first.reservation)).toBe(true);
    const second = await guard.reserve({ usd: '1' }); // admitted: the first hold is gone
    if (!second.ok) throw new Error('refused');
    const late = await guard.commit(first.reservation, { usd: '0.3' });
    expect(late).toMatchObject({ usd: '0.3', reservedUsd: '0.4', overshootUsd: '0.3', released: false });
    const status = (await guard.status())[0];
    expect(status).toMatchObject({ spent: '0.3', reserved: '1', overshoot: '0.3' });
    // Expiry too: a reservation whose TTL passed.
    expect(await guard.release(second.reservation)).toBe(true);
    const third = await guard.reserve({ usd: '0.1', ttlMs: 1000 });
    if (!third.ok) throw new Error('refused');
    now += 2000;
    expect(await guard.commit(third.reservation, { usd: '0.05' })).toMatchObject({ reservedUsd: '0.1', overshootUsd: '0.05', released: false });
    // A duplicate adds nothing, so it reports no overshoot.
    expect(await guard.commit(third.reservation, { usd: '0.05' })).toMatchObject({ duplicate: true, overshootUsd: '0' });
  });
});

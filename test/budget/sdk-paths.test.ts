// Issue 9 at the guard: every path commits what the provider bills, or the worst case with the
// reason in the result; a stream counts as complete only when the provider's END event came;
// every reservation is settled. Payloads are the shapes the SDKs hand back (the real-SDK
// matrix over HTTP is test/sdk/). Dollar figures are worked by hand from the price pages.
import { describe, expect, it } from 'vitest';
import { createBudgetGuard, type CommitResult, type Reservation } from '../../src/budget/index.js';
import { isLlmSpendError } from '../../src/errors.js';
import { clock } from './contract.js';

const at = '2026-06-10T12:00:00Z';

function guardOf(extra: Partial<Parameters<typeof createBudgetGuard>[0]> = {}) {
  const time = clock(at);
  const errors: unknown[] = [];
  const guard = createBudgetGuard({ limits: [{ usd: '100', window: 'day' }], now: time.now, onError: (error) => errors.push(error), ...extra });
  return { time, guard, errors };
}

async function* chunks<T>(items: readonly T[], options: { failAfter?: number } = {}): AsyncGenerator<T> {
  let index = 0;
  for (const item of items) {
    if (options.failAfter !== undefined && index === options.failAfter) throw new Error('socket hang up');
    index += 1;
    yield item;
  }
}

/** Settles or fails the test (never hangs on a pending `committed`). */
async function settled(promise: Promise<CommitResult>, ms = 2000): Promise<CommitResult> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`committed did not settle within ${ms} ms`)), ms))]);
}

const claudeUsage = {
  input_tokens: 50,
  cache_read_input_tokens: 10_000,
  cache_creation_input_tokens: 3000,
  cache_creation: { ephemeral_5m_input_tokens: 2000, ephemeral_1h_input_tokens: 1000 },
  output_tokens: 400,
  output_tokens_details: { thinking_tokens: 150 },
  server_tool_use: { web_search_requests: 2 },
  service_tier: 'standard',
};
const claudeMessage = { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-haiku-4-5', content: [], usage: claudeUsage };
// 50 × $1 + 10,000 × $0.10 + 2,000 × $1.25 + 1,000 × $2.00 + 400 × $5 per million + 2 searches × $0.01
const CLAUDE_COST = '0.02755';
const haiku = { model: 'claude-haiku-4-5', inputTokens: 13_050, maxOutputTokens: 1000 } as const;
// Worst case: 13,050 input at the highest input-side rate ($2.00 1-hour write) + 1,000 × $5 = $0.0311.
const HAIKU_WORST = '0.0311';

function claudeEvents(options: { stop?: boolean } = {}): unknown[] {
  const events: unknown[] = [
    { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-haiku-4-5', content: [], usage: { ...claudeUsage, output_tokens: 1, server_tool_use: null, output_tokens_details: null } } },
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } },
    { type: 'content_block_stop', index: 0 },
    // message_delta: cumulative counts, no TTL split.
    {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn' },
      usage: { input_tokens: 50, cache_read_input_tokens: 10_000, cache_creation_input_tokens: 3000, output_tokens: 400, output_tokens_details: { thinking_tokens: 150 }, server_tool_use: { web_search_requests: 2 } },
    },
  ];
  if (options.stop !== false) events.push({ type: 'message_stop' });
  return events;
}

describe('guard.run reads the response by what it is', () => {
  it('an Anthropic Message with output_tokens_details commits $0.02755 (once $0.00205)', async () => {
    const { guard, errors } = guardOf();
    const result = await guard.run(haiku, () => claudeMessage);
    if (!result.ok) throw new Error('refused');
    expect(result.commit).toMatchObject({ usd: CLAUDE_COST, basis: 'usage', fallback: null, tier: 'standard', warnings: [] });
    expect(errors).toEqual([]);
  });

  it('Anthropic iterations are priced request by request (no long-context tier from their sum)', async () => {
    const { guard } = guardOf();
    const compacted = {
      type: 'message',
      model: 'claude-sonnet-4-5',
      usage: {
        input_tokens: 45_000,
        output_tokens: 1234,
        iterations: [
          { type: 'compaction', input_tokens: 180_000, output_tokens: 3500 },
          { type: 'message', input_tokens: 23_000, output_tokens: 1000 },
        ],
      },
    };
    const result = await guard.run({ model: 'claude-sonnet-4-5', inputTokens: 180_000, maxOutputTokens: 4000 }, () => compacted);
    if (!result.ok) throw new Error('refused');
    // 180,000 × $3 + 3,500 × $15 and 23,000 × $3 + 1,000 × $15 per million
    expect(result.commit).toMatchObject({ usd: '0.6765', basis: 'usage', fallback: null });
    expect(result.commit?.cost).toMatchObject({ input: '0.609', output: '0.0675', total: '0.6765', longContext: false });
  });

  it('the tier the response reports is priced; a reservation at another tier gets a TIER_MISMATCH warning; options.tier overrides', async () => {
    const { guard, errors } = guardOf();
    const flex = { object: 'chat.completion', model: 'gpt-5.4-mini', service_tier: 'flex', choices: [], usage: { prompt_tokens: 1000, completion_tokens: 100 } };
    // gpt-5.4-mini flex: 1,000 × $0.375 + 100 × $2.25 per million = $0.0006
    const asFlex = await guard.run({ model: 'gpt-5.4-mini', inputTokens: 1000, maxOutputTokens: 1000, tier: 'flex' }, () => flex);
    if (!asFlex.ok) throw new Error('refused');
    expect(asFlex.commit).toMatchObject({ usd: '0.0006', tier: 'flex', warnings: [] });

    const priority = { ...flex, service_tier: 'priority' };
    // Reserved at standard, billed at priority: 1,000 × $1.50 + 100 × $9.00 per million = $0.0024
    const mismatch = await guard.run({ model: 'gpt-5.4-mini', inputTokens: 1000, maxOutputTokens: 1000 }, () => priority);
    if (!mismatch.ok) throw new Error('refused');
    expect(mismatch.commit).toMatchObject({ usd: '0.0024', tier: 'priority', warnings: [{ code: 'TIER_MISMATCH' }] });
    expect(errors.some((error) => isLlmSpendError(error, 'TIER_MISMATCH'))).toBe(true);

    const forced = await guard.run({ model: 'gpt-5.4-mini', inputTokens: 1000, maxOutputTokens: 1000 }, () => priority, { tier: 'standard' });
    if (!forced.ok) throw new Error('refused');
    // 1,000 × $0.75 + 100 × $4.50 per million
    expect(forced.commit).toMatchObject({ usd: '0.0012', tier: 'standard', warnings: [] });

    const batch = { ...claudeMessage, usage: { ...claudeUsage, service_tier: 'batch' } };
    const asBatch = await guard.run({ ...haiku, tier: 'batch' }, () => batch);
    if (!asBatch.ok) throw new Error('refused');
    // Half of every rate, the search fee unchanged: $0.003775 + $0.02
    expect(asBatch.commit).toMatchObject({ usd: '0.023775', tier: 'batch' });
  });

  it('an unreadable usage is visible in the result (without onError): worst case, fallback usage-unreadable', async () => {
    const guard = createBudgetGuard({ limits: [{ usd: '100', window: 'day' }], now: clock(at).now });
    const langchain = { content: 'hi', usage_metadata: { input_tokens: 1000, output_tokens: 100, input_token_details: { cache_read: 900 } } };
    const ok = await guard.run({ model: 'gpt-5.4-mini', inputTokens: 1000, maxOutputTokens: 1000 }, () => langchain);
    if (!ok.ok) throw new Error('refused');
    // LangChain is read: 100 × $0.75 + 900 × $0.075 + 100 × $4.50 per million
    expect(ok.commit).toMatchObject({ usd: '0.0005925', fallback: null });

    const noUsage = await guard.run({ model: 'gpt-5.4-mini', inputTokens: 1000, maxOutputTokens: 1000 }, () => ({ object: 'chat.completion', choices: [], usage: null }));
    if (!noUsage.ok) throw new Error('refused');
    expect(noUsage.commit).toMatchObject({ usd: noUsage.reservation.usd, basis: 'reservation', fallback: { reason: 'usage-unreadable' } });
    expect(noUsage.commit?.fallback?.error?.code).toBe('INVALID_USAGE');
    expect(noUsage.commit?.fallback?.message).toContain("usage is null");
  });

  it('an AI SDK generateText result through the Anthropic provider bills the 1-hour writes and the searches', async () => {
    const { guard } = guardOf();
    const result = {
      text: 'Hello',
      steps: [{ usage: { inputTokens: 13_050, outputTokens: 400, totalTokens: 13_450, raw: claudeUsage }, providerMetadata: { anthropic: { usage: claudeUsage } } }],
      totalUsage: { inputTokens: 13_050, outputTokens: 400, totalTokens: 13_450 },
      response: { modelId: 'claude-haiku-4-5' },
    };
    const run = await guard.run(haiku, () => result);
    if (!run.ok) throw new Error('refused');
    expect(run.commit).toMatchObject({ usd: CLAUDE_COST, fallback: null }); // once $0.0068
  });
});

describe('streams complete only on the provider end event', () => {
  it('an Anthropic stream: message_delta keeps the 1-hour split of message_start; message_stop completes it', async () => {
    const { guard } = guardOf();
    const run = await guard.runStream(haiku, () => chunks(claudeEvents()));
    if (!run.ok) throw new Error('refused');
    let count = 0;
    for await (const event of run.stream) if (event !== undefined) count += 1;
    expect(count).toBe(6);
    expect(await settled(run.committed)).toMatchObject({ usd: CLAUDE_COST, basis: 'usage', fallback: null }); // once $0.0268 (1-hour writes at the 5-minute rate)
  });

  it('an Anthropic stream that ends quietly without message_stop (the SDK on abort) commits the worst case, not the message_start usage', async () => {
    const { guard } = guardOf();
    const quiet = await guard.runStream(haiku, () => chunks(claudeEvents({ stop: false }).slice(0, 3)));
    if (!quiet.ok) throw new Error('refused');
    for await (const event of quiet.stream) void event;
    expect(await settled(quiet.committed)).toMatchObject({ usd: HAIKU_WORST, basis: 'reservation', fallback: { reason: 'stream-incomplete' } });
  });

  it('break, a failing source, and a stream closed unread all settle at the worst case', async () => {
    const { guard } = guardOf();
    const broken = await guard.runStream(haiku, () => chunks(claudeEvents()));
    if (!broken.ok) throw new Error('refused');
    for await (const event of broken.stream) {
      void event;
      break;
    }
    expect(await settled(broken.committed)).toMatchObject({ usd: HAIKU_WORST, fallback: { reason: 'stream-incomplete' } });

    const failing = await guard.runStream(haiku, () => chunks(claudeEvents(), { failAfter: 3 }));
    if (!failing.ok) throw new Error('refused');
    await expect((async () => {
      for await (const event of failing.stream) void event;
    })()).rejects.toThrow('socket hang up');
    const failed = await settled(failing.committed);
    expect(failed).toMatchObject({ usd: HAIKU_WORST, fallback: { reason: 'stream-incomplete' } });
    expect(failed.fallback?.message).toContain('socket hang up');

    const unread = await guard.runStream(haiku, () => chunks(claudeEvents()));
    if (!unread.ok) throw new Error('refused');
    expect(await unread.stream.return(undefined)).toEqual({ done: true, value: undefined });
    expect(await settled(unread.committed)).toMatchObject({ usd: HAIKU_WORST, fallback: { reason: 'stream-incomplete' } });
    expect((await guard.status())[0]).toMatchObject({ reserved: '0', spent: '0.0933' });
  });

  it('a stream never read and never closed settles when its reservation expires', async () => {
    const { guard } = guardOf();
    const run = await guard.runStream({ ...haiku, ttlMs: 50 }, () => chunks(claudeEvents()));
    if (!run.ok) throw new Error('refused');
    expect(await settled(run.committed)).toMatchObject({ usd: HAIKU_WORST, fallback: { reason: 'stream-incomplete' } });
    // Reading it afterwards yields nothing and commits nothing more.
    expect(await run.stream.next()).toEqual({ done: true, value: undefined });
    expect((await guard.status())[0]).toMatchObject({ reserved: '0', spent: HAIKU_WORST });
  });

  it('an OpenAI chat stream without include_usage is visible as stream-without-usage; with it, exact and at the chunk\'s tier', async () => {
    const { guard } = guardOf();
    const text = [
      { object: 'chat.completion.chunk', service_tier: 'default', choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }] },
      { object: 'chat.completion.chunk', service_tier: 'default', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
    ];
    const without = await guard.runStream({ model: 'gpt-5.4-mini', inputTokens: 1000, maxOutputTokens: 1000 }, () => chunks(text));
    if (!without.ok) throw new Error('refused');
    for await (const chunk of without.stream) void chunk;
    const committed = await settled(without.committed);
    expect(committed).toMatchObject({ usd: without.reservation.usd, basis: 'reservation', fallback: { reason: 'stream-without-usage' } });
    expect(committed.fallback?.message).toContain('include_usage');

    const flexChunks = [...text.map((chunk) => ({ ...chunk, service_tier: 'flex' })), { object: 'chat.completion.chunk', service_tier: 'flex', choices: [], usage: { prompt_tokens: 1000, completion_tokens: 100 } }];
    const flex = await guard.runStream({ model: 'gpt-5.4-mini', inputTokens: 1000, maxOutputTokens: 1000, tier: 'flex' }, () => chunks(flexChunks));
    if (!flex.ok) throw new Error('refused');
    for await (const chunk of flex.stream) void chunk;
    expect(await settled(flex.committed)).toMatchObject({ usd: '0.0006', tier: 'flex', fallback: null });
  });

  it('Gemini: the chunk with a finishReason completes the stream; without it, the worst case', async () => {
    const { guard } = guardOf();
    const gemini = [
      { candidates: [{ content: { parts: [{ text: 'Hel' }] } }], usageMetadata: { promptTokenCount: 1000, candidatesTokenCount: 5, totalTokenCount: 1005 } },
      { candidates: [{ content: { parts: [{ text: 'lo' }] }, finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 1000, candidatesTokenCount: 100, thoughtsTokenCount: 50, totalTokenCount: 1150 } },
    ];
    const request = { model: 'gemini-2.5-flash', inputTokens: 1000, maxOutputTokens: 1000 } as const;
    const full = await guard.runStream(request, () => chunks(gemini));
    if (!full.ok) throw new Error('refused');
    for await (const chunk of full.stream) void chunk;
    // 1,000 × $0.30 + 150 × $2.50 per million
    expect(await settled(full.committed)).toMatchObject({ usd: '0.000675', fallback: null });

    const cut = await guard.runStream(request, () => chunks(gemini.slice(0, 1)));
    if (!cut.ok) throw new Error('refused');
    for await (const chunk of cut.stream) void chunk;
    expect(await settled(cut.committed)).toMatchObject({ usd: cut.reservation.usd, fallback: { reason: 'stream-incomplete' } });
  });

  it('an AI SDK fullStream: finish-step parts with the provider usage, completed by finish', async () => {
    const { guard } = guardOf();
    const parts = [
      { type: 'start' },
      { type: 'text-delta', id: '0', text: 'Hello' },
      { type: 'finish-step', finishReason: 'stop', usage: { inputTokens: 13_050, outputTokens: 400, totalTokens: 13_450, raw: claudeUsage }, providerMetadata: { anthropic: { usage: claudeUsage } } },
      { type: 'finish', finishReason: 'stop', totalUsage: { inputTokens: 13_050, outputTokens: 400, totalTokens: 13_450 } },
    ];
    const full = await guard.runStream(haiku, () => chunks(parts));
    if (!full.ok) throw new Error('refused');
    for await (const part of full.stream) void part;
    expect(await settled(full.committed)).toMatchObject({ usd: CLAUDE_COST, fallback: null });

    const aborted = await guard.runStream(haiku, () => chunks([...parts.slice(0, 2), { type: 'abort' }]));
    if (!aborted.ok) throw new Error('refused');
    for await (const part of aborted.stream) void part;
    expect(await settled(aborted.committed)).toMatchObject({ usd: HAIKU_WORST, fallback: { reason: 'stream-incomplete' } });
  });

  it('a cancelled stream that had already shown more than the worst case commits what it showed (never less)', async () => {
    const { guard } = guardOf();
    // Hidden reasoning past the declared maximum: 6,000 output tokens seen on a 1,000-token reservation.
    const events = claudeEvents({ stop: false }).map((event) =>
      (event as { type: string }).type === 'message_delta' ? { ...(event as object), usage: { output_tokens: 6000 } } : event,
    );
    const run = await guard.runStream(haiku, () => chunks(events));
    if (!run.ok) throw new Error('refused');
    for await (const event of run.stream) void event;
    // Seen: 50 × $1 + 10,000 × $0.10 + 2,000 × $1.25 + 1,000 × $2.00 + 6,000 × $5 per million = $0.03555 > the $0.0311 reserved
    const committed = await settled(run.committed);
    expect(committed).toMatchObject({ usd: '0.03555', overshootUsd: '0.00445', basis: 'reservation', fallback: { reason: 'stream-incomplete' } });
  });
});

describe('a refused guard operation changes nothing (issue 10)', () => {
  async function withReservation() {
    const { guard, time } = guardOf();
    const result = await guard.reserve({ usd: '1', scope: 'acme' });
    if (!result.ok) throw new Error('refused');
    return { guard, time, reservation: result.reservation };
  }

  function code(error: unknown): string {
    return isLlmSpendError(error) ? error.code : `not an LlmSpendError: ${String(error)}`;
  }

  it('a commit of a tampered reservation throws INVALID_USAGE before the store counts anything', async () => {
    const { guard, reservation } = await withReservation();
    const tampered: Array<Partial<Record<keyof Reservation, unknown>>> = [
      { usd: 'abc' },
      { usd: 'Infinity' },
      { usd: '1e3' },
      { scope: undefined },
      { scope: '\uD800' },
      { holds: [1] },
      { id: 42 },
      { tier: 'turbo' },
    ];
    for (const change of tampered) {
      const copy = { ...reservation, ...change };
      if ('scope' in change && change.scope === undefined) delete (copy as { scope?: unknown }).scope;
      await expect(guard.commit(copy as Reservation, { usd: '0.5' }).catch(code)).resolves.toBe('INVALID_USAGE');
    }
    expect((await guard.status('acme'))[0]).toMatchObject({ spent: '0', reserved: '1' });
  });

  it('bad options, keys and scopes are typed errors', async () => {
    const { guard, reservation } = await withReservation();
    await expect(guard.commit(reservation, { usd: '0.5' }, null as never).catch(code)).resolves.toBe('INVALID_USAGE');
    await expect(guard.commit(reservation, { usd: '0.5' }, { idempotencyKey: 10n as never }).catch(code)).resolves.toBe('INVALID_USAGE');
    await expect(guard.reserve({ usd: '1', scope: 'a\uDC00b' }).catch(code)).resolves.toBe('INVALID_USAGE');
    await expect(guard.reserve({ usd: '1', scope: { tenant: '\uD83D' } }).catch(code)).resolves.toBe('INVALID_USAGE');
    expect(() => guard.trackStream(reservation, 42 as never)).toThrow(/async iterable/);
    await expect(guard.run({ usd: '1' }, () => ({}), { tier: 'gold' as never }).catch(code)).resolves.toBe('INVALID_USAGE');
    await expect(guard.run({ usd: '1' }, () => ({}), { idempotencyKey: '' }).catch(code)).resolves.toBe('INVALID_USAGE');
    await expect(guard.runStream({ usd: '1' }, () => chunks([]), { idempotencyKey: 5 as never }).catch(code)).resolves.toBe('INVALID_USAGE');
    expect((await guard.status('acme'))[0]).toMatchObject({ spent: '0', reserved: '1' });
  });

  it('a clock outside 1970–9999 is a typed error, not a RangeError', async () => {
    for (const bad of [8.64e15, 1e20, -1, Number.NaN]) {
      const guard = createBudgetGuard({ limits: [{ usd: '1', window: 'day' }], now: () => bad });
      await expect(guard.reserve({ usd: '0.1' }).catch(code)).resolves.toBe('INVALID_LIMITS');
    }
  });
});

// The guard itself (with the memory store): the worst case it reserves, limit validation,
// run / runStream with provider responses, failure behaviour, and TSDoc on its exports.
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { createBudgetGuard, memoryStore, type BudgetStore, type Reservation } from '../../src/budget/index.js';
import { isLlmSpendError, type LlmSpendError } from '../../src/errors.js';
import { createPricingTable } from '../../src/pricing/table.js';
import { clock } from './contract.js';

const at = '2026-06-10T12:00:00Z';

function guardOf(extra: Partial<Parameters<typeof createBudgetGuard>[0]> = {}) {
  const time = clock(at);
  return { time, guard: createBudgetGuard({ limits: [{ usd: '100', window: 'day' }], now: time.now, ...extra }) };
}

async function reserved(guard: ReturnType<typeof createBudgetGuard>, request: Parameters<ReturnType<typeof createBudgetGuard>['reserve']>[0]): Promise<Reservation> {
  const result = await guard.reserve(request);
  if (!result.ok) throw new Error(result.message);
  return result.reservation;
}

function thrown(body: () => unknown): LlmSpendError {
  try {
    body();
  } catch (error) {
    if (isLlmSpendError(error)) return error;
    throw error;
  }
  throw new Error('expected an LlmSpendError');
}

describe('the worst case reserved', () => {
  it('is every input token at the highest input-side rate plus maxOutputTokens at the output rate', async () => {
    const { guard } = guardOf();
    // gpt-5.4-mini: input 0.75 (cache writes are billed as input), output 4.50 per 1M
    expect((await reserved(guard, { model: 'gpt-5.4-mini', inputTokens: 2000, maxOutputTokens: 1000 })).usd).toBe('0.006');
    // claude-sonnet-4-5: the 1-hour cache write (6.00) is the highest input-side rate; output 15.00
    expect((await reserved(guard, { model: 'claude-sonnet-4-5', inputTokens: 1000, maxOutputTokens: 500 })).usd).toBe('0.0135');
    // gpt-5.4 above 272K (">272K": 272,001 is the first long-context token): input 5.00, output 22.50
    expect((await reserved(guard, { model: 'gpt-5.4', inputTokens: 272_001, maxOutputTokens: 1000 })).usd).toBe('1.382505');
    // 272,000 is still the base set: input (and cache writes) 2.50, output 15.00
    expect((await reserved(guard, { model: 'gpt-5.4', inputTokens: 272_000, maxOutputTokens: 1000 })).usd).toBe('0.695');
    expect((await reserved(guard, { model: 'gpt-5.4', inputTokens: 271_999, maxOutputTokens: 1000 })).usd).toBe('0.6949975');
    // claude-sonnet-4-5's context is 200,000 since its 1M beta ended: a larger call is not reserved, it is an error
    await expect(guard.reserve({ model: 'claude-sonnet-4-5', inputTokens: 300_000, maxOutputTokens: 500 })).rejects.toMatchObject({ code: 'CONTEXT_EXCEEDED' });
  });

  it('uses the tier asked for, the audio rate when the input may carry audio, and the canonical model id', async () => {
    const { guard } = guardOf();
    const batch = await reserved(guard, { model: 'openai/gpt-5.4-mini', inputTokens: 2000, maxOutputTokens: 1000, tier: 'batch' });
    expect(batch).toMatchObject({ usd: '0.003', model: 'gpt-5.4-mini', tier: 'batch' });
    expect((await reserved(guard, { model: 'gemini-2.5-flash', inputTokens: 1000, maxOutputTokens: 100 })).usd).toBe('0.00055');
    expect((await reserved(guard, { model: 'gemini-2.5-flash', inputTokens: 1000, maxOutputTokens: 100, audioInput: true })).usd).toBe('0.00125');
  });

  it('rounds a cost finer than a pico-dollar UP, never down', async () => {
    const pricing = createPricingTable({
      version: 1,
      checkedAt: '2026-11-01',
      models: [
        {
          id: 'tiny',
          provider: 'self',
          contextWindow: 100_000,
          maxOutputTokens: 1000,
          modalities: { input: ['text'], output: ['text'] },
          reasoning: false,
          prices: [{ standard: { inputPerMillion: '0.0000001', outputPerMillion: '0.0000003' }, sources: [{ url: 'test', checkedAt: '2026-11-01' }] }],
        },
      ],
    });
    const { guard } = guardOf({ pricing });
    const reservation = await reserved(guard, { model: 'tiny', inputTokens: 1, maxOutputTokens: 1 }); // 4e-13 USD
    expect(reservation.usd).toBe('0.000000000001');
    const commit = await guard.commit(reservation, { inputTokens: 3, outputTokens: 0 }); // 3e-13 USD
    expect(commit).toMatchObject({ usd: '0.000000000001', basis: 'usage' });
    expect(commit.cost?.total).toBe('0.0000000000003');
  });

  it('throws for misuse (not a refusal): unknown model, a call that does not fit, bad counts, a scoped limit without its scope', async () => {
    const { guard } = guardOf({ limits: [{ usd: '10', window: 'day', scope: 'tenant' }] });
    await expect(guard.reserve({ model: 'gpt-5.4-mnii', inputTokens: 1, maxOutputTokens: 1, scope: 'a' })).rejects.toMatchObject({ code: 'UNKNOWN_MODEL' });
    await expect(guard.reserve({ model: 'gpt-5.4-mini', inputTokens: 300_000, maxOutputTokens: 1, scope: 'a' })).rejects.toMatchObject({ code: 'CONTEXT_EXCEEDED' });
    await expect(guard.reserve({ model: 'gpt-5.4-mini', inputTokens: 1.5, maxOutputTokens: 1, scope: 'a' })).rejects.toMatchObject({ code: 'INVALID_USAGE', message: expect.stringMatching(/inputTokens/) });
    await expect(guard.reserve({ usd: 0.5, scope: 'a' })).rejects.toMatchObject({ code: 'INVALID_MONEY' });
    await expect(guard.reserve({ usd: '1' })).rejects.toMatchObject({ code: 'INVALID_USAGE', message: expect.stringMatching(/per "tenant"/) });
    await expect(guard.commit({ id: 1 } as never, { usd: '1' })).rejects.toMatchObject({ code: 'INVALID_USAGE' });
  });
});

describe('limits', () => {
  const bad = (limits: unknown, extra: Record<string, unknown> = {}) => thrown(() => createBudgetGuard({ limits: limits as never, ...extra }));

  it('refuses bad limits with INVALID_LIMITS and the path of the field', () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [undefined, 'limits', /must be an array/],
      [[], 'limits', /at least one/],
      [[{ usd: 0.5, window: 'day' }], 'limits[0].usd', /binary float/],
      [[{ window: 'day' }], 'limits[0].usd', /required/],
      [[{ usd: '-1', window: 'day' }], 'limits[0].usd', /negative/],
      [[{ usd: '1e3', window: 'day' }], 'limits[0].usd', /decimal string/],
      [[{ usd: '1000000000000000', window: 'day' }], 'limits[0].usd', /larger than a budget store can hold/],
      [[{ usd: '1', window: 'daily' }], 'limits[0].window', /'day', 'week', 'month'/],
      [[{ usd: '1' }], 'limits[0]', /needs a window/],
      [[{ usd: '1', window: 'day', rollingMs: 1000 }], 'limits[0]', /not both/],
      [[{ usd: '1', window: 'day', timeZone: 'Mars/Olympus_Mons' }], 'limits[0].timeZone', /IANA time zone/],
      [[{ usd: '1', window: 'day', timezone: 'UTC' }], 'limits[0].timezone', /did you mean "timeZone"/],
      [[{ usd: '1', per: 'month' }], 'limits[0].per', /projection budget/],
      [[{ usd: '1', rollingMs: 0 }], 'limits[0].rollingMs', /whole number of milliseconds/],
      [[{ usd: '1', rollingMs: 1.5 }], 'limits[0].rollingMs', /whole number/],
      [[{ usd: '1', rollingMs: 1000, timeZone: 'UTC' }], 'limits[0].timeZone', /calendar windows only/],
      [[{ usd: '1', window: 'day', scope: 'has space' }], 'limits[0].scope', /scope key/],
      [[{ usd: '1', window: 'day', name: 'a:b' }], 'limits[0].name', /letters, digits/],
      [[{ usd: '1', window: 'day' }, { usd: '2', window: 'day', timeZone: 'Etc/UTC' }], 'limits[1]', /same name/],
    ];
    for (const [limits, where, message] of cases) {
      const error = bad(limits);
      expect(error.code, JSON.stringify(limits)).toBe('INVALID_LIMITS');
      expect(error.details['path'], JSON.stringify(limits)).toBe(where);
      expect(error.message, JSON.stringify(limits)).toMatch(message);
    }
    expect(bad([{ usd: '1', window: 'day' }], { thresholds: [0.5, 1.5] }).details['path']).toBe('thresholds[1]');
    expect(bad([{ usd: '1', window: 'day' }], { reservationTtlMs: -1 }).code).toBe('INVALID_LIMITS');
  });

  it('accepts integers and decimal strings, canonicalizes time zones, and rounds a limit finer than a pico-dollar down', () => {
    const guard = createBudgetGuard({
      limits: [
        { usd: 50, window: 'week', timeZone: 'america/new_york' },
        { usd: 1000n, window: 'month' },
        { usd: '0.0000000000019', rollingMs: 3_600_000, scope: 'tenant', name: 'hourly-tenant' },
      ],
    });
    expect(guard.limits).toEqual([
      { name: 'week@America/New_York', usd: '50', window: 'week', timeZone: 'America/New_York', rollingMs: null, scope: null },
      { name: 'month@UTC', usd: '1000', window: 'month', timeZone: 'UTC', rollingMs: null, scope: null },
      { name: 'hourly-tenant', usd: '0.000000000001', window: 'rolling', timeZone: null, rollingMs: 3_600_000, scope: 'tenant' },
    ]);
  });

  it('a limit of 0 is a kill switch: every priced call is refused, and no threshold fires', async () => {
    const events: unknown[] = [];
    const { guard } = guardOf({ limits: [{ usd: '0', window: 'day' }], onThreshold: (event) => void events.push(event) });
    expect(await guard.reserve({ model: 'gpt-5.4-nano', inputTokens: 1, maxOutputTokens: 1 })).toMatchObject({ ok: false, reason: 'exceeds-limit', remaining: '0' });
    await guard.record({ usd: '0.01' });
    expect((await guard.status())[0]).toMatchObject({ spent: '0.01', remaining: '0', overshoot: '0.01' });
    expect(events).toEqual([]);
  });

  it('weeks start on Monday, years on January 1, in the limit\'s time zone', async () => {
    const time = clock('2026-11-25T12:00:00Z'); // a Wednesday
    const guard = createBudgetGuard({ limits: [{ usd: '1', window: 'week', timeZone: 'Asia/Tokyo' }, { usd: '1', window: 'year', timeZone: 'Asia/Kathmandu' }], now: time.now });
    const [week, year] = await guard.status();
    expect([week?.windowStart, week?.resetsAt]).toEqual(['2026-11-22T15:00:00.000Z', '2026-11-29T15:00:00.000Z']);
    expect([year?.windowStart, year?.resetsAt]).toEqual(['2025-12-31T18:15:00.000Z', '2026-12-31T18:15:00.000Z']);
  });
});

describe('run', () => {
  it('commits the usage of an OpenAI Chat Completion, an Anthropic Message, a Gemini response and an AI SDK result', async () => {
    const { guard } = guardOf();
    const openai = await guard.run({ model: 'gpt-5.4-mini', inputTokens: 2006, maxOutputTokens: 1000 }, async () => ({
      object: 'chat.completion',
      choices: [{ message: { content: 'Hi' } }],
      usage: { prompt_tokens: 2006, completion_tokens: 300, total_tokens: 2306, prompt_tokens_details: { cached_tokens: 1920 }, completion_tokens_details: { reasoning_tokens: 0 } },
    }));
    expect(openai.ok && openai.commit).toMatchObject({ usd: '0.0015585', basis: 'usage', reservedUsd: '0.0060045' });

    const anthropic = await guard.run({ model: 'claude-haiku-4-5', inputTokens: 13_050, maxOutputTokens: 1000 }, () => ({
      type: 'message',
      role: 'assistant',
      usage: { input_tokens: 50, cache_read_input_tokens: 10_000, cache_creation_input_tokens: 3000, cache_creation: { ephemeral_5m_input_tokens: 2000, ephemeral_1h_input_tokens: 1000 }, output_tokens: 400 },
    }));
    expect(anthropic.ok && anthropic.commit).toMatchObject({ usd: '0.00755', reservedUsd: '0.0311' });

    const gemini = await guard.run({ model: 'gemini-2.5-flash', inputTokens: 1000, maxOutputTokens: 600 }, () => ({
      usageMetadata: { promptTokenCount: 1000, candidatesTokenCount: 200, thoughtsTokenCount: 300, totalTokenCount: 1500 },
    }));
    expect(gemini.ok && gemini.commit?.usd).toBe('0.00155');

    const aiSdk = await guard.run({ model: 'gpt-5.4-mini', inputTokens: 2006, maxOutputTokens: 1000 }, () => ({
      text: 'Hi',
      totalUsage: { inputTokens: 2006, outputTokens: 300, totalTokens: 2306, cachedInputTokens: 1920 },
    }));
    expect(aiSdk.ok && aiSdk.commit?.usd).toBe('0.0015585');
    expect((await guard.status())[0]?.reserved).toBe('0');
  });

  it('releases the reservation and rethrows when the call throws; returns a refusal without calling', async () => {
    const { guard } = guardOf({ limits: [{ usd: '0.01', window: 'day' }] });
    await expect(
      guard.run({ model: 'gpt-5.4-mini', inputTokens: 2000, maxOutputTokens: 1000 }, () => {
        throw new Error('rate limited');
      }),
    ).rejects.toThrow('rate limited');
    expect((await guard.status())[0]).toMatchObject({ spent: '0', reserved: '0' });
    let called = false;
    const refused = await guard.run({ model: 'gpt-5.4-mini', inputTokens: 2000, maxOutputTokens: 10_000 }, () => {
      called = true;
    });
    expect(refused).toMatchObject({ ok: false, reason: 'exceeds-limit' });
    expect(called).toBe(false);
  });

  it('commits the worst case, and says why, when the response has no readable usage', async () => {
    const errors: string[] = [];
    const { guard } = guardOf({ onError: (error, { operation }) => errors.push(`${operation}: ${isLlmSpendError(error) ? error.code : String(error)}`) });
    const result = await guard.run({ model: 'gpt-5.4-mini', inputTokens: 2000, maxOutputTokens: 1000 }, () => ({ choices: [] }));
    expect(result.ok && result.commit).toMatchObject({ usd: '0.006', basis: 'reservation' });
    expect(errors).toEqual(['usage: INVALID_USAGE']);
    const custom = await guard.run({ usd: '0.5' }, () => 'done', { usage: () => ({ usd: '0.125' }) });
    expect(custom.ok && custom.commit).toMatchObject({ usd: '0.125', basis: 'usd' });
  });
});

async function* chunks<C>(items: readonly C[], failAfter?: number): AsyncGenerator<C> {
  let index = 0;
  for (const item of items) {
    if (failAfter !== undefined && index === failAfter) throw new Error('connection reset');
    index += 1;
    yield item;
  }
}

describe('streams', () => {
  const openaiChunks = [
    { object: 'chat.completion.chunk', choices: [{ delta: { content: 'Hel' } }], usage: null },
    { object: 'chat.completion.chunk', choices: [{ delta: { content: 'lo' } }], usage: null },
    { object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 1000, completion_tokens: 200, total_tokens: 1200 } },
  ];
  const anthropicEvents = [
    { type: 'message_start', message: { usage: { input_tokens: 1000, cache_read_input_tokens: 0, output_tokens: 1 } } },
    { type: 'content_block_delta', delta: { type: 'text_delta', text: 'Hi' } },
    { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 200 } },
    { type: 'message_stop' },
  ];

  it('commits the usage an OpenAI or Anthropic stream reports when it ends', async () => {
    const { guard } = guardOf();
    const openai = await guard.runStream({ model: 'gpt-5.4-mini', inputTokens: 1000, maxOutputTokens: 1000 }, () => chunks(openaiChunks));
    if (!openai.ok) throw new Error('refused');
    const seen: unknown[] = [];
    for await (const chunk of openai.stream) seen.push(chunk);
    expect(seen).toEqual(openaiChunks);
    expect(await openai.committed).toMatchObject({ usd: '0.00165', basis: 'usage' });

    const anthropic = await guard.runStream({ model: 'claude-haiku-4-5', inputTokens: 1000, maxOutputTokens: 1000 }, async () => chunks(anthropicEvents));
    if (!anthropic.ok) throw new Error('refused');
    for await (const event of anthropic.stream) void event;
    expect(await anthropic.committed).toMatchObject({ usd: '0.002', basis: 'usage' });
    expect((await guard.status())[0]).toMatchObject({ spent: '0.00365', reserved: '0' });
  });

  it('commits the worst case when the stream is broken off or fails before its usage, and the error reaches the reader', async () => {
    const { guard } = guardOf();
    const broken = await guard.runStream({ model: 'gpt-5.4-mini', inputTokens: 1000, maxOutputTokens: 1000 }, () => chunks(openaiChunks));
    if (!broken.ok) throw new Error('refused');
    for await (const chunk of broken.stream) {
      void chunk;
      break; // the user closed the page
    }
    expect(await broken.committed).toMatchObject({ usd: '0.00525', basis: 'reservation' });

    const failing = await guard.runStream({ model: 'claude-haiku-4-5', inputTokens: 1000, maxOutputTokens: 1000 }, () => chunks(anthropicEvents, 2));
    if (!failing.ok) throw new Error('refused');
    await expect(
      (async () => {
        for await (const event of failing.stream) void event;
      })(),
    ).rejects.toThrow('connection reset');
    expect(await failing.committed).toMatchObject({ usd: '0.007', basis: 'reservation' });
  });

  it('trackStream with a custom usage reader, for a stream started after reserve', async () => {
    const { guard } = guardOf();
    const reservation = await reserved(guard, { model: 'gpt-5.4-mini', inputTokens: 100, maxOutputTokens: 100 });
    const tracked = guard.trackStream(reservation, chunks(['a', 'bb', 'ccc']), {
      usage: (chunk, previous) => ({ inputTokens: 100, outputTokens: (previous?.outputTokens ?? 0) + chunk.length }),
    });
    for await (const chunk of tracked.stream) void chunk;
    expect(await tracked.committed).toMatchObject({ usd: '0.000102', basis: 'usage' }); // 100 × 0.75 + 6 × 4.5 per 1M
  });

  it('releases when starting the stream throws', async () => {
    const { guard } = guardOf();
    await expect(
      guard.runStream({ usd: '1' }, () => {
        throw new Error('400 Bad Request');
      }),
    ).rejects.toThrow('400');
    expect((await guard.status())[0]?.reserved).toBe('0');
  });
});

describe('failure behaviour', () => {
  const hanging: BudgetStore = {
    reserve: () => new Promise(() => undefined),
    commit: () => new Promise(() => undefined),
    release: () => new Promise(() => undefined),
    status: () => new Promise(() => undefined),
  };

  it('fails closed with STORE_UNAVAILABLE within storeTimeoutMs', async () => {
    const { guard } = guardOf({ store: hanging, storeTimeoutMs: 50 });
    const started = performance.now();
    await expect(guard.reserve({ usd: '1' })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringMatching(/within 50 ms/) });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('with failOpen, admits unguarded and reports; commits of unguarded reservations still try to count', async () => {
    const seen: string[] = [];
    const failing: BudgetStore = { ...memoryStore(), reserve: () => Promise.reject(new Error('ECONNREFUSED')) };
    const { guard } = guardOf({ store: failing, failOpen: true, onError: (error, { operation }) => seen.push(`${operation} ${isLlmSpendError(error) ? error.code : ''}`) });
    const result = await guard.reserve({ usd: '1' });
    expect(result).toMatchObject({ ok: true, reservation: { guarded: false, holds: [] } });
    expect(seen).toEqual(['reserve STORE_UNAVAILABLE']);
    if (!result.ok) throw new Error('refused');
    expect(await guard.release(result.reservation)).toBe(false);
    expect((await guard.commit(result.reservation, { usd: '0.5' })).limits[0]?.spent).toBe('0.5');
  });

  it('run reports a failed commit with the response attached (fail closed), or to onError (fail open)', async () => {
    const store: BudgetStore = { ...memoryStore(), commit: () => Promise.reject(new Error('READONLY')) };
    const closed = guardOf({ store }).guard;
    const failure = await closed.run({ usd: '1' }, () => ({ usage: { prompt_tokens: 1, completion_tokens: 1 } }), { usage: () => ({ usd: '0.5' }) }).catch((error: unknown) => error);
    expect(isLlmSpendError(failure, 'STORE_UNAVAILABLE')).toBe(true);
    expect((failure as LlmSpendError).details['response']).toEqual({ usage: { prompt_tokens: 1, completion_tokens: 1 } });
    const seen: string[] = [];
    const open = guardOf({ store, failOpen: true, onError: (_error, { operation }) => seen.push(operation) }).guard;
    expect(await open.run({ usd: '1' }, () => 'ok', { usage: () => ({ usd: '0.5' }) })).toMatchObject({ ok: true, response: 'ok', commit: null });
    expect(seen).toEqual(['commit']);
  });

  it('an onThreshold that throws or rejects goes to onError and breaks nothing', async () => {
    const seen: string[] = [];
    const { guard } = guardOf({
      limits: [{ usd: '1', window: 'day' }],
      thresholds: [0.5, 1],
      onThreshold: (event) => {
        if (event.threshold === 0.5) throw new Error('pager down');
        return Promise.reject(new Error('webhook 500'));
      },
      onError: (error) => seen.push(error instanceof Error ? error.message : String(error)),
    });
    await guard.record({ usd: '1' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual(['pager down', 'webhook 500']);
  });

  it('a reservation survives JSON (another process may commit it)', async () => {
    const store = memoryStore();
    const time = clock(at);
    const one = createBudgetGuard({ limits: [{ usd: '1', window: 'day', scope: 'tenant' }], store, now: time.now });
    const two = createBudgetGuard({ limits: [{ usd: '1', window: 'day', scope: 'tenant' }], store, now: time.now });
    const reservation = await reserved(one, { model: 'gpt-5.4-mini', inputTokens: 1000, maxOutputTokens: 100, scope: { tenant: 'acme' } });
    const copy = JSON.parse(JSON.stringify(reservation)) as Reservation;
    expect(await two.commit(copy, { inputTokens: 1000, outputTokens: 50 })).toMatchObject({ usd: '0.000975', released: true });
    expect((await one.status({ tenant: 'acme' }))[0]).toMatchObject({ spent: '0.000975', reserved: '0' });
  });
});

describe('TSDoc of the budget and redis exports', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const entries = [path.join(root, 'src/budget/index.ts'), path.join(root, 'src/redis/index.ts')];
  const program = ts.createProgram(entries, { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true });
  const checker = program.getTypeChecker();

  for (const entry of entries) {
    it(`${path.relative(root, entry)}: every export has a summary, every value an @example`, () => {
      const source = program.getSourceFile(entry);
      const module = source === undefined ? undefined : checker.getSymbolAtLocation(source);
      if (module === undefined) throw new Error(`${entry} has no exports`);
      const problems: string[] = [];
      for (const symbol of checker.getExportsOfModule(module)) {
        const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        const summary = ts.displayPartsToString(target.getDocumentationComment(checker));
        const isValue = (target.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable | ts.SymbolFlags.Class)) !== 0;
        if (summary.trim().length < 10) problems.push(`${symbol.name}: no summary`);
        if (isValue && !target.getJsDocTags(checker).some((tag) => tag.name === 'example')) problems.push(`${symbol.name}: no @example`);
      }
      expect(problems).toEqual([]);
    });
  }
});

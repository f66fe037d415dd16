// The core's hand validator (src/pricing/validate.ts) against the reference zod schema
// (src/pricing/schema.ts): the same verdict, the same parsed value, and the same problems in
// the same order with the same paths, on valid tables, on the bundled catalog, and on tables
// with one or several planted mutations.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modelEntrySchema, pricingDataSchema } from '../../src/pricing/schema.js';
import { canonicalPrice, parseModelEntry, parsePricingData } from '../../src/pricing/validate.js';
import { bundledPricingData } from '../../src/pricing/data/models.js';
import { fcOptions } from '../seed.js';

type Path = readonly PropertyKey[];

function zodVerdict(schema: typeof pricingDataSchema | typeof modelEntrySchema, input: unknown): { ok: true; data: unknown } | { ok: false; paths: string[] } {
  const result = schema.safeParse(input);
  return result.success ? { ok: true, data: result.data } : { ok: false, paths: result.error.issues.map((issue) => JSON.stringify(issue.path)) };
}

function handVerdict(parse: typeof parsePricingData | typeof parseModelEntry, input: unknown): { ok: true; data: unknown } | { ok: false; paths: string[] } {
  const result = parse(input);
  return result.success ? { ok: true, data: result.data } : { ok: false, paths: result.issues.map((issue) => JSON.stringify(issue.path)) };
}

function agree(input: unknown): void {
  const reference = zodVerdict(pricingDataSchema, input);
  const hand = handVerdict(parsePricingData, input);
  expect(hand.ok).toBe(reference.ok);
  if (reference.ok && hand.ok) expect(hand.data).toStrictEqual(reference.data);
  if (!reference.ok && !hand.ok) {
    expect(hand.paths[0]).toBe(reference.paths[0]);
    expect(hand.paths).toEqual(reference.paths);
  }
}

// ------------------------------------------------------------------ valid tables
const date = fc
  .record({ y: fc.integer({ min: 2020, max: 2030 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const price = fc.oneof(
  fc.constantFrom('0', '0.75', '1.5', '00.50', '.5', '5.', ' 2 ', '1e-7', '1.5E2', '0e9', '0.000000000000000000000000000001', '999999999999999999999999999999'),
  fc.integer({ min: 0, max: 1_000_000 }).map(String),
  fc.constantFrom(0, 0.15, 1.5e-7, 3, 1e21, 2.5e-5),
);
const source = fc.record({ url: fc.constantFrom('https://example.com', 'contract #42'), checkedAt: date, note: fc.string({ maxLength: 8 }), derived: fc.constant('batch 50%') }, { requiredKeys: ['url', 'checkedAt'] });
const priceSet = fc.record(
  {
    inputPerMillion: price,
    cachedInputPerMillion: price,
    cacheWritePerMillion: price,
    cacheWrite1hPerMillion: price,
    outputPerMillion: price,
    audioInputPerMillion: price,
    cachedAudioInputPerMillion: price,
  },
  { requiredKeys: ['inputPerMillion', 'outputPerMillion'] },
);
const tierRates = fc
  .tuple(priceSet, fc.option(fc.uniqueArray(fc.integer({ min: 1, max: 2_000_000 }), { minLength: 1, maxLength: 3 }), { nil: undefined }), fc.option(priceSet, { nil: undefined }), fc.option(source, { nil: undefined }))
  .map(([set, thresholds, longSet, tierSource]) => ({
    ...set,
    ...(thresholds === undefined ? {} : { longContext: [...thresholds].sort((a, b) => a - b).map((fromInputTokens) => ({ fromInputTokens, prices: longSet ?? set })) }),
    ...(tierSource === undefined ? {} : { source: tierSource }),
  }));
const period = fc.record(
  {
    standard: tierRates,
    batch: tierRates,
    priority: tierRates,
    offPeak: fc.record({ peakHoursUtc: fc.constant([{ fromUtc: '00:30', untilUtc: '16:30' }]), standard: tierRates }),
    fees: fc.record({ webSearchPerThousandCalls: price }, { requiredKeys: [] }),
    sources: fc.array(source, { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: ['standard', 'sources'] },
);
const lifecycle = fc.record({ deprecatedAt: fc.record({ date, source }), shutdownAt: fc.record({ date, source }), replacement: fc.record({ id: fc.constant('next-model'), source }) }, { requiredKeys: [] });
const modality = fc.constantFrom('text', 'image', 'audio', 'video', 'pdf');
const entry = fc
  .tuple(
    fc.record(
      {
        provider: fc.constantFrom('openai', 'acme'),
        host: fc.constant('bedrock'),
        hostModelId: fc.constant('m-1'),
        displayName: fc.string({ maxLength: 6 }),
        status: fc.constantFrom('active', 'beta', 'deprecated'),
        statusNote: fc.string({ maxLength: 6 }),
        releaseDate: date,
        knowledgeCutoff: date,
        contextWindow: fc.integer({ min: 1000, max: 2_000_000 }),
        maxOutputTokens: fc.integer({ min: 1, max: 1000 }),
        maxInputTokens: fc.integer({ min: 1, max: 1000 }),
        modalities: fc.record({ input: fc.uniqueArray(modality, { minLength: 1 }), output: fc.uniqueArray(modality, { minLength: 1 }) }),
        reasoning: fc.boolean(),
        minCacheableTokens: fc.nat(5000),
        cacheStoragePerMillionPerHour: price,
        performance: fc.record(
          {
            latency: fc.record({ ttftMs: fc.double({ min: 0.1, max: 5000, noNaN: true }), outputTokensPerSecond: fc.double({ min: 0.1, max: 500, noNaN: true }), source }),
            rating: fc.record({ capability: fc.integer({ min: 1, max: 5 }), speed: fc.integer({ min: 1, max: 5 }), source }, { requiredKeys: ['capability', 'source'] }),
          },
          { requiredKeys: [] },
        ),
        notes: fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }),
        lifecycle,
        conflicts: fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }),
      },
      { requiredKeys: ['provider', 'modalities', 'reasoning'] },
    ),
    fc.array(period, { minLength: 1, maxLength: 3 }),
    fc.uniqueArray(date, { minLength: 3, maxLength: 3 }),
  )
  .map(([fields, periods, dates]) => {
    // Periods in order: every one after the first starts at a later date.
    const sorted = [...dates].sort();
    return { ...fields, prices: periods.map((item, index) => (index === 0 ? item : { ...item, from: sorted[index] })) };
  });
const table = fc
  .tuple(date, fc.array(entry, { minLength: 1, maxLength: 3 }))
  .map(([checkedAt, entries]) => ({ version: 1, checkedAt, models: entries.map((item, index) => ({ id: `model-${index}`, aliases: [`model-${index}-2026`], ...item })) }));

// ------------------------------------------------------------------ mutations
function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (typeof value === 'object' && value !== null) for (const key of Object.keys(value)) pathsOf((value as Record<string, unknown>)[key], [...prefix, Array.isArray(value) ? Number(key) : key], out);
  return out;
}

const REMOVE = Symbol('remove');

function plant(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [PropertyKey, ...PropertyKey[]];
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<PropertyKey, unknown> = Array.isArray(value) ? ([...value] as unknown as Record<PropertyKey, unknown>) : { ...value };
  if (rest.length === 0 && replacement === REMOVE) {
    if (Array.isArray(copy)) (copy as unknown[]).splice(Number(head), 1);
    else delete copy[head];
  } else copy[head] = plant((value as Record<PropertyKey, unknown>)[head], rest, replacement);
  return copy;
}

const planted = fc.oneof(
  fc.constantFrom<unknown>(
    REMOVE,
    undefined,
    null,
    '',
    ' ',
    ' padded ',
    'x'.repeat(300),
    'text',
    'batch',
    'deprecated',
    '2026-02-30',
    '2026-13-01',
    '2026-01-01T25:00Z',
    '2027-01-01',
    '2019-01-01',
    '16:30',
    '24:00',
    '-1',
    '1e40',
    '1e-31',
    '1e-9000000000000001',
    '1e9000000000000001',
    `0.${'0'.repeat(40)}1`,
    `${'1'.repeat(101)}`,
    'free',
    '0x10',
    0,
    -0,
    -1,
    1,
    1.5,
    6,
    2 ** 53,
    1e300,
    -1e300,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    true,
    false,
    [],
    [1],
    ['text', 'text'],
    {},
    { unexpected: 1 },
    { fromUtc: '04:00', untilUtc: '04:00' },
    { fromInputTokens: 1, prices: { inputPerMillion: '1', outputPerMillion: '2' } },
    10n,
  ),
  fc.string({ maxLength: 4 }),
  fc.integer({ min: -3, max: 3_000_000 }),
);

/** A table with an extra key planted into one of its objects. */
function withExtraKey(value: unknown, path: Path, key: string): unknown {
  const target = path.reduce<unknown>((node, step) => (typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>)[step] : undefined), value);
  if (typeof target !== 'object' || target === null || Array.isArray(target)) return value;
  return plant(value, path, { ...target, [key]: 1 });
}

describe('the hand validator agrees with the zod schema', () => {
  it('on the bundled catalog: the same parsed value', () => {
    agree(bundledPricingData);
  });

  it('on valid tables: both accept, with the same parsed value', () => {
    fc.assert(
      fc.property(table, (data) => {
        agree(data);
      }),
      fcOptions,
    );
  });

  it('on mutated tables: the same verdict, and the same problems in the same order with the same paths', () => {
    const mutated = table.chain((data) => {
      const paths = pathsOf(data);
      const one = fc.tuple(fc.constantFrom(...paths), planted);
      return fc.tuple(fc.constant(data), fc.array(one, { minLength: 1, maxLength: 3 }), fc.option(fc.tuple(fc.constantFrom(...paths), fc.constantFrom('extra', 'outputPerMilion', '__proto__')), { nil: undefined }));
    });
    fc.assert(
      fc.property(mutated, ([data, mutations, extra]) => {
        let value: unknown = data;
        for (const [path, replacement] of mutations) value = plant(value, path, replacement);
        if (extra !== undefined) value = withExtraKey(value, extra[0], extra[1]);
        agree(value);
      }),
      { ...fcOptions, numRuns: 1000 },
    );
  });

  it('on single entries (what estimateCost validates when given an entry)', () => {
    fc.assert(
      fc.property(entry, planted, fc.boolean(), (item, replacement, mutate) => {
        const value = mutate ? plant({ id: 'm', ...item }, ['prices', 0, 'standard', 'inputPerMillion'], replacement) : { id: 'm', ...item };
        const reference = zodVerdict(modelEntrySchema, value);
        const hand = handVerdict(parseModelEntry, value);
        expect(hand).toStrictEqual(reference);
      }),
      fcOptions,
    );
  });

  it('on prices: the same canonical string as decimal.js, or a refusal for the same reason', () => {
    const digits = fc.string({ unit: fc.constantFrom('0', '1', '5', '9'), minLength: 1, maxLength: 35 });
    const text = fc
      .tuple(digits, fc.option(fc.string({ unit: fc.constantFrom('0', '3', '7'), maxLength: 35 }), { nil: undefined }), fc.option(fc.integer({ min: -70, max: 70 }), { nil: undefined }))
      .map(([whole, fraction, exponent]) => `${whole}${fraction === undefined ? '' : `.${fraction}`}${exponent === undefined ? '' : `e${exponent}`}`);
    fc.assert(
      fc.property(text, (value) => {
        const reference = pricingDataSchema.shape.models.element.safeParse({
          id: 'm',
          provider: 'p',
          modalities: { input: ['text'], output: ['text'] },
          reasoning: false,
          prices: [{ standard: { inputPerMillion: value, outputPerMillion: '1' }, sources: [{ url: 'u', checkedAt: '2026-01-01' }] }],
        });
        const hand = canonicalPrice(value);
        if (reference.success) expect(hand).toEqual({ value: reference.data.prices[0]?.standard.inputPerMillion });
        else expect('problem' in hand || value.length > 100).toBe(true);
      }),
      { ...fcOptions, numRuns: 1000 },
    );
  });
});

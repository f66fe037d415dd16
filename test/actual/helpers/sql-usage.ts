// A generated usage log for the SQL tests: written once as CSV (read by DuckDB's read_csv and
// PostgreSQL's \copy), and priced in-process as it is written, two ways: priceRecord (llm-spend's
// own path) and an independent BigInt oracle (test/oracle.ts fixed point, its own period, tier,
// off-peak and validity rules). The SQL totals are compared with both.
import { closeSync, openSync, writeSync } from 'node:fs';
import { priceRecord } from '../../../src/actual/price.js';
import type { UsageRecord } from '../../../src/actual/record.js';
import type { PricingSqlColumns } from '../../../src/actual/sql.js';
import type { Usage } from '../../../src/estimate/usage.js';
import type { ModelEntry, PricePeriod, ServiceTier, TierRates } from '../../../src/pricing/schema.js';
import { findModel } from '../../../src/pricing/table.js';
import { oracleCost, usdToAtto, type OracleUsage } from '../../oracle.js';
import { mulberry32 } from '../../seed.js';

/** The CSV's columns, in order (also the SQL table's). */
export const CSV_COLUMNS = [
  'at',
  'model',
  'tier',
  'input_tokens',
  'cached_input_tokens',
  'cache_write_tokens',
  'cache_write_1h_tokens',
  'output_tokens',
  'reasoning_tokens',
  'audio_input_tokens',
  'cached_audio_input_tokens',
  'web_search_calls',
] as const;

/** The SQL types of the columns (the same in DuckDB and PostgreSQL). */
export const CSV_TYPES: Record<(typeof CSV_COLUMNS)[number], string> = {
  at: 'TIMESTAMP',
  model: 'VARCHAR',
  tier: 'VARCHAR',
  input_tokens: 'BIGINT',
  cached_input_tokens: 'BIGINT',
  cache_write_tokens: 'BIGINT',
  cache_write_1h_tokens: 'BIGINT',
  output_tokens: 'BIGINT',
  reasoning_tokens: 'BIGINT',
  audio_input_tokens: 'BIGINT',
  cached_audio_input_tokens: 'BIGINT',
  web_search_calls: 'BIGINT',
};

/** The role → column mapping handed to pricingSql. */
export const SQL_COLUMNS: PricingSqlColumns = {
  at: 'at',
  model: 'model',
  tier: 'tier',
  inputTokens: 'input_tokens',
  cachedInputTokens: 'cached_input_tokens',
  cacheWriteTokens: 'cache_write_tokens',
  cacheWrite1hTokens: 'cache_write_1h_tokens',
  outputTokens: 'output_tokens',
  reasoningTokens: 'reasoning_tokens',
  audioInputTokens: 'audio_input_tokens',
  cachedAudioInputTokens: 'cached_audio_input_tokens',
  webSearchCalls: 'web_search_calls',
};

/** Totals of one model (table id, or the logged name when unknown; '' for none) on one UTC day. */
export interface DayTotals {
  atto: bigint;
  priced: number;
  unpriced: number;
}

/** What the log should price to. */
export interface Expected {
  rows: number;
  /** priceRecord, summed in 10^-18 USD. */
  readonly inProcess: { atto: bigint; priced: number; problems: Map<string, number>; byModelDay: Map<string, DayTotals> };
  /** The BigInt oracle. */
  readonly oracle: { atto: bigint; priced: number; problems: Map<string, number>; byModelDay: Map<string, DayTotals> };
  /** Milliseconds spent generating and writing (all), in priceRecord, and in the oracle. */
  readonly timings: { totalMs: number; priceRecordMs: number; oracleMs: number };
}

/** A usage row as generated: the record (for priceRecord) and its CSV cells. */
interface Row {
  readonly at: string;
  readonly model: string;
  readonly tier: string | undefined;
  readonly usage: Usage;
}

const DAY_MS = 86_400_000;

function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)] as T;
}

function int(random: () => number, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** A random moment of a UTC day range [from, to] (inclusive days), to the second. */
function moment(random: () => number, from: string, to: string): number {
  const start = Date.parse(`${from}T00:00:00Z`);
  const days = (Date.parse(`${to}T00:00:00Z`) - start) / DAY_MS + 1;
  return start + Math.floor(random() * days * 86_400) * 1000;
}

function tokens(random: () => number, input: number, output: number, parts: { cached?: boolean; writes?: boolean; writes1h?: boolean; reasoning?: boolean; searches?: boolean; audio?: boolean } = {}): Usage {
  const cached = parts.cached === true && random() < 0.6 ? int(random, 0, Math.floor(input / 2)) : undefined;
  const rest = input - (cached ?? 0);
  const write = parts.writes === true && random() < 0.5 ? int(random, 0, Math.floor(rest / 3)) : undefined;
  const write1h = parts.writes1h === true && random() < 0.4 ? int(random, 0, Math.floor(rest / 3)) : undefined;
  const uncached = rest - (write ?? 0) - (write1h ?? 0);
  const audio = parts.audio === true && random() < 0.5 ? int(random, 0, uncached) : undefined;
  const cachedAudio = parts.audio === true && cached !== undefined && random() < 0.5 ? int(random, 0, cached) : undefined;
  const reasoning = parts.reasoning === true && random() < 0.5 ? int(random, 0, output) : undefined;
  const searches = parts.searches === true && random() < 0.05 ? int(random, 1, 4) : undefined;
  return {
    inputTokens: input,
    outputTokens: output,
    ...(cached === undefined ? {} : { cachedInputTokens: cached }),
    ...(write === undefined ? {} : { cacheWriteTokens: write }),
    ...(write1h === undefined ? {} : { cacheWrite1hTokens: write1h }),
    ...(reasoning === undefined ? {} : { reasoningTokens: reasoning }),
    ...(audio === undefined ? {} : { audioInputTokens: audio }),
    ...(cachedAudio === undefined ? {} : { cachedAudioInputTokens: cachedAudio }),
    ...(searches === undefined ? {} : { webSearchCalls: searches }),
  };
}

const STANDARD_OR_NULL = [undefined, 'standard'] as const;

/** One generated row: a mix of models, aliases, tiers, dates across price changes, long context, and rows that cannot be priced. */
function generateRow(random: () => number): Row {
  const kind = random();
  const august = (): number => moment(random, '2026-08-01', '2026-08-31');
  if (kind < 0.28) {
    // gpt-5.6-sol: new prices from 2026-08-21; batch/flex/priority only from then; long context from 272,001.
    const model = pick(random, ['gpt-5.6-sol', 'gpt-5.6', 'GPT-5.6-SOL', 'openai/gpt-5.6-sol', 'gpt-5-6']);
    const tier = random() < 0.8 ? pick(random, STANDARD_OR_NULL) : pick(random, ['batch', 'flex', 'priority'] as const);
    const band = random();
    const input = band < 0.85 ? int(random, 50, 60_000) : band < 0.9 ? pick(random, [272_000, 272_001]) : int(random, 200_000, 900_000);
    return { at: stamp(august()), model, tier, usage: tokens(random, input, int(random, 1, 8_000), { cached: true, writes: true, reasoning: true, searches: true }) };
  }
  if (kind < 0.42) {
    // deepseek-v4-flash: new prices from 2026-08-17, with off-peak hours (UTC) from then.
    const writes = random() < 0.02; // no cache-write price: tier-unavailable
    return { at: stamp(moment(random, '2026-08-10', '2026-08-24')), model: pick(random, ['deepseek-v4-flash', 'deepseek/deepseek-v4-flash', 'DeepSeek-V4-Flash']), tier: pick(random, STANDARD_OR_NULL), usage: tokens(random, int(random, 10, 100_000), int(random, 1, 8_000), { cached: true, writes, reasoning: true }) };
  }
  if (kind < 0.56) {
    // gpt-5.4-mini: priced from 2026-03-17 (earlier dates have no price); max input 272,000.
    const early = random() < 0.03;
    const at = early ? moment(random, '2026-03-01', '2026-03-20') : august();
    const model = pick(random, ['gpt-5.4-mini', 'gpt-5.4-mini-2026-03-17', 'openai/gpt-5.4-mini', 'Gpt-5-4-Mini', 'openai/openai/gpt-5.4-mini']);
    const tier = random() < 0.7 ? pick(random, STANDARD_OR_NULL) : pick(random, ['batch', 'flex', 'priority', 'regional'] as const);
    const input = random() < 0.01 ? int(random, 272_001, 300_000) : int(random, 20, 120_000);
    return { at: stamp(at), model, tier, usage: tokens(random, input, int(random, 1, 16_000), { cached: true, writes: true, reasoning: true, searches: true }) };
  }
  if (kind < 0.68) {
    // gpt-5.4-nano: no priority tier.
    const tier = random() < 0.7 ? pick(random, STANDARD_OR_NULL) : pick(random, ['batch', 'flex', 'priority', 'regional'] as const);
    return { at: stamp(august()), model: pick(random, ['gpt-5.4-nano', 'gpt-5.4-nano-2026-03-17', 'openai/gpt-5.4-nano-20260317']), tier, usage: tokens(random, int(random, 20, 60_000), int(random, 1, 4_000), { cached: true, reasoning: true, searches: true }) };
  }
  if (kind < 0.8) {
    // claude-sonnet-4-5: cache writes at 5-minute and 1-hour prices; a price period ends 2026-04-30; a 200,000-token window.
    const at = random() < 0.2 ? moment(random, '2026-04-20', '2026-05-10') : august();
    const input = random() < 0.02 ? int(random, 200_001, 230_000) : int(random, 100, 150_000);
    const model = pick(random, ['claude-sonnet-4-5', 'claude-sonnet-4-5-20250929', 'anthropic/claude-sonnet-4.5', 'bedrock/claude-sonnet-4-5']);
    return { at: stamp(at), model, tier: random() < 0.9 ? pick(random, STANDARD_OR_NULL) : 'batch', usage: tokens(random, input, int(random, 1, 8_000), { cached: true, writes: true, writes1h: true, searches: true }) };
  }
  if (kind < 0.88) {
    // gpt-5.4: long context from 272,001 input tokens, rows on both sides of it.
    const input = random() < 0.3 ? pick(random, [272_000, 272_001]) : int(random, 150_000, 400_000);
    const tier = random() < 0.75 ? pick(random, STANDARD_OR_NULL) : pick(random, ['batch', 'flex', 'priority', 'regional'] as const);
    return { at: stamp(august()), model: pick(random, ['gpt-5.4', 'gpt-5.4-2026-03-05', 'gpt-5-4']), tier, usage: tokens(random, input, int(random, 1, 20_000), { cached: true, writes: true, reasoning: true, searches: true }) };
  }
  if (kind < 0.94) {
    // gemini-2.5-flash: audio input at audio rates (cached audio too).
    return { at: stamp(august()), model: pick(random, ['gemini-2.5-flash', 'google/gemini-2.5-flash']), tier: random() < 0.8 ? undefined : pick(random, ['batch', 'flex'] as const), usage: tokens(random, int(random, 10, 200_000), int(random, 1, 8_000), { cached: true, audio: true, reasoning: true }) };
  }
  if (kind < 0.98) {
    // Unknown models (and one with no model at all).
    const model = pick(random, ['gpt-9-ultra', 'my-finetune', '', 'anthropic/gpt-5.4-mini', 'openai//gpt-5.4-mini', '/gpt-5.4-mini']);
    return { at: stamp(august()), model, tier: undefined, usage: tokens(random, int(random, 10, 10_000), int(random, 1, 1_000)) };
  }
  // Invalid usage and unknown tiers.
  const broken = random();
  const usage: Usage =
    broken < 0.4
      ? { inputTokens: 100, cachedInputTokens: 200, outputTokens: 10 }
      : broken < 0.7
        ? { inputTokens: 1000, outputTokens: 10, reasoningTokens: 20 }
        : { inputTokens: 1000, outputTokens: 10 };
  return { at: stamp(august()), model: 'gpt-5.4-mini', tier: broken < 0.7 ? undefined : 'turbo', usage };
}

function cell(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}

function csvLine(row: Row): string {
  const usage = row.usage;
  return [
    row.at,
    row.model,
    row.tier ?? '',
    cell(usage.inputTokens),
    cell(usage.cachedInputTokens),
    cell(usage.cacheWriteTokens),
    cell(usage.cacheWrite1hTokens),
    cell(usage.outputTokens),
    cell(usage.reasoningTokens),
    cell(usage.audioInputTokens),
    cell(usage.cachedAudioInputTokens),
    cell(usage.webSearchCalls),
  ].join(',');
}

// ---- The oracle: its own period, tier, off-peak, validity and context rules; BigInt costs. ----

function minutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

type OracleResult = { readonly ok: true; readonly model: string; readonly atto: bigint } | { readonly ok: false; readonly reason: string; readonly model: string };

const entries = new Map<string, ModelEntry | undefined>();
const views = new Map<string, ModelEntry>();

/** Prices one row independently of src/estimate. */
export function oracleRow(row: Row): OracleResult {
  let entry = entries.get(row.model);
  if (entry === undefined && !entries.has(row.model)) {
    entry = findModel(row.model);
    entries.set(row.model, entry);
  }
  if (entry === undefined) return { ok: false, reason: 'unknown-model', model: row.model };
  const ms = Date.parse(`${row.at.replace(' ', 'T')}Z`);
  let period: PricePeriod | undefined;
  let periodIndex = -1;
  const periods = entry.prices;
  periods.forEach((candidate, index) => {
    const from = candidate.from === undefined ? -Infinity : Date.parse(candidate.from);
    const untilText = candidate.until ?? periods[index + 1]?.from;
    const until = untilText === undefined ? Infinity : Date.parse(untilText);
    if (from <= ms && ms < until) {
      period = candidate;
      periodIndex = index;
    }
  });
  const id = entry.id;
  const fail = (reason: string): OracleResult => ({ ok: false, reason, model: id });
  if (period === undefined) return fail('no-price-at-date');
  const tier = (row.tier ?? 'standard') as ServiceTier;
  let standard: TierRates = period.standard;
  let offPeak = false;
  if (tier === 'standard' && period.offPeak !== undefined) {
    const minute = Math.floor((ms % DAY_MS) / 60_000);
    const peak = period.offPeak.peakHoursUtc.some((window) => {
      const from = minutes(window.fromUtc);
      const until = minutes(window.untilUtc);
      return from < until ? minute >= from && minute < until : minute >= from || minute < until;
    });
    if (!peak) {
      standard = period.offPeak.standard;
      offPeak = true;
    }
  }
  const rates: TierRates | undefined = tier === 'standard' ? standard : ['batch', 'flex', 'priority', 'regional'].includes(tier) ? period[tier as Exclude<ServiceTier, 'standard'>] : undefined;
  if (rates === undefined) return fail('tier-unavailable');
  const usage = row.usage;
  const cached = usage.cachedInputTokens ?? 0;
  const uncached = usage.inputTokens - cached - (usage.cacheWriteTokens ?? 0) - (usage.cacheWrite1hTokens ?? 0);
  if (uncached < 0 || (usage.reasoningTokens ?? 0) > usage.outputTokens || (usage.cachedAudioInputTokens ?? 0) > cached || (usage.audioInputTokens ?? 0) + (usage.imageInputTokens ?? 0) > uncached) {
    return fail('invalid-usage');
  }
  const maxInput = entry.maxInputTokens ?? entry.contextWindow ?? Infinity;
  if (usage.inputTokens > maxInput || usage.inputTokens + usage.outputTokens > (entry.contextWindow ?? Infinity) || usage.outputTokens > (entry.maxOutputTokens ?? Infinity)) {
    return fail('context-exceeded');
  }
  const standardLong = standard.longContext?.[0]?.fromInputTokens;
  if (rates.longContext === undefined && standardLong !== undefined && usage.inputTokens >= standardLong) return fail('tier-unavailable');
  // oracleCost reads the newest period of an entry: hand it one with just the period (and the tier's rates) in effect.
  const viewKey = `${id}|${periodIndex}|${tier}|${offPeak}`;
  let view = views.get(viewKey);
  if (view === undefined) {
    view = { ...entry, prices: [{ ...period, standard }] };
    views.set(viewKey, view);
  }
  // Generated usages leave absent parts out (never an explicit undefined).
  const cost = oracleCost(view, tier, usage as OracleUsage);
  if (cost === undefined) return fail('tier-unavailable');
  return { ok: true, model: entry.id, atto: cost.total };
}

function add(map: Map<string, DayTotals>, key: string, atto: bigint | undefined): void {
  let totals = map.get(key);
  if (totals === undefined) {
    totals = { atto: 0n, priced: 0, unpriced: 0 };
    map.set(key, totals);
  }
  if (atto === undefined) totals.unpriced += 1;
  else {
    totals.atto += atto;
    totals.priced += 1;
  }
}

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** The model key of a row in by-model-day totals: the table id when the name resolves, else the logged name. */
function modelKey(name: string): string {
  return findModel(name)?.id ?? name;
}

/**
 * Writes `rows` generated usage rows to `file` (CSV with a header) and prices each as it goes.
 * `inProcess: false` skips priceRecord (the oracle alone), for a quicker run.
 */
export function writeUsageCsv(file: string, rows: number, seed: number, options: { readonly inProcess?: boolean } = {}): Expected {
  const started = performance.now();
  const random = mulberry32(seed);
  const fd = openSync(file, 'w');
  const expected: Expected = {
    rows,
    inProcess: { atto: 0n, priced: 0, problems: new Map(), byModelDay: new Map() },
    oracle: { atto: 0n, priced: 0, problems: new Map(), byModelDay: new Map() },
    timings: { totalMs: 0, priceRecordMs: 0, oracleMs: 0 },
  };
  const keys = new Map<string, string>();
  let priceRecordMs = 0;
  let oracleMs = 0;
  try {
    writeSync(fd, `${CSV_COLUMNS.join(',')}\n`);
    let chunk: string[] = [];
    for (let line = 1; line <= rows; line += 1) {
      const row = generateRow(random);
      chunk.push(csvLine(row));
      if (chunk.length === 20_000) {
        writeSync(fd, `${chunk.join('\n')}\n`);
        chunk = [];
      }
      const day = row.at.slice(0, 10);
      let model = keys.get(row.model);
      if (model === undefined) {
        model = modelKey(row.model);
        keys.set(row.model, model);
      }
      const key = `${day}|${model}`;

      let mark = performance.now();
      const oracle = oracleRow(row);
      oracleMs += performance.now() - mark;
      if (oracle.ok) {
        expected.oracle.atto += oracle.atto;
        expected.oracle.priced += 1;
        add(expected.oracle.byModelDay, key, oracle.atto);
      } else {
        count(expected.oracle.problems, oracle.reason);
        add(expected.oracle.byModelDay, key, undefined);
      }

      if (options.inProcess !== false) {
        mark = performance.now();
        const record: UsageRecord = {
          at: `${row.at.replace(' ', 'T')}Z`,
          model: row.model,
          ...(row.tier === undefined ? {} : { tier: row.tier as ServiceTier }),
          usage: row.usage,
          calls: 1,
          aggregate: false,
          tags: {},
          origin: { line: line + 1, format: 'llm-spend-csv' },
        };
        const priced = priceRecord(record);
        priceRecordMs += performance.now() - mark;
        if (priced.ok) {
          const atto = usdToAtto(priced.cost.total);
          expected.inProcess.atto += atto;
          expected.inProcess.priced += 1;
          add(expected.inProcess.byModelDay, `${day}|${priced.model}`, atto);
        } else {
          count(expected.inProcess.problems, priced.problem.code);
          add(expected.inProcess.byModelDay, key, undefined);
        }
      }
    }
    if (chunk.length > 0) writeSync(fd, `${chunk.join('\n')}\n`);
  } finally {
    closeSync(fd);
  }
  Object.assign(expected.timings, { totalMs: performance.now() - started, priceRecordMs, oracleMs });
  return expected;
}

// Per-call cost benchmark: llm-spend against @pydantic/genai-prices and tokenlens.
//
// Speed: ns per priced call over a fixed, seeded mix of usages, each library pricing the
// same usages of the same models, interleaved rounds, median reported.
// Exactness: the totals of 1,000,000 calls (the mix repeated) per library, against an
// independent BigInt oracle with the provider's prices hardcoded below.
import { calcPrice } from '@pydantic/genai-prices';
import { getTokenCosts } from 'tokenlens';
import { openaiModels } from 'tokenlens/providers/openai';
import { createCostEstimator, estimateCost, type Usage } from '../src/index.js';
import { mulberry32 } from '../test/seed.js';

export interface PerCallOptions {
  /** Fewer rounds, shorter samples and 10,000 summed calls instead of 1,000,000 (CI sanity run). */
  readonly quick: boolean;
  /** Progress lines (to stderr, so stdout stays the markdown). */
  readonly log?: (line: string) => void;
}

export interface PerCallTargetCheck {
  readonly model: string;
  readonly what: string;
  readonly target: number;
  readonly measured: number;
  readonly met: boolean;
}

export interface PerCallResult {
  readonly markdown: string;
  readonly targets: readonly PerCallTargetCheck[];
}

// ---------------------------------------------------------------------------------------
// The oracle: the provider's prices, hardcoded here (not read from llm-spend's table), as
// integer pico-USD (10^-12 USD) per token: p USD per 1M tokens = p × 10^6 pico-USD per token.
//
// gpt-4o-mini: input 0.15, cached input 0.075, output 0.60 USD per 1M tokens
//   (OpenAI API pricing, https://platform.openai.com/docs/pricing, standard tier).
// gpt-5.4-nano: input 0.20, cached input 0.02, output 1.25 USD per 1M tokens
//   (OpenAI launch announcement of GPT-5.4 mini and nano, 2026-03-17,
//   https://community.openai.com/t/introducing-gpt-5-4-mini-and-nano-our-most-capable-small-models-yet/1377015,
//   and https://platform.openai.com/docs/pricing, standard tier).
// ---------------------------------------------------------------------------------------
interface OracleRates {
  readonly input: bigint;
  readonly cached: bigint;
  readonly output: bigint;
}

const ORACLE: Readonly<Record<string, OracleRates>> = {
  'gpt-4o-mini': { input: 150_000n, cached: 75_000n, output: 600_000n },
  'gpt-5.4-nano': { input: 200_000n, cached: 20_000n, output: 1_250_000n },
};

const MODELS = ['gpt-4o-mini', 'gpt-5.4-nano'] as const;
const MIX_SIZE = 1000;
const SEED = 0x5eed_2026;
const PICO_DIGITS = 12;

// ---------------------------------------------------------------------------------------
// The usage mix
// ---------------------------------------------------------------------------------------


interface MixUsage {
  /** All input tokens, cached included. */
  readonly input: number;
  /** Cached part of input (0 = none). */
  readonly cached: number;
  readonly output: number;
}

/** 1,000 usages: input 100–20,000; ~40% of those with ≥1,024 input read 1,024..input from cache; output 10–2,000. */
export function usageMix(size = MIX_SIZE, seed = SEED): MixUsage[] {
  const random = mulberry32(seed);
  const between = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  const mix: MixUsage[] = [];
  for (let index = 0; index < size; index += 1) {
    const input = between(100, 20_000);
    const cachedDraw = random();
    const cached = input >= 1024 && cachedDraw < 0.4 ? between(1024, input) : 0;
    const output = between(10, 2_000);
    mix.push({ input, cached, output });
  }
  return mix;
}

// ---------------------------------------------------------------------------------------
// Exact decimals
// ---------------------------------------------------------------------------------------

/** A decimal as an integer over a power of ten: value = units / 10^scale. */
interface Scaled {
  readonly units: bigint;
  readonly scale: number;
}

function formatScaled({ units, scale }: Scaled): string {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    const whole = digits.slice(0, digits.length - scale);
    const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
    digits = fraction === '' ? whole : `${whole}.${fraction}`;
  }
  return negative && digits !== '0' ? `-${digits}` : digits;
}

function rescale(value: Scaled, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

function subtract(a: Scaled, b: Scaled): Scaled {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) - rescale(b, scale), scale };
}

/** The exact decimal value of a double, by expanding its binary mantissa and exponent (no rounding). */
export function exactDouble(value: number): Scaled {
  if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const exponentBits = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let exponent: number;
  if (exponentBits === 0) {
    exponent = -1074; // subnormal
  } else {
    mantissa |= 1n << 52n;
    exponent = exponentBits - 1075;
  }
  const sign = negative ? -1n : 1n;
  if (exponent >= 0) return { units: sign * (mantissa << BigInt(exponent)), scale: 0 };
  // mantissa / 2^k = mantissa × 5^k / 10^k
  return { units: sign * mantissa * 5n ** BigInt(-exponent), scale: -exponent };
}

/** A canonical decimal string ("0.0021", "12") as integer pico-USD. Throws if it has more than 12 decimals. */
function picoOf(text: string): bigint {
  const dot = text.indexOf('.');
  if (dot < 0) return BigInt(text) * 10n ** BigInt(PICO_DIGITS);
  const fraction = text.slice(dot + 1);
  if (fraction.length > PICO_DIGITS) throw new Error(`more than ${PICO_DIGITS} decimals: ${text}`);
  return BigInt(text.slice(0, dot) + fraction.padEnd(PICO_DIGITS, '0'));
}

const pico = (units: bigint): Scaled => ({ units, scale: PICO_DIGITS });

// ---------------------------------------------------------------------------------------
// Timing helpers
// ---------------------------------------------------------------------------------------

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

/** Anything a batch returns is folded in here and checked at the end, so no call can be dropped. */
let sink = 0;

interface Case {
  /** Row label. */
  readonly label: string;
  readonly library: 'llm-spend' | 'genai-prices' | 'tokenlens';
  /** Prices `calls` usages, walking the mix in order (wrapping), and returns a value derived from every result. */
  readonly batch: (calls: number) => number;
}

interface Timing {
  readonly label: string;
  readonly library: Case['library'];
  /** ns/call of every round, in round order. */
  readonly rounds: number[];
}

function timeOnce(run: Case, calls: number): number {
  const start = performance.now();
  sink += run.batch(calls);
  return ((performance.now() - start) * 1e6) / calls;
}

function measure(cases: readonly Case[], quick: boolean, log: (line: string) => void): Timing[] {
  const sampleMs = quick ? 10 : 60;
  const rounds = quick ? 3 : 9;
  const warmMs = quick ? 30 : 300;
  // Warm-up: whole passes over the mix until warmMs has passed (at least 3 passes), then size
  // the samples: a whole number of passes over the mix, about sampleMs each.
  const callsPerSample = cases.map((run) => {
    const start = performance.now();
    let passes = 0;
    while (passes < 3 || performance.now() - start < warmMs) {
      sink += run.batch(MIX_SIZE);
      passes += 1;
    }
    const nsPerCall = ((performance.now() - start) * 1e6) / (passes * MIX_SIZE);
    return Math.max(1, Math.round((sampleMs * 1e6) / nsPerCall / MIX_SIZE)) * MIX_SIZE;
  });
  const timings: Timing[] = cases.map((run) => ({ label: run.label, library: run.library, rounds: [] }));
  for (let round = 0; round < rounds; round += 1) {
    // Interleaved: every round times every case once, starting from a different case each round.
    const perRound: number[] = new Array<number>(cases.length).fill(Number.NaN);
    for (let step = 0; step < cases.length; step += 1) {
      const index = (round + step) % cases.length;
      const run = cases[index];
      const calls = callsPerSample[index];
      if (run === undefined || calls === undefined) continue;
      perRound[index] = timeOnce(run, calls);
    }
    perRound.forEach((ns, index) => timings[index]?.rounds.push(ns));
    log(`  round ${round + 1}/${rounds}: ${cases.map((run, index) => `${run.label} ${(perRound[index] ?? Number.NaN).toFixed(0)} ns`).join(', ')}`);
  }
  return timings;
}

// ---------------------------------------------------------------------------------------
// The benchmark
// ---------------------------------------------------------------------------------------

type GenaiUsage = { input_tokens: number; output_tokens: number; cache_read_tokens?: number };
type TokenlensUsage = { input: number; output: number; cacheReads?: number };

interface ModelRun {
  readonly model: string;
  readonly timings: Timing[];
  readonly exactness: ExactRow[];
  readonly exactTotal: bigint;
  readonly notes: string[];
}

interface ExactRow {
  readonly label: string;
  /** The total as the library gives it (decimal string for llm-spend; JS number printed by String()). */
  readonly total: string;
  /** total − exact, exactly. */
  readonly drift: Scaled;
  /** Usages of the mix whose single-call price, as printed, is not the exact price. */
  readonly wrongCalls: number;
}

function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`per-call benchmark sanity check failed: ${message}`);
}

function exactCost(rates: OracleRates, usage: MixUsage): bigint {
  return BigInt(usage.input - usage.cached) * rates.input + BigInt(usage.cached) * rates.cached + BigInt(usage.output) * rates.output;
}

function runModel(model: string, mix: readonly MixUsage[], options: PerCallOptions, log: (line: string) => void): ModelRun {
  const rates = ORACLE[model];
  if (rates === undefined) throw new Error(`no oracle rates for ${model}`);
  const notes: string[] = [];
  const n = mix.length;

  // The same usages in each library's own shape, built once, outside the timed loops.
  const spendUsages: Usage[] = mix.map((u) => (u.cached > 0 ? { inputTokens: u.input, cachedInputTokens: u.cached, outputTokens: u.output } : { inputTokens: u.input, outputTokens: u.output }));
  // genai-prices: input_tokens INCLUDES cache reads (its unit tree makes cache_read_tokens a
  // descendant of input_tokens and prices the leaf input_tokens − cache_read_tokens; checked below).
  const genaiUsages: GenaiUsage[] = mix.map((u) => (u.cached > 0 ? { input_tokens: u.input, cache_read_tokens: u.cached, output_tokens: u.output } : { input_tokens: u.input, output_tokens: u.output }));
  // tokenlens: getTokenCosts prices `input` at the input rate AND `cacheReads` at the cache-read
  // rate, so `input` must be the UNCACHED input (OpenAI's prompt_tokens would bill cached tokens twice).
  const tokenlensUsages: TokenlensUsage[] = mix.map((u) => (u.cached > 0 ? { input: u.input - u.cached, output: u.output, cacheReads: u.cached } : { input: u.input, output: u.output }));

  const estimator = createCostEstimator(model);

  // --- sanity checks -------------------------------------------------------------------
  const sample = mix.find((u) => u.cached > 0);
  assert(sample !== undefined, 'the mix has a cached usage');
  const genaiCached = calcPrice({ input_tokens: sample.input, cache_read_tokens: sample.cached, output_tokens: sample.output }, model, { providerId: 'openai' });
  const genaiPlain = calcPrice({ input_tokens: sample.input, output_tokens: sample.output }, model, { providerId: 'openai' });
  assert(genaiCached !== null && genaiPlain !== null, `genai-prices knows openai ${model}`);
  assert(genaiCached.model.id === model && genaiCached.provider.id === 'openai', `genai-prices resolved openai ${model} (got ${genaiCached.provider.id} ${genaiCached.model.id})`);
  assert(genaiCached.total_price < genaiPlain.total_price, 'genai-prices: a cached call costs less (input_tokens includes cache reads)');
  const expectedSample = Number(exactCost(rates, sample)) / 1e12;
  assert(Math.abs(genaiCached.total_price - expectedSample) <= 1e-15, `genai-prices prices ${model} at the oracle rates (${genaiCached.total_price} vs ${expectedSample})`);
  const genaiRates = genaiCached.model_price;
  notes.push(
    `genai-prices resolves openai/${genaiCached.model.id}, rates ${JSON.stringify({ input_mtok: genaiRates['input_mtok'], cache_read_mtok: genaiRates['cache_read_mtok'], output_mtok: genaiRates['output_mtok'] })}; a cached call costs less than the same call uncached (${genaiCached.total_price} < ${genaiPlain.total_price}), so input_tokens includes cache reads.`,
  );

  const tokenlensProbe = getTokenCosts({ modelId: model, usage: { input: 1000, output: 1000 }, providers: openaiModels });
  const tokenlensHasModel = typeof tokenlensProbe.totalUSD === 'number';
  if (!tokenlensHasModel) {
    const viaDefault = getTokenCosts({ modelId: model, usage: { input: 1000, output: 1000 } });
    const viaSlash = getTokenCosts({ modelId: `openai/${model}`, usage: { input: 1000, output: 1000 } });
    notes.push(
      `tokenlens 1.3.1 has no ${model} in its bundled catalog: getTokenCosts returns ${JSON.stringify(tokenlensProbe)} with the OpenAI provider, ` +
        `${JSON.stringify(viaDefault)} with the default catalog and ${JSON.stringify(viaSlash)} for "openai/${model}". Not benchmarked for this model.`,
    );
  } else {
    const catalogEntry = (openaiModels.models as Record<string, { cost?: Record<string, number> } | undefined>)[model];
    notes.push(`tokenlens bundled catalog (models.dev snapshot) prices openai ${model} at ${JSON.stringify(catalogEntry?.cost)} USD per 1M tokens.`);
  }

  for (let index = 0; index < n; index += 1) {
    const a = estimateCost({ model, ...spendUsages[index]! });
    const b = estimator(spendUsages[index]!);
    assert(a.total === b.total, `estimateCost and createCostEstimator agree on usage ${index}`);
  }

  // --- speed -----------------------------------------------------------------------------
  const cases: Case[] = [
    {
      label: 'llm-spend estimateCost',
      library: 'llm-spend',
      batch: (calls) => {
        let acc = 0;
        let j = 0;
        for (let k = 0; k < calls; k += 1) {
          const total = estimateCost({ model, ...spendUsages[j]! }).total;
          acc += total.charCodeAt(total.length - 1);
          j = j + 1 === n ? 0 : j + 1;
        }
        return acc;
      },
    },
    {
      label: 'llm-spend createCostEstimator',
      library: 'llm-spend',
      batch: (calls) => {
        let acc = 0;
        let j = 0;
        for (let k = 0; k < calls; k += 1) {
          const total = estimator(spendUsages[j]!).total;
          acc += total.charCodeAt(total.length - 1);
          j = j + 1 === n ? 0 : j + 1;
        }
        return acc;
      },
    },
    {
      label: 'genai-prices calcPrice',
      library: 'genai-prices',
      batch: (calls) => {
        let acc = 0;
        let j = 0;
        const options = { providerId: 'openai' };
        for (let k = 0; k < calls; k += 1) {
          const result = calcPrice(genaiUsages[j]!, model, options);
          acc += result === null ? Number.NaN : result.total_price;
          j = j + 1 === n ? 0 : j + 1;
        }
        return acc;
      },
    },
  ];
  if (tokenlensHasModel) {
    cases.push(
      {
        label: 'tokenlens getTokenCosts (OpenAI provider)',
        library: 'tokenlens',
        batch: (calls) => {
          let acc = 0;
          let j = 0;
          for (let k = 0; k < calls; k += 1) {
            acc += getTokenCosts({ modelId: model, usage: tokenlensUsages[j]!, providers: openaiModels }).totalUSD ?? Number.NaN;
            j = j + 1 === n ? 0 : j + 1;
          }
          return acc;
        },
      },
      {
        label: 'tokenlens getTokenCosts (default catalog)',
        library: 'tokenlens',
        batch: (calls) => {
          let acc = 0;
          let j = 0;
          for (let k = 0; k < calls; k += 1) {
            acc += getTokenCosts({ modelId: model, usage: tokenlensUsages[j]! }).totalUSD ?? Number.NaN;
            j = j + 1 === n ? 0 : j + 1;
          }
          return acc;
        },
      },
    );
  }
  log(`${model}: timing ${cases.length} functions`);
  const timings = measure(cases, options.quick, log);

  // --- exactness -------------------------------------------------------------------------
  const repeats = options.quick ? 10 : 1000;
  log(`${model}: summing ${(repeats * n).toLocaleString('en-US')} calls per library`);
  let mixExact = 0n;
  const exactPerUsage = mix.map((u) => {
    const cost = exactCost(rates, u);
    mixExact += cost;
    return cost;
  });
  const exactTotal = mixExact * BigInt(repeats);
  const exactText = exactPerUsage.map((cost) => formatScaled(pico(cost)));
  const exactness: ExactRow[] = [];

  const sumStrings = (label: string, price: (index: number) => string): void => {
    let total = 0n;
    for (let r = 0; r < repeats; r += 1) for (let j = 0; j < n; j += 1) total += picoOf(price(j));
    let wrong = 0;
    for (let j = 0; j < n; j += 1) if (price(j) !== exactText[j]) wrong += 1;
    exactness.push({ label, total: formatScaled(pico(total)), drift: subtract(pico(total), pico(exactTotal)), wrongCalls: wrong });
  };
  const sumNumbers = (label: string, price: (index: number) => number): void => {
    let total = 0;
    for (let r = 0; r < repeats; r += 1) for (let j = 0; j < n; j += 1) total += price(j);
    let wrong = 0;
    for (let j = 0; j < n; j += 1) if (String(price(j)) !== exactText[j]) wrong += 1;
    exactness.push({ label, total: String(total), drift: subtract(exactDouble(total), pico(exactTotal)), wrongCalls: wrong });
  };

  sumStrings('llm-spend estimateCost', (j) => estimateCost({ model, ...spendUsages[j]! }).total);
  sumStrings('llm-spend createCostEstimator', (j) => estimator(spendUsages[j]!).total);
  const options_ = { providerId: 'openai' };
  sumNumbers('genai-prices calcPrice', (j) => {
    const result = calcPrice(genaiUsages[j]!, model, options_);
    if (result === null) throw new Error(`genai-prices returned null for ${model}`);
    return result.total_price;
  });
  if (tokenlensHasModel) {
    sumNumbers('tokenlens getTokenCosts', (j) => {
      const total = getTokenCosts({ modelId: model, usage: tokenlensUsages[j]!, providers: openaiModels }).totalUSD;
      if (total === undefined) throw new Error(`tokenlens returned no total for ${model}`);
      return total;
    });
    // Separate tokenlens' price error from float drift: the exact total at its own catalog rates.
    const cost = (openaiModels.models as Record<string, { cost?: Record<string, number> } | undefined>)[model]?.cost;
    if (cost !== undefined) {
      const toPico = (perMillion: number | undefined): bigint => picoOf(String(perMillion ?? 0)) / 1_000_000n;
      const own: OracleRates = { input: toPico(cost['input']), cached: toPico(cost['cache_read']), output: toPico(cost['output']) };
      const ownTotal = mix.reduce((acc, u) => acc + exactCost(own, u), 0n) * BigInt(repeats);
      const row = exactness.find((r) => r.label === 'tokenlens getTokenCosts');
      if (row !== undefined) {
        const floatDrift = subtract(exactDouble(Number(row.total)), pico(ownTotal));
        notes.push(
          `tokenlens at its own catalog rates would total exactly ${formatScaled(pico(ownTotal))} USD: of its drift, ${formatScaled(pico(ownTotal - exactTotal))} USD is the catalog's price ` +
            `(cache_read ${cost['cache_read']} vs ${Number(rates.cached) / 1e6} per 1M) and ${formatScaled(floatDrift)} USD is float rounding.`,
        );
      }
    }
  }
  return { model, timings, exactness, exactTotal, notes };
}

// ---------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------

function fmtNs(ns: number): string {
  return ns >= 1000 ? Math.round(ns).toLocaleString('en-US') : ns.toFixed(ns >= 100 ? 0 : 1);
}

function fmtRatio(ratio: number): string {
  return `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}×`;
}

function short(value: Scaled): string {
  if (value.units === 0n) return '0';
  return Number(formatScaled(value)).toExponential(2);
}

function medianRatio(numerator: Timing, denominator: Timing): number {
  return median(numerator.rounds.map((ns, round) => ns / (denominator.rounds[round] ?? Number.NaN)));
}

/** Runs the per-call benchmark and returns its markdown section. */
export function runPerCall(options: PerCallOptions): PerCallResult {
  const log = options.log ?? (() => undefined);
  const mix = usageMix();
  const cachedShare = mix.filter((u) => u.cached > 0).length;
  const runs = MODELS.map((model) => runModel(model, mix, options, log));
  if (Number.isNaN(sink)) log('(sink is NaN: some library returned no price)');

  const rounds = runs[0]?.timings[0]?.rounds.length ?? 0;
  const repeats = options.quick ? 10 : 1000;
  const lines: string[] = [];
  const targets: PerCallTargetCheck[] = [];
  lines.push('## Per-call cost');
  lines.push('');
  lines.push(
    `Mix: ${mix.length} seeded usages (mulberry32, seed 0x${SEED.toString(16)}), input 100–20,000 tokens, ${cachedShare} with cached input (1,024..input), output 10–2,000 tokens. ` +
      `Median of ${rounds} interleaved rounds${options.quick ? ' (--quick)' : ''}.`,
  );
  lines.push('');
  lines.push('### Speed');
  lines.push('');
  lines.push('| model | function | ns/call (median) | min–max over rounds | peer ÷ estimateCost | peer ÷ createCostEstimator |');
  lines.push('| --- | --- | ---: | ---: | ---: | ---: |');
  for (const run of runs) {
    const byLabel = new Map(run.timings.map((t) => [t.label, t]));
    const est = byLabel.get('llm-spend estimateCost');
    const fast = byLabel.get('llm-spend createCostEstimator');
    if (est === undefined || fast === undefined) throw new Error('missing llm-spend timings');
    for (const timing of run.timings) {
      const ns = median(timing.rounds);
      const spread = `${fmtNs(Math.min(...timing.rounds))}–${fmtNs(Math.max(...timing.rounds))}`;
      const peer = timing.library !== 'llm-spend';
      const vsEst = peer ? fmtRatio(medianRatio(timing, est)) : '—';
      const vsFast = peer ? fmtRatio(medianRatio(timing, fast)) : timing === est ? `(estimateCost = ${fmtRatio(medianRatio(est, fast))} createCostEstimator)` : '—';
      lines.push(`| ${run.model} | ${timing.label} | ${fmtNs(ns)} | ${spread} | ${vsEst} | ${vsFast} |`);
    }
    const genai = byLabel.get('genai-prices calcPrice');
    if (genai !== undefined) {
      const fastRatio = medianRatio(genai, fast);
      const estRatio = medianRatio(genai, est);
      targets.push({ model: run.model, what: 'createCostEstimator vs calcPrice', target: 50, measured: fastRatio, met: fastRatio >= 50 });
      targets.push({ model: run.model, what: 'estimateCost vs calcPrice', target: 20, measured: estRatio, met: estRatio >= 20 });
    }
  }
  lines.push('');
  lines.push('Targets (median of per-round ratios):');
  lines.push('');
  for (const t of targets) lines.push(`- ${t.model}: ${t.what} ≥ ${t.target}×: measured ${fmtRatio(t.measured)} — ${t.met ? 'met' : '**missed**'}`);
  lines.push('');
  lines.push(`### Exactness: totals of ${(repeats * mix.length).toLocaleString('en-US')} calls (the mix × ${repeats})`);
  lines.push('');
  lines.push('llm-spend totals are decimal strings summed exactly (BigInt pico-USD); peer totals are JS numbers summed with `total += x`. ' + 'Drift = total − exact, computed exactly from the float\'s full binary expansion.');
  lines.push('');
  lines.push('| model | library | total (USD) | drift (USD, exact) | drift ≈ | single calls printed ≠ exact (of 1,000) |');
  lines.push('| --- | --- | ---: | ---: | ---: | ---: |');
  for (const run of runs) {
    lines.push(`| ${run.model} | **exact (BigInt oracle)** | ${formatScaled(pico(run.exactTotal))} | 0 | 0 | 0 |`);
    for (const row of run.exactness) {
      lines.push(`| ${run.model} | ${row.label} | ${row.total} | ${formatScaled(row.drift)} | ${short(row.drift)} | ${row.wrongCalls} |`);
    }
  }
  lines.push('');
  lines.push('Notes from the run:');
  lines.push('');
  for (const run of runs) for (const note of run.notes) lines.push(`- ${run.model}: ${note}`);
  return { markdown: lines.join('\n'), targets };
}

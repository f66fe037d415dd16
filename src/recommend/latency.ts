// The latency model of the recommender. One call takes
//
//   L = ε · (TTFT + 1000 · T / speed)   milliseconds,
//
// where T = reasoning + output tokens (capped at maxOutputTokens) is drawn from the workload's
// token distributions, TTFT and speed are the medians of a latency profile, and ε is a
// lognormal slowdown with median 1 and spread σ ("tailSigma") shared by the wait for the first
// token and the generation: a slow moment of the provider slows both. TTFT·ε and speed/ε are
// then each lognormal, with the profile's medians. σ defaults to ln(5.7) / 1.6449 ≈ 1.058:
// live telemetry of gpt-4o-mini shows p95 ≈ 5.7 × p50 (domain-notes §4), which also puts p99 at
// ≈ 11.7 × p50, inside the 5–20 × other trackers report.
//
// Percentiles are computed, not simulated, for single calls and their mixtures: T is cut into
// probability strata, each stratum is a lognormal component, and a quantile is found by
// bisection on the mixture's CDF. A cascade's escalated path (small call then large call) is a
// sum; its CDF integrates the large call's CDF over strata of the small call's quantiles.
// Pipelines (a random number of calls per task over several steps) use a seeded Monte Carlo.
import { LlmSpendError, safeDetail, showValue } from '../errors.js';
import type { ModelEntry } from '../pricing/schema.js';
import { getModel, type ModelId, type PricingTable } from '../pricing/table.js';
import { createDistribution, type DistributionInput, type DistributionSpec } from '../workload/index.js';
import { createRng, median, normalCdf, quantileOfSorted, strata, Z95 } from './math.js';

/**
 * The default spread of the latency tail: σ of the lognormal slowdown applied to a whole call,
 * ln(5.7) / 1.6449 ≈ 1.058, so that p95 ≈ 5.7 × p50 for a call of fixed length (the ratio live
 * telemetry shows for gpt-4o-mini; p99 is then ≈ 11.7 × p50). Override it per model with a
 * profile's `tailSigma`, for all models with the `latencyTailSigma` constraint, or fit it from
 * your own measurements with {@link fitLatencyProfile}.
 *
 * @example
 * ```ts
 * import { DEFAULT_LATENCY_TAIL_SIGMA } from 'llm-spend';
 * DEFAULT_LATENCY_TAIL_SIGMA.toFixed(3); // "1.058"
 * Math.exp(1.6449 * DEFAULT_LATENCY_TAIL_SIGMA).toFixed(1); // "5.7"
 * ```
 */
export const DEFAULT_LATENCY_TAIL_SIGMA: number = Math.log(5.7) / Z95;

/**
 * The fewest `{ outputTokens, latencyMs }` samples {@link fitLatencyProfile} accepts: 30.
 * Below that the median line and, above all, the tail spread are too noisy to plan on. An
 * empirical p99 needs about 1,000 samples; with fewer, the tail is fitted from the p95.
 *
 * @example
 * ```ts
 * import { MIN_LATENCY_SAMPLES } from 'llm-spend';
 * MIN_LATENCY_SAMPLES; // 30
 * ```
 */
export const MIN_LATENCY_SAMPLES = 30;

const TAIL_NOTE = `default tail: σ = ln(5.7) / 1.6449 ≈ ${DEFAULT_LATENCY_TAIL_SIGMA.toFixed(3)} (gpt-4o-mini live telemetry: p95 ≈ 5.7 × p50; see docs/recommend.md)`;

/** Where a latency figure comes from (the table's source, "fitLatencyProfile", or yours). */
export interface LatencySource {
  readonly url: string;
  readonly checkedAt?: string;
  readonly note?: string;
}

/**
 * A latency profile: the median time to first token, the median output speed (reasoning tokens
 * included), and the spread of the lognormal slowdown of a whole call.
 */
export interface LatencyProfile {
  /** Median time to first token, milliseconds (at zero output tokens). */
  readonly ttftMs: number;
  /** Median output speed, tokens per second (hidden reasoning tokens are generated at this speed). */
  readonly outputTokensPerSecond: number;
  /** σ of the lognormal slowdown of a call (0 = no tail beyond the token counts). */
  readonly tailSigma: number;
  /** Where TTFT and speed come from. */
  readonly source: LatencySource;
  /** Where the tail spread comes from. */
  readonly tailSource: string;
}

/**
 * A latency profile as given by a user: any part left out is taken from the model's default
 * profile (the pricing table's figures and {@link DEFAULT_LATENCY_TAIL_SIGMA}). A
 * {@link FittedLatencyProfile} is one.
 */
export interface LatencyProfileInput {
  readonly ttftMs?: number;
  readonly outputTokensPerSecond?: number;
  readonly tailSigma?: number;
  readonly source?: LatencySource | string;
  readonly tailSource?: string;
}

function invalid(message: string, path: string, value?: unknown): LlmSpendError {
  return new LlmSpendError('INVALID_CONSTRAINTS', message, { path, ...(value === undefined ? {} : { value: safeDetail(value) }) });
}

/** @internal Checks the numbers of a profile input; `path` names it in errors. */
export function checkProfileInput(input: unknown, path: string): LatencyProfileInput {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalid(`${path} must be a latency profile such as { ttftMs: 540, outputTokensPerSecond: 170 }; got ${showValue(input)}.`, path, input);
  }
  const record = input as Record<string, unknown>;
  const known = new Set(['ttftMs', 'outputTokensPerSecond', 'tailSigma', 'source', 'tailSource', 'fit']);
  for (const key of Object.keys(record)) {
    if (!known.has(key)) throw invalid(`${path}.${key} is not a latency profile field; use ttftMs, outputTokensPerSecond, tailSigma, source.`, `${path}.${key}`);
  }
  const positive = (key: string): void => {
    const value = record[key];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
      throw invalid(`${path}.${key} must be a finite number above 0; got ${showValue(value)}.`, `${path}.${key}`, value);
    }
  };
  positive('ttftMs');
  positive('outputTokensPerSecond');
  const ttft = record['ttftMs'];
  if (typeof ttft === 'number' && ttft > MAX_TTFT_MS) throw invalid(`${path}.ttftMs must be at most ${MAX_TTFT_MS} ms; got ${showValue(ttft)}.`, `${path}.ttftMs`, ttft);
  const speed = record['outputTokensPerSecond'];
  if (typeof speed === 'number' && (speed < MIN_TOKENS_PER_SECOND || speed > MAX_TOKENS_PER_SECOND)) {
    throw invalid(`${path}.outputTokensPerSecond must be from ${MIN_TOKENS_PER_SECOND} to ${MAX_TOKENS_PER_SECOND}; got ${showValue(speed)}.`, `${path}.outputTokensPerSecond`, speed);
  }
  const sigma = record['tailSigma'];
  if (sigma !== undefined && !(typeof sigma === 'number' && Number.isFinite(sigma) && sigma >= 0 && sigma <= 5)) {
    throw invalid(`${path}.tailSigma must be a number from 0 to 5 (σ of the lognormal slowdown; the default is ${DEFAULT_LATENCY_TAIL_SIGMA.toFixed(3)}); got ${showValue(sigma)}.`, `${path}.tailSigma`, sigma);
  }
  return input as LatencyProfileInput;
}

/** @internal Checks a global tail spread. */
export function checkTailSigma(value: unknown, path: string): number | undefined {
  if (value === undefined) return undefined;
  if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 5)) {
    throw invalid(`${path} must be a number from 0 to 5; got ${showValue(value)}.`, path, value);
  }
  return value;
}

/**
 * @internal The profile of a model: the table's figures, overridden by `override` field by
 * field; undefined when TTFT or speed is still unknown.
 */
export function resolveProfile(entry: ModelEntry | undefined, override: LatencyProfileInput | undefined, tailSigma: number | undefined): LatencyProfile | undefined {
  const table = entry?.performance?.latency;
  const ttftMs = override?.ttftMs ?? table?.ttftMs;
  const speed = override?.outputTokensPerSecond ?? table?.outputTokensPerSecond;
  if (ttftMs === undefined || speed === undefined) return undefined;
  const fromOverride = override?.ttftMs !== undefined || override?.outputTokensPerSecond !== undefined;
  const givenSource = override?.source;
  const source: LatencySource =
    givenSource !== undefined
      ? typeof givenSource === 'string'
        ? { url: givenSource }
        : givenSource
      : fromOverride || table === undefined
        ? { url: 'user-supplied profile' }
        : { url: table.source.url, checkedAt: table.source.checkedAt, ...(table.source.note === undefined ? {} : { note: table.source.note }) };
  const sigma = override?.tailSigma ?? tailSigma ?? DEFAULT_LATENCY_TAIL_SIGMA;
  const tailSource =
    override?.tailSigma !== undefined ? (override.tailSource ?? 'user-supplied tailSigma') : tailSigma !== undefined ? 'latencyTailSigma constraint' : TAIL_NOTE;
  return { ttftMs, outputTokensPerSecond: speed, tailSigma: sigma, source, tailSource };
}

// ---------------------------------------------------------------------------- distributions

/** @internal A latency distribution, milliseconds. */
export interface LatencyDist {
  readonly mean: number;
  /** Bounds outside which the CDF is 0 and 1 to double precision. */
  readonly lo: number;
  readonly hi: number;
  cdf(x: number): number;
  quantile(q: number): number;
}

/** @internal A weighted value. */
export interface Atom {
  readonly x: number;
  readonly w: number;
}

const TOKEN_STRATA = 48;
const MAX_TOKEN_ATOMS = 96;
const SUM_STRATA = 64;
const SUB_POINTS = 8;

function invert(dist: { lo: number; hi: number; cdf(x: number): number }, q: number): number {
  // The smallest x with F(x) ≥ q, by bisection on ln x (on x when the bounds reach 0).
  let lo = dist.lo;
  let hi = dist.hi;
  if (dist.cdf(lo) >= q) return lo;
  const logScale = lo > 0;
  for (let index = 0; index < 200; index += 1) {
    const mid = logScale ? Math.sqrt(lo * hi) : (lo + hi) / 2;
    if (!(mid > lo && mid < hi)) break;
    if (dist.cdf(mid) >= q) hi = mid;
    else lo = mid;
    if (hi - lo <= 1e-9 * hi) break;
  }
  return hi;
}

/** @internal Σ w·Lognormal(ln x, σ): one call whose un-noised latency is x with probability w. */
export function lognormalMixture(atoms: readonly Atom[], sigma: number): LatencyDist {
  const xs = Float64Array.from(atoms, (atom) => atom.x);
  const ws = Float64Array.from(atoms, (atom) => atom.w);
  const logs = Float64Array.from(xs, (x) => Math.log(x));
  let min = Infinity;
  let max = 0;
  let mean = 0;
  for (let index = 0; index < xs.length; index += 1) {
    const x = xs[index] ?? 0;
    min = Math.min(min, x);
    max = Math.max(max, x);
    mean += (ws[index] ?? 0) * x;
  }
  const degenerate = sigma < 1e-9;
  const reach = Math.exp(8.5 * sigma);
  return {
    mean: mean * Math.exp((sigma * sigma) / 2),
    lo: degenerate ? min : min / reach,
    hi: degenerate ? max : max * reach,
    cdf(x: number): number {
      if (!(x > 0)) return 0;
      let total = 0;
      if (degenerate) {
        for (let index = 0; index < xs.length; index += 1) if ((xs[index] ?? 0) <= x) total += ws[index] ?? 0;
        return Math.min(1, total);
      }
      const lx = Math.log(x);
      for (let index = 0; index < xs.length; index += 1) total += (ws[index] ?? 0) * normalCdf((lx - (logs[index] ?? 0)) / sigma);
      return Math.min(1, total);
    },
    quantile(q: number): number {
      return invert(this, q);
    },
  };
}

/** @internal A mixture: with probability w_i the latency is drawn from dist_i. Weights of 0 are dropped. */
export function mixtureOf(parts: ReadonlyArray<{ readonly dist: LatencyDist; readonly w: number }>): LatencyDist {
  const kept = parts.filter((part) => part.w > 0);
  if (kept.length === 1 && kept[0] !== undefined) return kept[0].dist;
  return {
    mean: kept.reduce((sum, part) => sum + part.w * part.dist.mean, 0),
    lo: Math.min(...kept.map((part) => part.dist.lo)),
    hi: Math.max(...kept.map((part) => part.dist.hi)),
    cdf(x: number): number {
      let total = 0;
      for (const part of kept) total += part.w * part.dist.cdf(x);
      return Math.min(1, total);
    },
    quantile(q: number): number {
      return invert(this, q);
    },
  };
}

/**
 * @internal The sum of two independent latencies (a call, then another). F(x) = Σ v_k F_b(x − y_k)
 * over probability strata (y_k, v_k) of `a`, with the tails as finely cut as the middle.
 */
export function sumOf(a: LatencyDist, b: LatencyDist): LatencyDist {
  const cuts = strata(SUM_STRATA);
  const ys = Float64Array.from(cuts, (cut) => a.quantile(cut.p));
  const vs = Float64Array.from(cuts, (cut) => cut.w);
  return {
    mean: a.mean + b.mean,
    lo: a.lo + b.lo,
    hi: a.hi + b.hi,
    cdf(x: number): number {
      let total = 0;
      for (let index = 0; index < ys.length; index += 1) {
        const rest = x - (ys[index] ?? 0);
        if (rest > 0) total += (vs[index] ?? 0) * b.cdf(rest);
      }
      return Math.min(1, total);
    },
    quantile(q: number): number {
      return invert(this, q);
    },
  };
}

/** @internal An empirical distribution of Monte Carlo draws. */
export function empirical(draws: Float64Array): LatencyDist {
  const sorted = Float64Array.from(draws).sort();
  const n = sorted.length;
  let mean = 0;
  for (const value of sorted) mean += value / n;
  return {
    mean,
    lo: sorted[0] ?? 0,
    hi: sorted[n - 1] ?? 0,
    cdf(x: number): number {
      // Count of draws ≤ x, by binary search.
      let low = 0;
      let high = n;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if ((sorted[mid] ?? 0) <= x) low = mid + 1;
        else high = mid;
      }
      return low / n;
    },
    quantile(q: number): number {
      return quantileOfSorted(sorted, q);
    },
  };
}

// ---------------------------------------------------------------------------- token atoms

function merge(atoms: Atom[]): Atom[] {
  atoms.sort((x, y) => x.x - y.x);
  const out: Atom[] = [];
  for (const atom of atoms) {
    const last = out[out.length - 1];
    if (last !== undefined && last.x === atom.x) out[out.length - 1] = { x: last.x, w: last.w + atom.w };
    else if (atom.w > 0) out.push(atom);
  }
  return out;
}

/** Merges sorted atoms into at most `limit`, cutting at the stratum boundaries (mean-preserving). */
function compress(atoms: Atom[], limit: number): Atom[] {
  const sorted = merge(atoms);
  if (sorted.length <= limit) return sorted;
  const cuts = strata(limit);
  const bounds: number[] = [];
  let cumulative = 0;
  for (const cut of cuts) {
    cumulative += cut.w;
    bounds.push(cumulative);
  }
  const out: Atom[] = [];
  let group = 0;
  let weight = 0;
  let moment = 0;
  let seen = 0;
  for (const atom of sorted) {
    weight += atom.w;
    moment += atom.w * atom.x;
    seen += atom.w;
    if (seen >= (bounds[group] ?? 1) - 1e-15) {
      out.push({ x: moment / weight, w: weight });
      weight = 0;
      moment = 0;
      while (group < bounds.length - 1 && seen >= (bounds[group] ?? 1) - 1e-15) group += 1;
    }
  }
  if (weight > 0) out.push({ x: moment / weight, w: weight });
  return out;
}

/** @internal Atoms of a token distribution: exact for fixed values and samples, probability strata otherwise. */
export function tokenAtoms(spec: DistributionInput | DistributionSpec | undefined): Atom[] {
  if (spec === undefined) return [{ x: 0, w: 1 }];
  if (typeof spec === 'number') return [{ x: spec, w: 1 }];
  if ('fixed' in spec) return [{ x: spec.fixed, w: 1 }];
  if ('samples' in spec) return merge(spec.samples.map((x) => ({ x, w: 1 / spec.samples.length })));
  const dist = createDistribution(spec);
  if (dist.min === dist.max) return [{ x: dist.min, w: 1 }];
  // Each stratum at (about) its conditional mean: the average of quantiles at evenly spaced
  // probabilities inside it, so that the atoms keep the mean even for heavy tails.
  const atoms: Atom[] = [];
  let lower = 0;
  for (const cut of strata(TOKEN_STRATA)) {
    let sum = 0;
    for (let k = 0; k < SUB_POINTS; k += 1) sum += Math.max(0, dist.quantile(lower + (cut.w * (k + 0.5)) / SUB_POINTS));
    atoms.push({ x: sum / SUB_POINTS, w: cut.w });
    lower += cut.w;
  }
  return merge(atoms);
}

/** @internal Atoms of reasoning + output tokens, capped. */
export function generatedAtoms(output: DistributionInput | DistributionSpec, reasoning: DistributionInput | DistributionSpec | undefined, cap: number | undefined): Atom[] {
  const out = tokenAtoms(output);
  const hidden = tokenAtoms(reasoning);
  const sum: Atom[] = [];
  for (const o of out) for (const r of hidden) sum.push({ x: cap === undefined ? o.x + r.x : Math.min(cap, o.x + r.x), w: o.w * r.w });
  return compress(sum, MAX_TOKEN_ATOMS);
}

/** @internal The latency of one call on a profile, over atoms of generated tokens. */
export function callLatency(profile: LatencyProfile, generated: readonly Atom[]): LatencyDist {
  const perToken = 1000 / profile.outputTokensPerSecond;
  return lognormalMixture(
    generated.map((atom) => ({ x: profile.ttftMs + perToken * atom.x, w: atom.w })),
    profile.tailSigma,
  );
}

/** @internal One draw of a call's latency. */
export function drawCall(profile: LatencyProfile, tokens: number, normal: number): number {
  return Math.exp(profile.tailSigma * normal) * (profile.ttftMs + (1000 * tokens) / profile.outputTokensPerSecond);
}

/** @internal Monte Carlo draws of a quantity. */
export function simulate(draws: number, seed: number, one: (rng: ReturnType<typeof createRng>) => number): LatencyDist {
  const rng = createRng(seed);
  const values = new Float64Array(draws);
  for (let index = 0; index < draws; index += 1) values[index] = one(rng);
  return empirical(values);
}

/** Validates a token count or distribution of estimateLatency (the workload limits apply). */
function checkTokens(spec: unknown, path: string, required: boolean): DistributionInput | undefined {
  if (spec === undefined) {
    if (required) throw invalid(`${path} is required: a number of tokens or a distribution.`, path);
    return undefined;
  }
  try {
    createDistribution(spec as DistributionInput);
  } catch (error) {
    if (error instanceof LlmSpendError) throw invalid(`${path}: ${error.message.replace(/^Invalid distribution: /, '')}`, path, showValue(spec));
    throw error;
  }
  return spec as DistributionInput;
}

/** Longest time to first token a profile may state: 10^9 ms (11.6 days). */
const MAX_TTFT_MS = 1e9;
/** Slowest and fastest output speeds a profile may state (tokens per second). */
const MIN_TOKENS_PER_SECOND = 1e-3;
const MAX_TOKENS_PER_SECOND = 1e9;

/** @internal Rounds milliseconds for reports (1 µs). */
export function roundMs(value: number): number {
  return Math.round(value * 1000) / 1000;
}

// ---------------------------------------------------------------------------- estimateLatency

/** The argument of {@link estimateLatency}. */
export interface EstimateLatencyRequest {
  /** A model whose table profile is the default (and whose max output caps the tokens). */
  readonly model?: ModelId;
  /** A profile, or parts of one, overriding the model's (required when no model is given). */
  readonly profile?: LatencyProfileInput;
  /** Visible output tokens per call: a number or a distribution as in a workload. */
  readonly outputTokens: DistributionInput;
  /** Hidden reasoning tokens per call (generated at output speed before the answer). @defaultValue 0 */
  readonly reasoningTokens?: DistributionInput;
  /** Cap on reasoning + output tokens. @defaultValue the model's max output */
  readonly maxOutputTokens?: number;
  /** The table to read the model's profile from. @defaultValue defaultPricing */
  readonly pricing?: PricingTable;
}

/** Latency percentiles of one call, milliseconds (rounded to 1 µs), with the profile used. */
export interface LatencyEstimate {
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly profile: LatencyProfile;
}

/**
 * The latency of one call: TTFT + (reasoning + output tokens) / speed, times a lognormal
 * slowdown of spread `tailSigma`, over the distribution of the token counts. Percentiles come
 * from the exact mixture (bisection on its CDF), not from the means.
 *
 * @param request - a model (its table profile) and/or a profile, and the token counts
 * @returns p50, p95, p99 and the mean in milliseconds, and the profile used
 * @throws LlmSpendError `INVALID_CONSTRAINTS` when no profile is known for the model (pass
 *   `profile`) or a figure is not a positive number; `UNKNOWN_MODEL`; `INVALID_WORKLOAD` for a bad distribution
 * @example
 * ```ts
 * import { estimateLatency } from 'llm-spend';
 * // gpt-5.4-nano: 578 ms to the first token, 146.3 tokens/s (Artificial Analysis medians)
 * const nano = estimateLatency({ model: 'gpt-5.4-nano', outputTokens: 50 });
 * Math.round(nano.p50Ms); // 920
 * Math.round(nano.p95Ms / nano.p50Ms * 10) / 10; // 5.7
 * estimateLatency({ profile: { ttftMs: 400, outputTokensPerSecond: 100, tailSigma: 0 }, outputTokens: 100 }).p99Ms; // 1400
 * ```
 */
export function estimateLatency(request: EstimateLatencyRequest): LatencyEstimate {
  if (typeof request !== 'object' || request === null) throw invalid('estimateLatency needs { model or profile, outputTokens }.', '(root)');
  const entry = request.model === undefined ? undefined : getModel(request.model, request.pricing === undefined ? {} : { pricing: request.pricing });
  const override = request.profile === undefined ? undefined : checkProfileInput(request.profile, 'profile');
  const profile = resolveProfile(entry, override, undefined);
  if (profile === undefined) {
    throw invalid(
      entry === undefined
        ? 'estimateLatency needs a model with a latency profile in the table, or a profile { ttftMs, outputTokensPerSecond }.'
        : `Latency unknown for ${entry.id}: the table has no latency profile for it. Pass profile: { ttftMs, outputTokensPerSecond } (fitLatencyProfile fits one from your measurements).`,
      'profile',
    );
  }
  if (request.maxOutputTokens !== undefined && !(typeof request.maxOutputTokens === 'number' && Number.isFinite(request.maxOutputTokens) && request.maxOutputTokens > 0)) {
    throw invalid(`maxOutputTokens must be a positive number; got ${showValue(request.maxOutputTokens)}.`, 'maxOutputTokens');
  }
  const cap = request.maxOutputTokens ?? entry?.maxOutputTokens;
  const dist = callLatency(profile, generatedAtoms(checkTokens(request.outputTokens, 'outputTokens', true) as DistributionInput, checkTokens(request.reasoningTokens, 'reasoningTokens', false), cap));
  const result = {
    p50Ms: roundMs(dist.quantile(0.5)),
    p95Ms: roundMs(dist.quantile(0.95)),
    p99Ms: roundMs(dist.quantile(0.99)),
    meanMs: roundMs(dist.mean),
    profile,
  };
  for (const key of ['p50Ms', 'p95Ms', 'p99Ms', 'meanMs'] as const) {
    if (!(Number.isFinite(result[key]) && result[key] >= 0)) throw invalid(`The latency ${key} is not representable for these inputs (${result[key]}); narrow the token counts or the profile.`, key);
  }
  return result;
}

// ---------------------------------------------------------------------------- fitting

/** One measured call: its output tokens (reasoning included, as in a usage) and its latency. */
export interface LatencySample {
  /** All generated tokens of the call, hidden reasoning included (a usage's `outputTokens`). */
  readonly outputTokens: number;
  /** Wall-clock latency of the whole call, milliseconds (request sent to last token received). */
  readonly latencyMs: number;
}

/** How a {@link FittedLatencyProfile} was fitted. */
export interface LatencyFit {
  readonly samples: number;
  /** Milliseconds per output token of the median line (1000 / speed). */
  readonly msPerToken: number;
  /** σ from the spread of the log residuals: 1.4826 × their median absolute deviation. */
  readonly sigmaFromSpread: number;
  /** σ from the 95th percentile of the log residuals: (q95 − q50) / 1.6449. */
  readonly sigmaFromP95: number;
  /** σ from the 99th percentile, only with 1,000 samples or more. */
  readonly sigmaFromP99: number | null;
  /** Ratio of the observed p95 latency to the fitted profile's p95 over the same calls (1 = a perfect tail fit). */
  readonly p95Ratio: number;
  readonly warnings: readonly string[];
}

/** A latency profile fitted by {@link fitLatencyProfile}, with how it was fitted. */
export interface FittedLatencyProfile extends LatencyProfile {
  readonly fit: LatencyFit;
}

/** Options of {@link fitLatencyProfile}. */
export interface FitLatencyOptions {
  /** Describes the samples in the profile's source (say, "prod eu-west, 2026-11"). */
  readonly source?: string;
}

function badSample(message: string, index: number, value: unknown): LlmSpendError {
  return new LlmSpendError('INVALID_USAGE', message, { path: `samples[${index}]`, value });
}

/**
 * Fits a latency profile from your own measurements. The median latency is taken as linear in
 * the output tokens (latency = TTFT + tokens × ms per token): a least-absolute-deviation line,
 * which is the conditional median and shrugs off outliers, with TTFT ≥ 1 ms and a
 * non-negative slope. The tail spread σ is fitted from the residuals on the log scale, as the
 * larger of their robust spread (1.4826 × MAD), their p95 ((q95 − q50) / 1.6449) and, from
 * 1,000 samples, their p99 ((q99 − q50) / 2.3263): a tail heavier than a lognormal is then
 * planned for, not averaged away. Pass the result as a profile to {@link recommendModel}.
 *
 * @param samples - at least {@link MIN_LATENCY_SAMPLES} calls, `{ outputTokens, latencyMs }`,
 *   of more than one output length
 * @returns the profile (TTFT, speed, tailSigma, source) and the fit's diagnostics
 * @throws LlmSpendError `INSUFFICIENT_SAMPLES` below 30 samples, or when the output lengths
 *   do not vary enough (or latency does not grow with them) to fit a speed; `INVALID_USAGE`
 *   for a sample that is not two finite numbers (tokens ≥ 0, latency > 0)
 * @example
 * ```ts
 * import { fitLatencyProfile } from 'llm-spend';
 * // 40 calls: 300 ms to the first token, 5 ms per token (200 tokens/s), ±10% noise
 * const samples = Array.from({ length: 45 }, (_, i) => ({
 *   outputTokens: 20 * (i + 1),
 *   latencyMs: (300 + 5 * 20 * (i + 1)) * [1, 1.1, 1 / 1.1][i % 3]!,
 * }));
 * const profile = fitLatencyProfile(samples, { source: 'staging, November' });
 * Math.round(profile.outputTokensPerSecond); // 200
 * Math.round(profile.ttftMs); // 300
 * profile.tailSigma > 0; // true
 * // fitLatencyProfile(samples.slice(0, 10)) throws INSUFFICIENT_SAMPLES (fewer than 30)
 * ```
 */
export function fitLatencyProfile(samples: readonly LatencySample[], options: FitLatencyOptions = {}): FittedLatencyProfile {
  if (!Array.isArray(samples)) throw new LlmSpendError('INVALID_USAGE', 'fitLatencyProfile needs an array of { outputTokens, latencyMs } samples.', { path: 'samples' });
  const tokens: number[] = [];
  const latency: number[] = [];
  samples.forEach((sample: unknown, index) => {
    if (typeof sample !== 'object' || sample === null) throw badSample(`samples[${index}] must be { outputTokens, latencyMs }; got ${showValue(sample)}.`, index, sample);
    const { outputTokens, latencyMs } = sample as Record<string, unknown>;
    if (!(typeof outputTokens === 'number' && Number.isFinite(outputTokens) && outputTokens >= 0)) {
      throw badSample(`samples[${index}].outputTokens must be a finite number ≥ 0; got ${showValue(outputTokens)}.`, index, sample);
    }
    if (!(typeof latencyMs === 'number' && Number.isFinite(latencyMs) && latencyMs > 0)) {
      throw badSample(`samples[${index}].latencyMs must be a finite number above 0; got ${showValue(latencyMs)}.`, index, sample);
    }
    tokens.push(outputTokens);
    latency.push(latencyMs);
  });
  const n = tokens.length;
  if (n < MIN_LATENCY_SAMPLES) {
    throw new LlmSpendError(
      'INSUFFICIENT_SAMPLES',
      `fitLatencyProfile needs at least ${MIN_LATENCY_SAMPLES} samples to fit a median line and a tail; got ${n}. Measure more calls (about 1,000 for a trustworthy p99).`,
      { samples: n, minimum: MIN_LATENCY_SAMPLES },
    );
  }
  const sortedTokens = [...tokens].sort((x, y) => x - y);
  const spreadLow = quantileOfSorted(sortedTokens, 0.1);
  const spreadHigh = quantileOfSorted(sortedTokens, 0.9);
  if (!(spreadHigh > spreadLow) || new Set(tokens).size < 3) {
    throw new LlmSpendError(
      'INSUFFICIENT_SAMPLES',
      'The samples do not vary enough in output length to separate time to first token from output speed: include calls of different lengths (the 10th and 90th percentiles of outputTokens must differ).',
      { samples: n },
    );
  }
  const warnings: string[] = [];
  // Least absolute deviations: for a slope b the best intercept is median(L − b·t); the total
  // absolute deviation is convex in b, so a golden-section search finds the optimum.
  const residuals = new Float64Array(n);
  const intercept = (b: number): number => {
    for (let index = 0; index < n; index += 1) residuals[index] = (latency[index] ?? 0) - b * (tokens[index] ?? 0);
    const sorted = Float64Array.from(residuals).sort();
    return quantileOfSorted(sorted, 0.5);
  };
  const loss = (b: number): number => {
    const a = Math.max(1, intercept(b));
    let total = 0;
    for (let index = 0; index < n; index += 1) total += Math.abs((latency[index] ?? 0) - a - b * (tokens[index] ?? 0));
    return total;
  };
  const sortedLatency = [...latency].sort((x, y) => x - y);
  let high = Math.max(1e-6, (4 * (quantileOfSorted(sortedLatency, 0.9) - quantileOfSorted(sortedLatency, 0.1))) / (spreadHigh - spreadLow));
  while (loss(high) < loss(high / 2) && high < 1e9) high *= 2;
  let low = 0;
  const phi = (Math.sqrt(5) - 1) / 2;
  let x1 = high - phi * (high - low);
  let x2 = low + phi * (high - low);
  let f1 = loss(x1);
  let f2 = loss(x2);
  for (let index = 0; index < 200 && high - low > 1e-12 * Math.max(1, high); index += 1) {
    if (f1 <= f2) {
      high = x2;
      x2 = x1;
      f2 = f1;
      x1 = high - phi * (high - low);
      f1 = loss(x1);
    } else {
      low = x1;
      x1 = x2;
      f1 = f2;
      x2 = low + phi * (high - low);
      f2 = loss(x2);
    }
  }
  const slope = (low + high) / 2;
  if (!(slope > 1e-6)) {
    throw new LlmSpendError(
      'INSUFFICIENT_SAMPLES',
      'Latency does not grow with output tokens in these samples, so no output speed can be fitted. Check that latencyMs is the whole call (to the last token) and include calls of different lengths.',
      { samples: n },
    );
  }
  let ttft = intercept(slope);
  if (ttft < 1) {
    warnings.push(`The fitted time to first token was ${ttft.toFixed(1)} ms; it is floored at 1 ms. Do the samples include the time to the first token?`);
    ttft = 1;
  }
  const logResiduals = latency.map((value, index) => Math.log(value) - Math.log(ttft + slope * (tokens[index] ?? 0))).sort((x, y) => x - y);
  const center = quantileOfSorted(logResiduals, 0.5);
  const sigmaFromSpread = 1.4826 * median(logResiduals.map((value) => Math.abs(value - center)));
  const sigmaFromP95 = Math.max(0, (quantileOfSorted(logResiduals, 0.95) - center) / Z95);
  const sigmaFromP99 = n >= 1000 ? Math.max(0, (quantileOfSorted(logResiduals, 0.99) - center) / 2.3263478740408408) : null;
  const sigma = Math.min(5, Math.max(sigmaFromSpread, sigmaFromP95, sigmaFromP99 ?? 0));
  if (sigma === sigmaFromP95 && sigmaFromP95 > 1.5 * sigmaFromSpread) warnings.push('The tail is heavier than a lognormal fitted to the middle: σ follows the p95 of the residuals.');
  const speed = 1000 / slope;
  const profile: LatencyProfile = {
    ttftMs: ttft,
    outputTokensPerSecond: speed,
    tailSigma: sigma,
    source: { url: 'fitLatencyProfile', note: `fitted from ${n} samples${options.source === undefined ? '' : ` (${options.source})`}` },
    tailSource: `fitted: σ = ${sigma.toFixed(3)} from the log residuals of ${n} samples`,
  };
  // How the fitted profile's p95 over these calls compares with the observed p95.
  const observedP95 = quantileOfSorted(sortedLatency, 0.95);
  const fittedP95 = callLatency(profile, merge(tokens.map((x) => ({ x, w: 1 / n })))).quantile(0.95);
  return {
    ...profile,
    fit: {
      samples: n,
      msPerToken: slope,
      sigmaFromSpread,
      sigmaFromP95,
      sigmaFromP99,
      p95Ratio: observedP95 / fittedP95,
      warnings,
    },
  };
}

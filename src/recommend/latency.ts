// The latency model of the recommender (issue 12). One call takes
//
//   L = overhead · ε_t + (1000 · I / prefill + 1000 · T / speed) · ε_d   milliseconds,
//
// where I is the prompt's input tokens, TTFT(I) = overhead + 1000 · I / prefill =
// TTFT(ref) + 1000 · (I − ref) / prefill (ref = the prompt length the TTFT was measured at:
// 1,000 tokens for the Artificial Analysis medians), T = reasoning + output tokens (capped at maxOutputTokens), and ε_t, ε_d are
// independent lognormal slowdowns with median 1: a heavier one on the wait for the first token
// (queueing, σ_t = ln 2.6 / 1.6449 ≈ 0.581) and a lighter one on prefill and decoding (σ_d
// ≈ 0.268, p95 = 1.5 × the mean). They are calibrated to FIXED-LENGTH measurements (a TTFT-dominated call has
// p95/p50 ≈ 2.6, a decode-dominated one ≈ 1.5), not to mixed-traffic ratios, which already
// contain the spread of call lengths that the token distributions add here.
//
// The sum of the two lognormals is matched by one lognormal (Fenton–Wilkinson: same mean and
// variance), per atom of generated tokens; the prompt's spread is folded into the TTFT term's
// mean and variance. A profile with `tailSigma` (or the `latencyTailSigma` constraint) uses
// the earlier, pessimistic model instead: one shared slowdown ε of σ = tailSigma on the whole
// call, L = ε · (TTFT(I) + 1000 · T / speed); DEFAULT_LATENCY_TAIL_SIGMA ≈ 1.058 (p95 ≈ 5.7 ×
// p50, live mixed-traffic telemetry) is that pessimistic profile.
//
// Percentiles are computed, not simulated, for single calls and their mixtures: T is cut into
// probability strata, each stratum is a lognormal component, and a quantile is found by
// bisection on the mixture's CDF. A cascade's escalated path (small call then large call) is a
// sum; its CDF integrates the large call's CDF over strata of the small call's quantiles.
// Pipelines (a random number of calls per task over several steps) use a seeded Monte Carlo
// with as many draws as it takes for p99 to be within ±1 % (95 % interval).
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
 * import { DEFAULT_LATENCY_TAIL_SIGMA } from 'llm-spend/projection';
 * DEFAULT_LATENCY_TAIL_SIGMA.toFixed(3); // "1.058"
 * Math.exp(1.6449 * DEFAULT_LATENCY_TAIL_SIGMA).toFixed(1); // "5.7"
 * ```
 */
export const DEFAULT_LATENCY_TAIL_SIGMA: number = Math.log(5.7) / Z95;

/**
 * The pessimistic profile's σ: one shared slowdown of the whole call with p95 ≈ 5.7 × p50 (live
 * mixed-traffic telemetry, which already contains the spread of call lengths, so it over-counts
 * the tail of a fixed-length call), the same number as {@link DEFAULT_LATENCY_TAIL_SIGMA}. Pass
 * it as `latencyTailSigma` for a worst-case plan.
 *
 * @example
 * ```ts
 * import { PESSIMISTIC_LATENCY_TAIL_SIGMA, recommendModel } from 'llm-spend/projection';
 * PESSIMISTIC_LATENCY_TAIL_SIGMA.toFixed(3); // "1.058"
 * recommendModel(
 *   { volume: { calls: 10_000, per: 'day' }, tokens: { input: 800, output: 40 } },
 *   { latency: { p95Ms: 4000 }, latencyTailSigma: PESSIMISTIC_LATENCY_TAIL_SIGMA },
 * );
 * ```
 */
export const PESSIMISTIC_LATENCY_TAIL_SIGMA: number = DEFAULT_LATENCY_TAIL_SIGMA;

/**
 * σ of the slowdown of the time to first token (queueing): ln(2.6) / 1.6449 ≈ 0.581, so that a
 * TTFT-dominated call of fixed length has p95 ≈ 2.6 × p50 (an observability baseline for
 * gpt-4o-mini: p50 420 ms, p95 1,100 ms, p99 1,800 ms).
 *
 * @example
 * ```ts
 * import { DEFAULT_TTFT_SIGMA } from 'llm-spend/projection';
 * DEFAULT_TTFT_SIGMA.toFixed(3); // "0.581"
 * Math.exp(1.6449 * DEFAULT_TTFT_SIGMA).toFixed(1); // "2.6"
 * ```
 */
export const DEFAULT_TTFT_SIGMA: number = Math.log(2.6) / Z95;

/**
 * σ of the slowdown of prefill and decoding (compute): ≈ 0.268, the σ at which a lognormal's
 * p95 is 1.5 × its mean (one fixed task measured 32 times: p95 about 1.5 × the mean), so a
 * decode-dominated call of fixed length has p95 ≈ 1.55 × p50.
 *
 * @example
 * ```ts
 * import { DEFAULT_DECODE_SIGMA } from 'llm-spend/projection';
 * DEFAULT_DECODE_SIGMA.toFixed(3); // "0.268"
 * ```
 */
export const DEFAULT_DECODE_SIGMA: number = Z95 - Math.sqrt(Z95 * Z95 - 2 * Math.log(1.5));

/**
 * Default prefill speed, input tokens per second: 10,000 (0.1 ms per prompt token). Published
 * per-token TTFT growth runs from 0.04 to 0.24 ms per input token (shared APIs and dedicated
 * deployments; a 50,000-token uncached Claude prefix about 6 s, i.e. 0.12 ms); no per-model
 * figures are published for the catalog's models, so one value is used for all of them unless a
 * profile states its own (fitLatencyProfile fits it from samples with inputTokens).
 *
 * @example
 * ```ts
 * import { DEFAULT_PREFILL_TOKENS_PER_SECOND } from 'llm-spend/projection';
 * // A 150,000-token prompt adds (150,000 − 1,000) / 10,000 s ≈ 14.9 s to the TTFT.
 * (150_000 - 1000) / DEFAULT_PREFILL_TOKENS_PER_SECOND; // 14.9
 * ```
 */
export const DEFAULT_PREFILL_TOKENS_PER_SECOND = 10_000;

/**
 * The prompt length at which the table's (Artificial Analysis) TTFT medians were measured: 1,000 input tokens.
 *
 * @example
 * ```ts
 * import { REFERENCE_INPUT_TOKENS } from 'llm-spend/projection';
 * REFERENCE_INPUT_TOKENS; // 1000
 * ```
 */
export const REFERENCE_INPUT_TOKENS = 1000;

/**
 * The fewest `{ outputTokens, latencyMs }` samples {@link fitLatencyProfile} accepts: 30.
 * Below that the median line and, above all, the tail spread are too noisy to plan on. An
 * empirical p99 needs about 1,000 samples; with fewer, the tail is fitted from the p95.
 *
 * @example
 * ```ts
 * import { MIN_LATENCY_SAMPLES } from 'llm-spend/projection';
 * MIN_LATENCY_SAMPLES; // 30
 * ```
 */
export const MIN_LATENCY_SAMPLES = 30;

/** @internal The tail source of a profile with the default per-call variation. */
export const TAIL_NOTE =
  'default per-call variation, calibrated to fixed-length calls: TTFT σ = ln(2.6)/1.6449 ≈ 0.581 (p95/p50 2.6, gpt-4o-mini observability baseline), ' +
  'prefill and decoding σ ≈ 0.268 (p95 = 1.5 × a fixed task\'s mean); see docs/recommend.md';

/** Where a latency figure comes from (the table's source, "fitLatencyProfile", or yours). */
export interface LatencySource {
  readonly url: string;
  readonly checkedAt?: string;
  readonly note?: string;
}

/**
 * A latency profile: the median time to first token at a reference prompt length, how it grows
 * with the prompt (prefill speed), the median output speed (reasoning tokens included), and the
 * per-call variation: split (σ on TTFT, σ on decoding) or shared (one σ on the whole call, the
 * pessimistic model).
 */
export interface LatencyProfile {
  /** Median time to first token, milliseconds, for a prompt of `referenceInputTokens`. */
  readonly ttftMs: number;
  /** Median output speed, tokens per second (hidden reasoning tokens are generated at this speed). */
  readonly outputTokensPerSecond: number;
  /** Prompt tokens processed per second before the first token: TTFT(I) = ttftMs + 1000·(I − referenceInputTokens)/prefill (the reference prompt's prefill capped at 90 % of ttftMs). */
  readonly prefillTokensPerSecond: number;
  /** The prompt length `ttftMs` was measured at. */
  readonly referenceInputTokens: number;
  /** `split`: independent slowdowns on TTFT (ttftSigma) and decoding (decodeSigma); `shared`: one slowdown of tailSigma on the whole call. */
  readonly tail: 'split' | 'shared';
  /** σ of the TTFT slowdown (split model). */
  readonly ttftSigma: number;
  /** σ of the decoding slowdown (split model). */
  readonly decodeSigma: number;
  /** σ of the shared slowdown (shared model); for the split model, the TTFT's σ. */
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
  readonly prefillTokensPerSecond?: number;
  readonly referenceInputTokens?: number;
  /** σ of a shared slowdown of the whole call: setting it selects the shared (pessimistic-style) model. */
  readonly tailSigma?: number;
  readonly ttftSigma?: number;
  readonly decodeSigma?: number;
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
  const known = new Set(['ttftMs', 'outputTokensPerSecond', 'prefillTokensPerSecond', 'referenceInputTokens', 'tail', 'ttftSigma', 'decodeSigma', 'tailSigma', 'source', 'tailSource', 'fit']);
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
  positive('prefillTokensPerSecond');
  const reference = record['referenceInputTokens'];
  if (reference !== undefined && !(typeof reference === 'number' && Number.isFinite(reference) && reference >= 0)) {
    throw invalid(`${path}.referenceInputTokens must be a finite number ≥ 0; got ${showValue(reference)}.`, `${path}.referenceInputTokens`, reference);
  }
  for (const key of ['ttftSigma', 'decodeSigma']) {
    const value = record[key];
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 5)) {
      throw invalid(`${path}.${key} must be a number from 0 to 5; got ${showValue(value)}.`, `${path}.${key}`, value);
    }
  }
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
  const prefill = override?.prefillTokensPerSecond ?? DEFAULT_PREFILL_TOKENS_PER_SECOND;
  const referenceInputTokens = override?.referenceInputTokens ?? REFERENCE_INPUT_TOKENS;
  const shared = override?.tailSigma ?? tailSigma;
  if (shared !== undefined) {
    const tailSource = override?.tailSigma !== undefined ? (override.tailSource ?? 'user-supplied tailSigma') : 'latencyTailSigma constraint';
    return { ttftMs, outputTokensPerSecond: speed, prefillTokensPerSecond: prefill, referenceInputTokens, tail: 'shared', ttftSigma: shared, decodeSigma: shared, tailSigma: shared, source, tailSource };
  }
  const ttftSigma = override?.ttftSigma ?? DEFAULT_TTFT_SIGMA;
  const decodeSigma = override?.decodeSigma ?? DEFAULT_DECODE_SIGMA;
  const tailSource = override?.ttftSigma !== undefined || override?.decodeSigma !== undefined ? (override?.tailSource ?? 'user-supplied ttftSigma / decodeSigma') : TAIL_NOTE;
  return { ttftMs, outputTokensPerSecond: speed, prefillTokensPerSecond: prefill, referenceInputTokens, tail: 'split', ttftSigma, decodeSigma, tailSigma: ttftSigma, source, tailSource };
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

/** @internal The prompt of a call, as the moments of its input tokens (a fixed prompt has variance 0). */
export interface PromptTokens {
  readonly mean: number;
  readonly variance: number;
}

/** @internal The prompt length the profile was measured at (TTFT is then the profile's median). */
export function referencePrompt(profile: LatencyProfile): PromptTokens {
  return { mean: profile.referenceInputTokens, variance: 0 };
}

/** @internal The moments of a prompt given as tokens or a distribution. */
export function promptOf(spec: DistributionInput | DistributionSpec | undefined): PromptTokens | undefined {
  if (spec === undefined) return undefined;
  if (typeof spec === 'number') return { mean: spec, variance: 0 };
  const dist = createDistribution(spec);
  return { mean: dist.mean, variance: Math.max(0, dist.variance) };
}

/**
 * @internal Milliseconds of prefill per prompt token: 1000 / prefillTokensPerSecond, except
 * that the reference prompt's prefill may take at most 90 % of the reference TTFT (a TTFT
 * shorter than the default prefill of its prompt implies a faster prefill).
 */
export function prefillMsPerToken(profile: LatencyProfile): number {
  const k = 1000 / profile.prefillTokensPerSecond;
  const ref = profile.referenceInputTokens;
  return ref > 0 ? Math.min(k, (0.9 * profile.ttftMs) / ref) : k;
}

/** @internal The fixed part of the TTFT (ms): the reference TTFT less the reference prompt's prefill (at least 10 % of it). */
export function overheadMs(profile: LatencyProfile): number {
  return profile.ttftMs - prefillMsPerToken(profile) * profile.referenceInputTokens;
}

/** @internal Median TTFT (ms) for a prompt of `inputTokens`: the fixed part plus 1000/prefill ms per prompt token. */
export function ttftFor(profile: LatencyProfile, inputTokens: number): number {
  return overheadMs(profile) + prefillMsPerToken(profile) * Math.max(0, inputTokens);
}

/**
 * @internal One lognormal (median, σ) with the mean and variance of a call (Fenton–Wilkinson).
 * Split: the fixed part of the TTFT (network, queueing) × ε_t, plus prefill and decoding
 * (compute) × ε_d; shared: (TTFT(I) + decoding) × ε.
 */
export function callComponent(profile: LatencyProfile, decodeMs: number, prompt: PromptTokens): { median: number; sigma: number } {
  const k = prefillMsPerToken(profile);
  const q = overheadMs(profile);
  const prefill = k * Math.max(0, prompt.mean);
  const pv = k * k * prompt.variance;
  let mean: number;
  let variance: number;
  if (profile.tail === 'shared') {
    const s2 = profile.tailSigma ** 2;
    const base = q + prefill + decodeMs;
    mean = base * Math.exp(s2 / 2);
    variance = (base * base + pv) * Math.exp(2 * s2) - mean * mean;
  } else {
    const t2 = profile.ttftSigma ** 2;
    const d2 = profile.decodeSigma ** 2;
    const compute = prefill + decodeMs;
    const m1 = q * Math.exp(t2 / 2);
    const m2 = compute * Math.exp(d2 / 2);
    mean = m1 + m2;
    variance = q * q * Math.exp(2 * t2) - m1 * m1 + (compute * compute + pv) * Math.exp(2 * d2) - m2 * m2;
  }
  if (!(mean > 0)) return { median: 0, sigma: 0 };
  const sigma2 = Math.log1p(Math.max(0, variance) / (mean * mean));
  return { median: mean * Math.exp(-sigma2 / 2), sigma: Math.sqrt(sigma2) };
}

/** @internal The latency of one call on a profile, over atoms of generated tokens, for a prompt (default: the profile's reference prompt). */
export function callLatency(profile: LatencyProfile, generated: readonly Atom[], prompt: PromptTokens = referencePrompt(profile)): LatencyDist {
  const perToken = 1000 / profile.outputTokensPerSecond;
  return componentMixture(generated.map((atom) => ({ ...callComponent(profile, perToken * atom.x, prompt), w: atom.w })));
}

/** @internal Σ w·Lognormal(ln median, σ) with a σ per component. */
export function componentMixture(components: ReadonlyArray<{ readonly median: number; readonly sigma: number; readonly w: number }>): LatencyDist {
  const kept = components.filter((c) => c.w > 0 && c.median > 0);
  const logs = Float64Array.from(kept, (c) => Math.log(c.median));
  const sigmas = Float64Array.from(kept, (c) => c.sigma);
  const ws = Float64Array.from(kept, (c) => c.w);
  let lo = Infinity;
  let hi = 0;
  let mean = 0;
  for (const c of kept) {
    lo = Math.min(lo, c.median / Math.exp(8.5 * c.sigma));
    hi = Math.max(hi, c.median * Math.exp(8.5 * c.sigma));
    mean += c.w * c.median * Math.exp((c.sigma * c.sigma) / 2);
  }
  if (kept.length === 0) {
    lo = 0;
    hi = 0;
  }
  return {
    mean,
    lo,
    hi,
    cdf(x: number): number {
      if (!(x > 0)) return 0;
      const lx = Math.log(x);
      let total = 0;
      for (let index = 0; index < logs.length; index += 1) {
        const sigma = sigmas[index] ?? 0;
        const d = lx - (logs[index] ?? 0);
        total += (ws[index] ?? 0) * (sigma < 1e-9 ? (d >= 0 ? 1 : 0) : normalCdf(d / sigma));
      }
      return Math.min(1, total);
    },
    quantile(q: number): number {
      return invert(this, q);
    },
  };
}

/** @internal One draw of a call's latency: `normal` and `second` are independent standard normals, `inputTokens` the prompt. */
export function drawCall(profile: LatencyProfile, tokens: number, normal: number, inputTokens: number = profile.referenceInputTokens, second = 0): number {
  const q = overheadMs(profile);
  const compute = prefillMsPerToken(profile) * Math.max(0, inputTokens) + (1000 * tokens) / profile.outputTokensPerSecond;
  if (profile.tail === 'shared') return Math.exp(profile.tailSigma * normal) * (q + compute);
  return q * Math.exp(profile.ttftSigma * normal) + compute * Math.exp(profile.decodeSigma * second);
}

/** @internal Monte Carlo draws of a quantity. */
export function simulate(draws: number, seed: number, one: (rng: ReturnType<typeof createRng>) => number): LatencyDist {
  const rng = createRng(seed);
  const values = new Float64Array(draws);
  for (let index = 0; index < draws; index += 1) values[index] = one(rng);
  return empirical(values);
}

/** Pipelines' latency Monte Carlo aims at this relative half-width of p99's 95 % interval. */
export const LATENCY_TARGET_ERROR = 0.01;
const LATENCY_MIN_DRAWS = 20_000;
const LATENCY_MAX_DRAWS = 640_000;

/**
 * @internal Monte Carlo draws of a quantity, doubling (re-using the draws made) until the
 * distribution-free 95 % interval of p50, p95 and p99 is within ±1 % of each, or 640,000 draws.
 */
export function simulateToPrecision(seed: number, one: (rng: ReturnType<typeof createRng>) => number): { dist: LatencyDist; draws: number; error: number } {
  const rng = createRng(seed);
  let values = new Float64Array(0);
  let target = LATENCY_MIN_DRAWS;
  let error = Number.POSITIVE_INFINITY;
  for (;;) {
    const grown = new Float64Array(target);
    grown.set(values);
    for (let index = values.length; index < target; index += 1) grown[index] = one(rng);
    values = grown;
    const sorted = Float64Array.from(values).sort();
    error = Math.max(
      ...[0.5, 0.95, 0.99].map((q) => {
        const m = sorted.length;
        const spread = 1.96 * Math.sqrt(m * q * (1 - q));
        const lo = sorted[Math.max(0, Math.floor(m * q - spread) - 1)] ?? 0;
        const hi = sorted[Math.min(m - 1, Math.ceil(m * q + spread))] ?? 0;
        const value = quantileOfSorted(sorted, q);
        return value > 0 ? (hi - lo) / 2 / value : 0;
      }),
    );
    if (error <= LATENCY_TARGET_ERROR || target >= LATENCY_MAX_DRAWS) break;
    target = Math.min(LATENCY_MAX_DRAWS, target * 2);
  }
  return { dist: empirical(values), draws: values.length, error };
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
  /** The prompt's input tokens per call (a number or a distribution): TTFT grows with it. @defaultValue the profile's reference prompt (1,000 tokens for the table's figures) */
  readonly inputTokens?: DistributionInput;
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
 * The latency of one call: TTFT(prompt) · ε_t + (reasoning + output tokens) / speed · ε_d,
 * TTFT growing with the prompt's input tokens at the profile's prefill speed, ε_t and ε_d
 * lognormal slowdowns calibrated to fixed-length calls (or one shared slowdown of `tailSigma`,
 * the pessimistic model), over the distribution of the token counts. Percentiles come from the
 * mixture (bisection on its CDF), not from the means.
 *
 * @param request - a model (its table profile) and/or a profile, and the token counts
 * @returns p50, p95, p99 and the mean in milliseconds, and the profile used
 * @throws LlmSpendError `INVALID_CONSTRAINTS` when no profile is known for the model (pass
 *   `profile`) or a figure is not a positive number; `UNKNOWN_MODEL`; `INVALID_WORKLOAD` for a bad distribution
 * @example
 * ```ts
 * import { estimateLatency } from 'llm-spend/projection';
 * // gpt-5.4-nano: 578 ms to the first token (1,000-token prompt), 146.3 tokens/s (Artificial Analysis medians)
 * const nano = estimateLatency({ model: 'gpt-5.4-nano', outputTokens: 50 });
 * Math.round(nano.p50Ms); // 960
 * Math.round(nano.p95Ms / nano.p50Ms * 10) / 10; // 1.8
 * // a 150,000-token document: TTFT grows by 0.1 ms per prompt token
 * estimateLatency({ model: 'gpt-5.4-nano', outputTokens: 50, inputTokens: 150_000 }).p50Ms > 10_000; // true
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
  const prompt = promptOf(checkTokens(request.inputTokens, 'inputTokens', false)) ?? referencePrompt(profile);
  const dist = callLatency(profile, generatedAtoms(checkTokens(request.outputTokens, 'outputTokens', true) as DistributionInput, checkTokens(request.reasoningTokens, 'reasoningTokens', false), cap), prompt);
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
  /** The prompt's input tokens (all input, cached included). Give it on every sample to fit the prefill speed. */
  readonly inputTokens?: number;
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
 * Least absolute deviations of y on x with a non-negative slope: for a slope b the best
 * intercept is median(y − b·x); the total absolute deviation is convex in b, so a
 * golden-section search finds the optimum. Returns the slope and intercept (the intercept
 * floored at 1 for the loss, as a TTFT).
 */
function ladLine(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } {
  const n = xs.length;
  const sortedX = [...xs].sort((x, y) => x - y);
  const sortedY = [...ys].sort((x, y) => x - y);
  const xLow = quantileOfSorted(sortedX, 0.1);
  const xHigh = quantileOfSorted(sortedX, 0.9);
  const yLow = quantileOfSorted(sortedY, 0.1);
  const yHigh = quantileOfSorted(sortedY, 0.9);
  // Least absolute deviations: for a slope b the best intercept is median(L − b·t); the total
  // absolute deviation is convex in b, so a golden-section search finds the optimum.
  const residuals = new Float64Array(n);
  const intercept = (b: number): number => {
    for (let index = 0; index < n; index += 1) residuals[index] = (ys[index] ?? 0) - b * (xs[index] ?? 0);
    const sorted = Float64Array.from(residuals).sort();
    return quantileOfSorted(sorted, 0.5);
  };
  const loss = (b: number): number => {
    const a = Math.max(1, intercept(b));
    let total = 0;
    for (let index = 0; index < n; index += 1) total += Math.abs((ys[index] ?? 0) - a - b * (xs[index] ?? 0));
    return total;
  };
  let high = Math.max(1e-6, (4 * (yHigh - yLow)) / (xHigh - xLow));
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
  return { slope, intercept: intercept(slope) };
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
 * import { fitLatencyProfile } from 'llm-spend/projection';
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
    const promptTokens = (sample as Record<string, unknown>)['inputTokens'];
    if (promptTokens !== undefined && !(typeof promptTokens === 'number' && Number.isFinite(promptTokens) && promptTokens >= 0)) {
      throw badSample(`samples[${index}].inputTokens must be a finite number ≥ 0; got ${showValue(promptTokens)}.`, index, sample);
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
  // The median line: LAD of latency on output tokens; with prompt lengths, coordinate descent
  // on (output, input) slopes, three rounds (LAD is convex in both).
  const inputs = samples.map((sample) => (sample as unknown as Record<string, unknown>)['inputTokens']);
  const withInputs = inputs.every((value) => typeof value === 'number' && Number.isFinite(value) && value >= 0);
  const inputTokens = withInputs ? (inputs as number[]) : undefined;
  const inputSpread = inputTokens === undefined ? 0 : quantileOfSorted([...inputTokens].sort((x, y) => x - y), 0.9) - quantileOfSorted([...inputTokens].sort((x, y) => x - y), 0.1);
  let perInput = 0;
  let fitted = ladLine(tokens, latency);
  if (inputTokens !== undefined && inputSpread > 0) {
    for (let round = 0; round < 3; round += 1) {
      const perOutput = fitted.slope;
      perInput = ladLine(inputTokens, latency.map((value, index) => value - perOutput * (tokens[index] ?? 0))).slope;
      fitted = ladLine(tokens, latency.map((value, index) => value - perInput * (inputTokens[index] ?? 0)));
    }
  }
  const sortedLatency = [...latency].sort((x, y) => x - y);
  const low = fitted.slope;
  const high = fitted.slope;
  const intercept = (): number => fitted.intercept;
  const slope = (low + high) / 2;
  if (!(slope > 1e-6)) {
    throw new LlmSpendError(
      'INSUFFICIENT_SAMPLES',
      'Latency does not grow with output tokens in these samples, so no output speed can be fitted. Check that latencyMs is the whole call (to the last token) and include calls of different lengths.',
      { samples: n },
    );
  }
  let ttft = intercept();
  if (ttft < 1) {
    warnings.push(`The fitted time to first token was ${ttft.toFixed(1)} ms; it is floored at 1 ms. Do the samples include the time to the first token?`);
    ttft = 1;
  }
  const logResiduals = latency.map((value, index) => Math.log(value) - Math.log(ttft + slope * (tokens[index] ?? 0) + perInput * (inputTokens?.[index] ?? 0))).sort((x, y) => x - y);
  const center = quantileOfSorted(logResiduals, 0.5);
  const sigmaFromSpread = 1.4826 * median(logResiduals.map((value) => Math.abs(value - center)));
  const sigmaFromP95 = Math.max(0, (quantileOfSorted(logResiduals, 0.95) - center) / Z95);
  const sigmaFromP99 = n >= 1000 ? Math.max(0, (quantileOfSorted(logResiduals, 0.99) - center) / 2.3263478740408408) : null;
  const sigma = Math.min(5, Math.max(sigmaFromSpread, sigmaFromP95, sigmaFromP99 ?? 0));
  if (sigma === sigmaFromP95 && sigmaFromP95 > 1.5 * sigmaFromSpread) warnings.push('The tail is heavier than a lognormal fitted to the middle: σ follows the p95 of the residuals.');
  const speed = 1000 / slope;
  if (inputTokens === undefined) warnings.push('The samples have no inputTokens, so the prefill speed is not fitted: the default (10,000 prompt tokens/s) applies, and the fitted TTFT is taken at the table\'s reference prompt of 1,000 tokens.');
  else if (!(inputSpread > 0)) warnings.push('The prompt lengths do not vary, so the prefill speed is not fitted: the default (10,000 prompt tokens/s) applies around the samples\' prompt length.');
  else if (!(perInput > 1e-9)) warnings.push('Latency does not grow with the prompt in these samples: the prefill speed is taken as very fast (TTFT does not depend on the prompt).');
  const referenceInputTokens = inputTokens === undefined ? REFERENCE_INPUT_TOKENS : inputSpread > 0 ? 0 : (inputTokens[0] ?? 0);
  const prefillTokensPerSecond = inputTokens !== undefined && inputSpread > 0 ? (perInput > 1e-9 ? 1000 / perInput : 1e9) : DEFAULT_PREFILL_TOKENS_PER_SECOND;
  // The residuals are conditional on both lengths, so one shared slowdown of that σ per call
  // does not count the spread of call lengths twice.
  const profile: LatencyProfile = {
    ttftMs: ttft,
    outputTokensPerSecond: speed,
    prefillTokensPerSecond,
    referenceInputTokens,
    tail: 'shared',
    ttftSigma: sigma,
    decodeSigma: sigma,
    tailSigma: sigma,
    source: { url: 'fitLatencyProfile', note: `fitted from ${n} samples${options.source === undefined ? '' : ` (${options.source})`}` },
    tailSource: `fitted: σ = ${sigma.toFixed(3)} from the log residuals of ${n} samples`,
  };
  // How the fitted profile's p95 over these calls compares with the observed p95.
  const observedP95 = quantileOfSorted(sortedLatency, 0.95);
  const fittedP95 = componentMixture(
    tokens.map((x, index) => ({ median: ttft + slope * x + perInput * (inputTokens?.[index] ?? 0), sigma, w: 1 / n })),
  ).quantile(0.95);
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

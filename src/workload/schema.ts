import { z } from 'zod';
import { LlmSpendError, showValue } from '../errors.js';
import { Dec } from '../money/decimal.js';
import { SERVICE_TIERS } from '../pricing/schema.js';
import { expandUnionIssues, formatPath, valueAt } from '../pricing/zod-error.js';
import {
  DISTRIBUTION_KINDS,
  LOGNORMAL_MAX_P95_OVER_MEAN,
  lognormalSigmaFromMean,
  toDist,
  type DistributionInput,
  type DistributionSpec,
  type TokenDistribution,
} from './distributions.js';
import { fitMedianVolume, uncertainVolumeProblem, VOLUME_UNITS } from './volume.js';
import { MAX_CALLS, MAX_GROWTH_RATE, MAX_IMAGE_SIDE, MAX_LOGNORMAL_SPREAD, MAX_SAMPLES, MAX_TOKENS, MAX_TURNS } from '../limits.js';
import { practicalMax } from './distributions.js';
import type { Workload, WorkloadInput } from './types.js';

const FINITE = 'must be a finite number';

const count = z.number({ error: (issue) => (issue.input === undefined ? 'is required' : `${FINITE} ≥ 0`) }).nonnegative('cannot be negative');
const positive = z.number({ error: (issue) => (issue.input === undefined ? 'is required' : `${FINITE} > 0`) }).positive('must be greater than 0');
const share = z
  .number({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a share from 0 to 1') })
  .min(0, 'must be a share from 0 to 1 (not below 0)')
  .max(1, 'must be a share from 0 to 1 (not above 1)');
const wholeCount = count.int('must be a whole number');
const positiveWhole = positive.int('must be a whole number');
const TOO_MANY_TOKENS = `must be at most ${MAX_TOKENS} (a billion tokens per call, the limit of llm-spend's projections)`;
/** A token parameter of a distribution: finite, ≥ 0, at most MAX_TOKENS. */
const tokens = count.max(MAX_TOKENS, TOO_MANY_TOKENS);
const positiveTokens = positive.max(MAX_TOKENS, TOO_MANY_TOKENS);
const wholeTokens = wholeCount.max(MAX_TOKENS, TOO_MANY_TOKENS);
const positiveWholeTokens = positiveWhole.max(MAX_TOKENS, TOO_MANY_TOKENS);
const calls = count.max(MAX_CALLS, `must be at most ${MAX_CALLS} calls (the limit of llm-spend's projections)`);

const KIND_LIST = DISTRIBUTION_KINDS.join(', ');

const lognormalParameters = z
  .strictObject(
    {
      median: positiveTokens.optional(),
      mean: positiveTokens.optional(),
      p95: positiveTokens,
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `a lognormal takes { median, p95 } or { mean, p95 }; unknown key ${quoteKeys(issue)}` : undefined) },
  )
  .superRefine((value, ctx) => {
    if (value.median !== undefined && value.mean !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['mean'], message: 'give either median or mean, not both' });
      return;
    }
    if (value.median === undefined && value.mean === undefined) {
      ctx.addIssue({ code: 'custom', path: ['median'], message: 'a lognormal needs a median (or a mean) beside its p95' });
      return;
    }
    if (value.median !== undefined && value.p95 < value.median) {
      ctx.addIssue({ code: 'custom', path: ['p95'], message: `p95 (${value.p95}) is below the median (${value.median}); a p95 is at least the median` });
    }
    if (value.median !== undefined && value.p95 / value.median > MAX_LOGNORMAL_SPREAD) {
      ctx.addIssue({
        code: 'custom',
        path: ['p95'],
        message: `p95 (${value.p95}) is more than ${MAX_LOGNORMAL_SPREAD} times the median (${value.median}); a spread that wide has moments no float can hold (the limit keeps σ ≤ 5.6)`,
      });
    }
    if (value.mean !== undefined) {
      if (value.p95 < value.mean) {
        ctx.addIssue({
          code: 'custom',
          path: ['p95'],
          message: `p95 (${value.p95}) is below the mean (${value.mean}); only a lognormal with σ > 3.29 has that. If ${value.mean} is the median, write { median: ${value.mean}, p95: ${value.p95} }`,
        });
      } else if (lognormalSigmaFromMean(value.mean, value.p95) === undefined) {
        const limit = Math.floor(value.mean * LOGNORMAL_MAX_P95_OVER_MEAN * 100) / 100;
        ctx.addIssue({
          code: 'custom',
          path: ['p95'],
          message:
            `no lognormal has mean ${value.mean} and p95 ${value.p95}: p95 / mean = ${(value.p95 / value.mean).toFixed(3)} exceeds e^(z²/2) ≈ ${LOGNORMAL_MAX_P95_OVER_MEAN.toFixed(3)} ` +
            `(z = 1.6449), the most a lognormal's p95 can exceed its mean, so the p95 must be at most ${limit}. If ${value.mean} is the median, write { median: ${value.mean}, p95: ${value.p95} }`,
        });
      }
    }
  });

function quoteKeys(issue: { readonly keys?: readonly string[] } | object): string {
  const keys = 'keys' in issue && Array.isArray(issue.keys) ? (issue.keys as string[]) : [];
  return keys.map((key) => JSON.stringify(key)).join(', ');
}

const histogramBucket = z.strictObject({ upTo: positiveTokens, share });

const distributionObject = z
  .strictObject(
    {
      fixed: tokens.optional(),
      uniform: z.tuple([tokens, tokens], { error: 'must be [min, max]' }).optional(),
      normal: z.strictObject({ mean: tokens, sd: tokens }).optional(),
      lognormal: lognormalParameters.optional(),
      samples: z
        .array(tokens, { error: 'must be a list of numbers' })
        .min(1, 'needs at least one sample')
        .max(MAX_SAMPLES, `has at most ${MAX_SAMPLES} samples`)
        .optional(),
      histogram: z
        .array(histogramBucket, { error: 'must be a list of { upTo, share } buckets' })
        .min(1, 'needs at least one bucket')
        .max(MAX_SAMPLES, `has at most ${MAX_SAMPLES} buckets`)
        .optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown distribution kind ${quoteKeys(issue)}; use one of ${KIND_LIST} (or a plain number for fixed)`
          : issue.code === 'invalid_type'
            ? `must be a number of tokens or a distribution such as { lognormal: { median, p95 } }`
            : undefined,
    },
  )
  .superRefine((value, ctx) => {
    const kinds = DISTRIBUTION_KINDS.filter((kind) => value[kind] !== undefined);
    if (kinds.length === 0) {
      ctx.addIssue({ code: 'custom', message: `a distribution needs one kind: ${KIND_LIST}` });
      return;
    }
    if (kinds.length > 1) {
      ctx.addIssue({ code: 'custom', message: `a distribution has exactly one kind; got ${kinds.join(' and ')}` });
      return;
    }
    if (value.uniform !== undefined && value.uniform[1] < value.uniform[0]) {
      ctx.addIssue({ code: 'custom', path: ['uniform', 1], message: `the max (${value.uniform[1]}) is below the min (${value.uniform[0]})` });
    }
    if (value.histogram !== undefined) {
      const buckets = value.histogram;
      for (let index = 1; index < buckets.length; index += 1) {
        const previous = buckets[index - 1]?.upTo ?? 0;
        const current = buckets[index]?.upTo ?? 0;
        if (!(current > previous)) {
          ctx.addIssue({ code: 'custom', path: ['histogram', index, 'upTo'], message: `bucket limits must increase; ${current} follows ${previous}` });
        }
      }
      const total = buckets.reduce((sum, bucket) => sum.plus(new Dec(bucket.share)), new Dec(0));
      if (total.minus(1).abs().gt('1e-9')) {
        ctx.addIssue({ code: 'custom', path: ['histogram'], message: `bucket shares must sum to 1; they sum to ${total.toFixed()}` });
      }
    }
  });

/**
 * The zod schema of one distribution: a number (fixed) or one of `{ fixed }`, `{ uniform }`,
 * `{ normal }`, `{ lognormal }`, `{ samples }`, `{ histogram }`. A bare number parses to
 * `{ fixed: n }`.
 */
export const distributionSchema: z.ZodType<DistributionSpec, DistributionInput> = z
  .union([tokens, distributionObject], { error: 'must be a number of tokens or a distribution such as { lognormal: { median, p95 } }' })
  .transform((value): DistributionSpec => (typeof value === 'number' ? { fixed: value } : (value as DistributionSpec))) as unknown as z.ZodType<
  DistributionSpec,
  DistributionInput
>;

const uncertainCalls = z
  .strictObject({ low: calls, expected: calls, high: calls })
  .superRefine((value, ctx) => {
    const problem = uncertainVolumeProblem(value.low, value.expected, value.high);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
  });

const medianCalls = z.strictObject({ low: calls, median: calls, high: calls }).superRefine((value, ctx) => {
  if (value.low === value.high && value.median === value.low) return;
  if (!(value.low < value.median)) ctx.addIssue({ code: 'custom', path: ['median'], message: `the median (${value.median}) must be above low (${value.low})` });
  else if (!(value.median < value.high)) ctx.addIssue({ code: 'custom', path: ['high'], message: `high (${value.high}) must be above the median (${value.median})` });
  else {
    const fitted = fitMedianVolume(value.low, value.median, value.high);
    if (!(fitted.mean >= 0) || !Number.isFinite(fitted.variance)) {
      ctx.addIssue({
        code: 'custom',
        path: ['median'],
        message:
          `the lognormal through p10 = ${value.low}, p50 = ${value.median} and p90 = ${value.high} is so skewed that its mean is ${Number.isFinite(fitted.mean) ? Number(fitted.mean.toPrecision(4)) : fitted.mean} calls: ` +
          'no non-negative volume has these percentiles; move the median toward the middle of low and high',
      });
    }
  }
});

/** The zod schema of a workload's volume. */
export const volumeSchema = z.strictObject({
  calls: z.union([calls, uncertainCalls, medianCalls], { error: 'must be a number of calls or { low, expected, high }' }),
  per: z.enum(VOLUME_UNITS, { error: `must be one of ${VOLUME_UNITS.join(', ')}` }),
  growth: z
    .strictObject({
      rate: z
        .number({ error: FINITE })
        .gt(-1, 'must be above -1 (a fall of 100% or more is not growth)')
        .max(MAX_GROWTH_RATE, `must be at most ${MAX_GROWTH_RATE} (×${MAX_GROWTH_RATE + 1} a month)`),
      per: z.literal('month', { error: 'growth compounds per month (730 hours): per must be "month"' }),
    })
    .optional(),
});

/** Token distributions of one call: visible output and hidden reasoning are billed as output together. */
export const tokensSchema = z.strictObject({
  input: distributionSchema,
  output: distributionSchema,
  reasoning: distributionSchema.optional(),
});

/** The zod schema of a cache description. */
export const cacheSchema = z.union(
  [
    z.strictObject({ cachedShare: share }),
    z.strictObject({
      prefixTokens: wholeTokens,
      hitRate: share,
      ttl: z.enum(['5m', '1h'], { error: 'must be "5m" or "1h"' }).optional(),
    }),
  ],
  { error: 'must be { cachedShare } or { prefixTokens, hitRate, ttl? }' },
);

/** Image detail levels (OpenAI's; other providers ignore it). */
export const IMAGE_DETAILS = ['low', 'high', 'auto', 'original'] as const;

/** The zod schema of the images sent with each call. */
export const imagesSchema = z.strictObject({
  perCall: distributionSchema,
  width: positiveWhole.max(MAX_IMAGE_SIDE, `must be at most ${MAX_IMAGE_SIDE} pixels`),
  height: positiveWhole.max(MAX_IMAGE_SIDE, `must be at most ${MAX_IMAGE_SIDE} pixels`),
  detail: z.enum(IMAGE_DETAILS, { error: `must be one of ${IMAGE_DETAILS.join(', ')}` }).optional(),
  tokensPerImage: wholeTokens.optional(),
});

/** The zod schema of per-call tool use billed by the provider. */
export const toolsSchema = z.strictObject({
  webSearches: distributionSchema,
});

const tierSchema = z.enum(SERVICE_TIERS, { error: `must be one of ${SERVICE_TIERS.join(', ')}` });

/**
 * A count that is simulated one by one (turns of a conversation, calls of a step per task):
 * its mean at most MAX_TURNS and its far tail (1 − 1e-9 quantile) at most 100 × MAX_TURNS.
 */
const simulatedCount = distributionSchema.superRefine((spec, ctx) => {
  const dist = toDist(spec);
  if (dist.mean > MAX_TURNS) {
    ctx.addIssue({ code: 'custom', message: `averages ${Number(dist.mean.toPrecision(4))}, above the limit of ${MAX_TURNS} per conversation or task` });
  } else if (practicalMax(dist) > 100 * MAX_TURNS) {
    ctx.addIssue({ code: 'custom', message: `has a tail reaching ${Number(practicalMax(dist).toPrecision(4))}, above the limit of ${100 * MAX_TURNS} per conversation or task` });
  }
});

/** The zod schema of a multi-turn conversation; one call of the workload is one conversation. */
export const conversationSchema = z.strictObject({
  turns: simulatedCount,
  userTokensPerTurn: distributionSchema,
  assistantTokensPerTurn: distributionSchema,
  systemTokens: distributionSchema.optional(),
  reasoningTokensPerTurn: distributionSchema.optional(),
});

/** The zod schema of one pipeline step. */
export const stepSchema = z.strictObject({
  name: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  callsPerTask: simulatedCount.optional(),
  tokens: tokensSchema,
  cache: cacheSchema.optional(),
  images: imagesSchema.optional(),
  tools: toolsSchema.optional(),
  tier: tierSchema.optional(),
  maxOutputTokens: positiveWholeTokens.optional(),
});

const WORKLOAD_KINDS = ['tokens', 'conversation', 'steps'] as const;

/** @internal The workload schema with its zod object type: for `safeExtend` (a plan's workloads) and the type test. */
export const workloadObjectSchema = z
  .strictObject({
    name: z.string().optional(),
    volume: volumeSchema,
    tokens: tokensSchema.optional(),
    conversation: conversationSchema.optional(),
    steps: z.array(stepSchema).min(1, 'a pipeline needs at least one step').optional(),
    cache: cacheSchema.optional(),
    images: imagesSchema.optional(),
    tools: toolsSchema.optional(),
    tier: tierSchema.optional(),
    maxOutputTokens: positiveWholeTokens.optional(),
  })
  .superRefine((value, ctx) => {
    const kinds = WORKLOAD_KINDS.filter((kind) => value[kind] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: kinds.length === 0 ? 'a workload needs one of tokens, conversation or steps' : `a workload has exactly one of tokens, conversation or steps; got ${kinds.join(' and ')}`,
      });
    }
  });

/**
 * The zod schema of a workload: volume, then exactly one of `tokens`, `conversation` or
 * `steps`, and optional cache, images, tools, tier and maxOutputTokens. Objects are strict
 * (a misspelt key is an error). It parses a `WorkloadInput` into a `Workload` (a type test keeps them equal);
 * use {@link parseWorkload} for errors with paths.
 *
 * @example
 * ```ts
 * import { workloadSchema } from 'llm-spend/projection';
 * workloadSchema.safeParse({ volume: { calls: 10, per: 'day' }, tokens: { input: 800, output: 40 } }).success; // true
 * workloadSchema.safeParse({ volume: { calls: 10, per: 'day' } }).success; // false (no tokens, conversation or steps)
 * ```
 */
export const workloadSchema: z.ZodType<Workload, WorkloadInput> = workloadObjectSchema;

// The public types are written out in ./types.ts; test/types/schema-types.test-d.ts keeps each
// schema's parsed and written type equal to them.
export type {
  CachedPrefix,
  CachedShare,
  CacheInput,
  CallPercentiles,
  CallRange,
  ConversationInput,
  ImagesInput,
  ToolsInput,
  VolumeGrowth,
  VolumeInput,
  Workload,
  WorkloadCache,
  WorkloadConversation,
  WorkloadImages,
  WorkloadInput,
  WorkloadStep,
  WorkloadStepInput,
  WorkloadTokens,
  WorkloadTokensInput,
  WorkloadTools,
  WorkloadVolume,
} from './types.js';

interface Issue {
  readonly path: string;
  readonly message: string;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  return showValue(value);
}

// The path of each issue points at the bad field itself (see expandUnionIssues).
function flatten(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[], input: unknown, out: Issue[]): void {
  for (const { path, issue } of expandUnionIssues(issues, prefix)) {
    const value = valueAt(input, path);
    if (issue.code === 'invalid_union') {
      out.push({ path: formatPath(path), message: value === undefined ? 'is required' : `${issue.message}; got ${describe(value)}` });
      continue;
    }
    const message = issue.code === 'invalid_type' && value !== undefined ? `${issue.message}; got ${describe(value)}` : issue.message;
    out.push({ path: formatPath(path), message });
  }
}

/** @internal Turns zod issues into one INVALID_WORKLOAD error naming every bad field by path. */
export function workloadError(issues: readonly z.core.$ZodIssue[], input: unknown, root: readonly PropertyKey[] = [], what = 'workload'): LlmSpendError {
  const all: Issue[] = [];
  flatten(issues, root, input, all);
  // An unknown kind also leaves the distribution without a kind: say it once.
  const flat = all.filter((issue) => !(issue.message.startsWith('a distribution needs one kind') && all.some((other) => other !== issue && other.path === issue.path)));
  const first = flat[0] ?? { path: '(root)', message: 'invalid' };
  const text = flat.length === 1 ? `Invalid ${what}: ${first.path}: ${first.message}.` : `Invalid ${what}:\n${flat.map((issue) => `  - ${issue.path}: ${issue.message}`).join('\n')}`;
  return new LlmSpendError('INVALID_WORKLOAD', text, { path: first.path, issues: flat });
}

/**
 * Validates a workload (from code, JSON or YAML) and returns it with every distribution in
 * object form. Numbers must be finite and non-negative; shares lie in [0, 1]; a workload has
 * exactly one of `tokens`, `conversation` or `steps`.
 *
 * @param input - the workload as written
 * @returns the validated workload
 * @throws LlmSpendError `INVALID_WORKLOAD` with the path of each bad field in the message and
 *   `details.path` (the first), e.g. `tokens.input.lognormal.p95`
 * @example
 * ```ts
 * import { parseWorkload } from 'llm-spend/projection';
 * parseWorkload({ volume: { calls: 50_000, per: 'day' }, tokens: { input: 800, output: 40 } }).tokens?.input; // { fixed: 800 }
 * try {
 *   parseWorkload({ volume: { calls: 1, per: 'day' }, tokens: { input: { lognormal: { median: 800, p95: 500 } }, output: 40 } });
 * } catch (error) {
 *   // LlmSpendError INVALID_WORKLOAD, details.path "tokens.input.lognormal.p95":
 *   // "Invalid workload: tokens.input.lognormal.p95: p95 (500) is below the median (800); ..."
 * }
 * ```
 */
export function parseWorkload(input: WorkloadInput): Workload {
  const result = workloadSchema.safeParse(input);
  if (!result.success) throw workloadError(result.error.issues, input);
  return result.data;
}

/**
 * Builds a distribution from its description, with its mean, second moment, quantiles, CDF and
 * a seeded sampler of whole tokens.
 *
 * @param input - a number (fixed) or a distribution such as `{ lognormal: { median: 800, p95: 3000 } }`
 * @returns the distribution
 * @throws LlmSpendError `INVALID_WORKLOAD` for a bad description, with the path of the bad field
 * @example
 * ```ts
 * import { createDistribution } from 'llm-spend/projection';
 * const input = createDistribution({ lognormal: { median: 800, p95: 3000 } });
 * Math.round(input.quantile(0.5)); // 800 (the median; quantiles are floats)
 * createDistribution({ uniform: [100, 300] }).mean; // 200
 * createDistribution({ histogram: [{ upTo: 100, share: 0.5 }, { upTo: 300, share: 0.5 }] }).mean; // 125
 * const draw = input.sampler(42);
 * draw(); // a whole number of tokens; the same seed gives the same draws
 * ```
 */
export function createDistribution(input: DistributionInput): TokenDistribution {
  const result = distributionSchema.safeParse(input);
  if (!result.success) throw workloadError(result.error.issues, input, [], 'distribution');
  return toDist(result.data);
}

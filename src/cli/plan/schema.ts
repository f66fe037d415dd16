// The plan file: named workloads, candidate models, a budget, constraints, pricing and
// policies. One zod schema is the single source of its rules: parsePlan validates with it and
// the published JSON Schema is generated from it; the TypeScript types are written out in
// ./types.ts and a type test keeps them equal to it. No `node:` import here.
import { z } from 'zod';
import { MODALITIES } from '../../pricing/schema.js';
import { TASK_CAPABILITY_FLOORS } from '../../recommend/constraints.js';
import { PERIOD_NAMES } from '../../workload/volume.js';
import { cacheSchema, distributionSchema, imagesSchema, toolsSchema, workloadObjectSchema } from '../../workload/schema.js';
import type { Plan, PlanInput } from './types.js';

/** @internal The plan file format version this release reads and writes. */
export const PLAN_VERSION = 1;

const MONEY_TEXT = /^\d+(?:\.\d+)?$/;
const MONEY_MESSAGE = 'must be a non-negative amount in USD such as 1500 or 1500.50 (digits and one decimal point; no "$", commas or exponent)';
const TASK_KINDS = Object.keys(TASK_CAPABILITY_FLOORS) as [keyof typeof TASK_CAPABILITY_FLOORS, ...Array<keyof typeof TASK_CAPABILITY_FLOORS>];
const PERCENTILES = ['expected', 'p50', 'p90', 'p99'] as const;
const STRATEGIES = ['single', 'cascade', 'split'] as const;
const PRICING_FORMATS = ['llm-spend', 'genai-prices', 'litellm', 'models-dev'] as const;

/**
 * A USD amount as written in the plan file: `1500`, `1500.50` or `"1500.50"`. parsePlan reads
 * a number's source text, never its binary float, so the amount is kept exactly as written and
 * returned as a decimal string. A JS number given directly must be a safe integer.
 */
const money = z
  .union([z.string().regex(MONEY_TEXT, MONEY_MESSAGE), z.number().nonnegative(MONEY_MESSAGE)], { error: MONEY_MESSAGE })
  .transform((value, ctx) => {
    if (typeof value === 'string') return value;
    if (Number.isSafeInteger(value)) return String(value);
    ctx.addIssue({ code: 'custom', message: `must be an amount in USD such as 1500 or "1500.50" (a fractional JS number is a binary float: write it as a string); got ${String(value)}` });
    return z.NEVER;
  })
  .meta({ description: 'USD, as written: 1500, 1500.50 or "1500.50" (read from the source text, never as a binary float).' });

/** Whether an ISO date (YYYY-MM-DD, optionally followed by a time) names a day that exists and parses. */
function isRealDate(value: string): boolean {
  const day = value.slice(0, 10);
  const time = Date.parse(value.length === 10 ? `${day}T00:00:00Z` : value);
  return !Number.isNaN(time) && new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;
}

const modelId = z.string({ error: 'must be a model id such as "gpt-5.4-mini"' }).min(1, 'must be a model id such as "gpt-5.4-mini"');
const positiveMs = z.number({ error: 'must be a number of milliseconds' }).positive('must be a number of milliseconds above 0');
const share = z.number({ error: 'must be a share from 0 to 1 (0.15 means 15%)' }).min(0, 'must be a share from 0 to 1 (not below 0)').max(1, 'must be a share from 0 to 1 (not above 1)');
const rating = z.number({ error: 'must be a rating from 1 to 5' }).min(1, 'must be a rating from 1 to 5').max(5, 'must be a rating from 1 to 5');

/** @internal A budget: USD per period; `percentile` picks which spend it checks (expected by default). */
export const planBudgetSchema = z
  .strictObject({
    usd: money,
    per: z.enum(PERIOD_NAMES, { error: `must be one of ${PERIOD_NAMES.join(', ')} (a month is 730 hours)` }),
    percentile: z.enum(PERCENTILES, { error: `must be one of ${PERCENTILES.join(', ')}` }).optional(),
  })
  .meta({ description: 'A budget: { usd, per } (per: day, week, month of 730 hours, year of 8,760 hours), and optionally which spend it checks.' });

const sigma = z.number({ error: 'must be a number from 0 to 5 (σ of a lognormal slowdown)' }).min(0, 'must be from 0 to 5').max(5, 'must be from 0 to 5');

const latencyProfile = z
  .strictObject({
    ttftMs: positiveMs.meta({ description: 'Median time to first token, ms, for a prompt of referenceInputTokens.' }).optional(),
    outputTokensPerSecond: z.number().positive('must be above 0').meta({ description: 'Median output speed, tokens per second (reasoning tokens included).' }).optional(),
    prefillTokensPerSecond: z.number().positive('must be above 0').meta({ description: 'Prompt tokens per second before the first token: TTFT grows by 1000·(input − referenceInputTokens)/prefill ms. Default 10,000.' }).optional(),
    referenceInputTokens: z.number().min(0, 'must be 0 or more').meta({ description: 'The prompt length ttftMs was measured at. Default 1,000 (the Artificial Analysis medians).' }).optional(),
    ttftSigma: sigma.meta({ description: 'σ of the TTFT slowdown (queueing). Default ln(2.6)/1.6449 ≈ 0.581.' }).optional(),
    decodeSigma: sigma.meta({ description: 'σ of the prefill and decoding slowdown. Default ≈ 0.268.' }).optional(),
    tailSigma: sigma.meta({ description: 'σ of one shared slowdown of the whole call: setting it selects the pessimistic (shared) model; 1.058 is the pessimistic profile.' }).optional(),
    source: z.string().optional(),
    tailSource: z.string().meta({ description: 'Where the tail spread comes from.' }).optional(),
  })
  .meta({ description: 'A latency profile: any field left out comes from the model’s default (the catalog’s Artificial Analysis medians and the default spread).' });

/** @internal Constraints of the recommendation (see recommendModel): the plan's apply to every workload; a workload's own override them. */
export const planConstraintsSchema = z
  .strictObject({
    latency: z
      .strictObject({ p50Ms: positiveMs.optional(), p95Ms: positiveMs.optional(), p99Ms: positiveMs.optional() })
      .meta({ description: 'Latency limits per call (per task for a pipeline), milliseconds.' })
      .optional(),
    task: z.enum(TASK_KINDS, { error: `must be one of ${TASK_KINDS.join(', ')}` }).meta({ description: 'The kind of task: sets the capability floor.' }).optional(),
    minCapability: rating.meta({ description: 'A capability floor on the 1-5 scale; replaces the task’s floor.' }).optional(),
    capability: z.record(z.string(), rating).meta({ description: 'Your own 1-5 ratings per model id.' }).optional(),
    modalities: z.array(z.enum(MODALITIES, { error: `must be one of ${MODALITIES.join(', ')}` })).optional(),
    quality: z.record(z.string(), z.number()).meta({ description: 'Quality scores you measured, per model or option id (cascade:a>b, split:a+b).' }).optional(),
    minQuality: z.number().optional(),
    strategies: z.array(z.enum(STRATEGIES, { error: `must be one of ${STRATEGIES.join(', ')}` })).min(1).optional(),
    escalationRate: share.meta({ description: 'Cascades: the share of calls the small model passes on to the large one.' }).optional(),
    splitShare: share.meta({ description: 'Splits: the share of calls routed to the larger model.' }).optional(),
    maxContextOverflowShare: share.meta({ description: 'The largest share of calls allowed not to fit a model’s context. Default 0.001 (0.1 %).' }).optional(),
    maxContextOverflowSpendShare: share.meta({ description: 'The largest share of the spend allowed on calls that do not fit (priced as if they did). Default 0.01 (1 %).' }).optional(),
    latencyTailSigma: sigma.meta({ description: 'σ of a shared slowdown for every model without its own (the pessimistic model; 1.058 reproduces the old default).' }).optional(),
    latencyProfiles: z
      .record(z.string(), latencyProfile)
      .meta({ description: 'Latency profiles per model id: { ttftMs, outputTokensPerSecond, prefillTokensPerSecond, referenceInputTokens, ttftSigma, decodeSigma, tailSigma }.' })
      .optional(),
  })
  .meta({ description: 'Constraints of the recommendation: latency, task or minCapability, modalities, quality, strategies.' });

/** @internal One named workload of a plan: a workload (see workloadSchema) with a name, its candidates and its own constraints. */
export const planWorkloadSchema = workloadObjectSchema
  .safeExtend({
    name: z
      .string({ error: 'is required: a name for this workload' })
      .min(1, 'must not be empty')
      // eslint-disable-next-line no-control-regex
      .refine((name) => !/[\u0000-\u001f\u007f-\u009f]/.test(name), 'must be one line without control characters (it names the workload in reports, logs and diffs)'),
    description: z.string().optional(),
    model: modelId.meta({ description: 'The model (or option id such as cascade:a>b) this workload runs on; totals use it. Default: the recommended option.' }).optional(),
    models: z.array(modelId).min(1, 'needs at least one model').meta({ description: 'Candidate models of this workload (default: the plan’s models).' }).optional(),
    budget: planBudgetSchema.meta({ description: 'A budget for this workload alone, checked by its recommendation.' }).optional(),
    constraints: planConstraintsSchema.optional(),
  })
  .meta({ description: 'A named workload: volume, and exactly one of tokens, conversation or steps.' });

const pricingRef = z.union(
  [
    z.string().min(1),
    z.strictObject({
      file: z.string().min(1),
      format: z.enum(PRICING_FORMATS, { error: `must be one of ${PRICING_FORMATS.join(', ')}` }).optional(),
      checkedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as "2026-11-25"').optional(),
      providers: z.array(z.string()).optional(),
    }),
  ],
  { error: 'must be a file path, or { file, format?, checkedAt?, providers? }' },
);

/** @internal Policies: what makes `llm-spend` exit 1. */
export const planPoliciesSchema = z
  .strictObject({
    failOverBudget: z.boolean().meta({ description: 'Fail when the total spend is over the plan budget.' }).optional(),
    failOnIncreaseUsd: money.meta({ description: 'diff: fail when the monthly spend grows by more than this many USD.' }).optional(),
    failOnIncreasePercent: z.number().nonnegative().meta({ description: 'diff: fail when the monthly spend grows by more than this percentage.' }).optional(),
  })
  .meta({ description: 'Policies that set the exit code (1 when one fails).' });

/** @internal The plan schema with its zod object type (for the type test). */
export const planObjectSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(PLAN_VERSION, { error: `must be ${PLAN_VERSION} (the plan file format version)` }),
    title: z.string().optional(),
    description: z.string().optional(),
    models: z.array(modelId).min(1, 'needs at least one model').meta({ description: 'Candidate models of every workload (default: gpt-5.4-mini and gpt-5.4-nano).' }).optional(),
    budget: planBudgetSchema.meta({ description: 'The budget of the whole plan (every workload together).' }).optional(),
    constraints: planConstraintsSchema.optional(),
    pricing: pricingRef
      .meta({ description: "A pricing file, relative to the plan: llm-spend's own table, LiteLLM's model_prices_and_context_window.json or a models.dev catalog." })
      .optional(),
    at: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}/, 'must be an ISO date such as "2026-11-25"')
      .refine(isRealDate, 'must be a real date such as "2026-11-25" (a day that exists in the calendar, optionally with a time)')
      .meta({ description: 'Price the plan at this date (default: the newest prices).' }).optional(),
    seed: z.number().int().optional(),
    policies: planPoliciesSchema.optional(),
    workloads: z.array(planWorkloadSchema, { error: 'must be a list of workloads' }).min(1, 'needs at least one workload'),
  })
  .superRefine((plan, ctx) => {
    const seen = new Map<string, number>();
    plan.workloads.forEach((workload, index) => {
      const first = seen.get(workload.name);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['workloads', index, 'name'], message: `workload names must be unique; "${workload.name}" is also workloads[${first}]` });
      else seen.set(workload.name, index);
    });
  })
  .meta({ title: 'llm-spend plan', description: 'A plan for llm-spend: workloads, candidate models, a budget, constraints and policies.' });

/**
 * The zod schema of a plan file (version 1). Objects are strict: a misspelt key is an error.
 * Use {@link parsePlan} to read a file's text with line-precise errors, and
 * {@link planJsonSchema} for the JSON Schema of the file.
 *
 * @example
 * ```ts
 * import { planSchema } from 'llm-spend/plan';
 * const plan = planSchema.parse({
 *   version: 1,
 *   budget: { usd: '1500', per: 'month' },
 *   workloads: [{ name: 'triage', volume: { calls: 50_000, per: 'day' }, tokens: { input: 800, output: 40 } }],
 * });
 * plan.budget?.usd; // "1500"
 * planSchema.safeParse({ version: 2, workloads: [] }).success; // false
 * ```
 */
export const planSchema: z.ZodType<Plan, PlanInput> = planObjectSchema;

// The public types are written out in ./types.ts; test/types/schema-types.test-d.ts keeps each
// schema's parsed and written type equal to them.
export type {
  Plan,
  PlanBudget,
  PlanBudgetInput,
  PlanConstraints,
  PlanInput,
  PlanLatencyLimits,
  PlanLatencyProfile,
  PlanPercentile,
  PlanPolicies,
  PlanPoliciesInput,
  PlanPricingFile,
  PlanPricingFormat,
  PlanUsdInput,
  PlanWorkload,
  PlanWorkloadInput,
} from './types.js';

/** @internal Paths (with `*` for any list index) whose values are money: their source text is kept. */
export const MONEY_PATHS: readonly (readonly (string | '*')[])[] = [
  ['budget', 'usd'],
  ['workloads', '*', 'budget', 'usd'],
  ['policies', 'failOnIncreaseUsd'],
];

/**
 * The JSON Schema (draft 2020-12) of the plan file, generated from {@link planSchema}, for
 * editors (`$schema`, YAML language server) and other tools. `llm-spend schema` prints it; the
 * package ships it as `llm-spend/plan.schema.json`. Rules that JSON Schema cannot state (one of
 * tokens, conversation or steps; a p95 above the median; unique names) are checked by
 * {@link parsePlan}.
 *
 * @returns a plain JSON object
 * @example
 * ```ts
 * import { planJsonSchema } from 'llm-spend/plan';
 * const schema = planJsonSchema();
 * schema.title; // "llm-spend plan"
 * (schema.required as string[]).includes('workloads'); // true
 * ```
 */
export function planJsonSchema(): Record<string, unknown> {
  // Shared parts get a name in $defs (a distribution appears in a dozen places).
  for (const [schema, id] of NAMED) if (!z.globalRegistry.has(schema)) z.globalRegistry.add(schema, { id });
  return z.toJSONSchema(planSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
}

const NAMED: ReadonlyArray<readonly [z.ZodType, string]> = [
  [distributionSchema, 'Distribution'],
  [cacheSchema, 'Cache'],
  [imagesSchema, 'Images'],
  [toolsSchema, 'Tools'],
];

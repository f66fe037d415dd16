// From a validated plan to a report: every candidate projected on every workload over a month,
// the recommendation of each workload, the option the totals use, the next twelve months, the
// budget, and the warnings. Pure: `today` is given, nothing reads a clock or a file.
import { isLlmSpendError, LlmSpendError, type LlmSpendErrorCode } from '../../errors.js';
import { lifecycleDuring, type LifecycleStanding, type LifecycleWindow } from '../../pricing/lifecycle.js';
import { projectSpend, type SpendProjection } from '../../projection/project.js';
import { Dec, ROUNDING } from '../../money/decimal.js';
import { formatUsd, fromDec } from '../../money/usd.js';
import type { ModelEntry, ServiceTier } from '../../pricing/schema.js';
import { defaultPricing, getModel, selectPricePeriod, type PricingTable } from '../../pricing/table.js';
import { closest, didYouMean } from '../../suggest.js';
import { recommendModel, type Recommendation, type RecommendConstraints, type RecommendationOption } from '../../recommend/index.js';
import type { WorkloadInput } from '../../workload/schema.js';
import type { CostBreakdown } from '../../estimate/usage.js';
import { planError, type PlanIssue, type PlanSource } from '../plan/parse.js';
import type { Plan, PlanConstraints, PlanWorkload } from '../plan/schema.js';
import {
  REPORT_VERSION,
  type BudgetReport,
  type ModelRow,
  type OptionRow,
  type PlanReport,
  type ReportWarning,
  type SelectionReason,
  type SpendBand,
  type WorkloadReport,
} from './types.js';

/** @internal Prices last checked longer ago than this are reported as stale. */
export const STALE_PRICE_DAYS = 90;
/** @internal The longest model id a plan may name (longer ones are refused before any lookup). */
export const MAX_MODEL_ID_LENGTH = 256;
/** @internal The candidates when a plan names none (the recommender's default). */
export const DEFAULT_MODELS: readonly string[] = ['gpt-5.4-mini', 'gpt-5.4-nano'];

const HOURS: Readonly<Record<string, number>> = { day: 24, week: 168, month: 730, year: 8760 };
const HOUR_MS = 3_600_000;
/** @internal Months of the forecast: the horizon within which a shutdown is warned about. */
export const FORECAST_MONTHS = 12;
const SKIPPED: readonly LlmSpendErrorCode[] = ['PRICE_UNAVAILABLE', 'TIER_UNAVAILABLE', 'PRICE_NOT_IN_EFFECT'];
const NOTE_CODES = new Set(['MONTE_CARLO_EXPECTATION', 'MONTE_CARLO_BAND', 'LATENCY_MONTE_CARLO', 'SPEND_BAND_COMBINED', 'NO_IMAGE_INPUT']);

/** @internal What the report is built from, besides the plan. */
export interface BuildOptions {
  /** ISO date (YYYY-MM-DD) the report is made for. */
  readonly today: string;
  readonly toolVersion: string;
  /** A pricing table loaded from a file, and where it came from. */
  readonly pricing?: { readonly table: PricingTable; readonly source: string; readonly format: string } | undefined;
}

function round(value: Dec, decimals = 9): string {
  return fromDec(value.toDecimalPlaces(decimals, ROUNDING['half-even']));
}

function dec(value: string): Dec {
  return new Dec(value);
}

/** @internal Whole days from `from` to `to` (ISO dates). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to.slice(0, 10)) - Date.parse(from.slice(0, 10))) / 86_400_000);
}

function bandOf(spend: { expected: string; p50: string; p90: string; p99: string }): SpendBand {
  return { expected: spend.expected, p50: spend.p50, p90: spend.p90, p99: spend.p99 };
}

function sumBands(bands: readonly SpendBand[]): SpendBand {
  const add = (key: keyof SpendBand): string => round(bands.reduce((sum, band) => sum.plus(dec(band[key])), new Dec(0)));
  return { expected: add('expected'), p50: add('p50'), p90: add('p90'), p99: add('p99') };
}

function describeVolume(workload: PlanWorkload): string {
  const calls = workload.volume.calls;
  const what = workload.conversation !== undefined ? 'conversations' : workload.steps !== undefined ? 'tasks' : 'calls';
  const n = (value: number): string => value.toLocaleString('en-US');
  const amount = typeof calls === 'number' ? n(calls) : 'expected' in calls ? `${n(calls.expected)} (${n(calls.low)}–${n(calls.high)})` : `${n(calls.median)} median (${n(calls.low)}–${n(calls.high)})`;
  const growth = workload.volume.growth === undefined ? '' : `, ${workload.volume.growth.rate >= 0 ? '+' : ''}${round(new Dec(workload.volume.growth.rate).times(100), 2)}% a month`;
  return `${amount} ${what} a ${workload.volume.per}${growth}`;
}

/** A plan path of a model id and its position, for errors. */
interface ModelRef {
  readonly id: string;
  readonly path: readonly PropertyKey[];
  /** Set for a map key (capability.<id>): the position is the key's. */
  readonly key?: string;
}

function optionParts(id: string): { strategy: 'single' | 'cascade' | 'split'; models: string[] } {
  if (id.startsWith('cascade:')) return { strategy: 'cascade', models: id.slice('cascade:'.length).split('>') };
  if (id.startsWith('split:')) return { strategy: 'split', models: id.slice('split:'.length).split('+') };
  return { strategy: 'single', models: [id] };
}

function modelRefs(plan: Plan): ModelRef[] {
  const refs: ModelRef[] = [];
  plan.models?.forEach((id, index) => refs.push({ id, path: ['models', index] }));
  const constraintRefs = (constraints: PlanConstraints | undefined, base: readonly PropertyKey[]): void => {
    if (constraints === undefined) return;
    for (const field of ['capability', 'latencyProfiles', 'quality'] as const) {
      for (const key of Object.keys(constraints[field] ?? {})) {
        if (field === 'quality' && (key.startsWith('cascade:') || key.startsWith('split:'))) continue;
        refs.push({ id: key, path: [...base, field], key });
      }
    }
  };
  constraintRefs(plan.constraints, ['constraints']);
  plan.workloads.forEach((workload, index) => {
    workload.models?.forEach((id, at) => refs.push({ id, path: ['workloads', index, 'models', at] }));
    if (workload.model !== undefined) for (const id of optionParts(workload.model).models) refs.push({ id, path: ['workloads', index, 'model'] });
    workload.steps?.forEach((step, at) => {
      if (step.model !== undefined) refs.push({ id: step.model, path: ['workloads', index, 'steps', at, 'model'] });
    });
    constraintRefs(workload.constraints, ['workloads', index, 'constraints']);
  });
  return refs;
}

/** Checks every model id of the plan against the table; unknown ids get a "did you mean". */
function checkModels(source: PlanSource, pricing: PricingTable): void {
  const issues: PlanIssue[] = [];
  const names = pricing.models.flatMap((entry) => [entry.id, ...entry.aliases]);
  for (const ref of modelRefs(source.plan)) {
    if (ref.id.length > MAX_MODEL_ID_LENGTH) {
      const position = ref.key === undefined ? source.locate(ref.path) : source.locateKey(ref.path, ref.key);
      issues.push({ path: formatRefPath(ref.key === undefined ? ref.path : [...ref.path, ref.key]), message: `a model id is at most ${MAX_MODEL_ID_LENGTH} characters; got one of ${ref.id.length}`, line: position.line, column: position.column });
      continue;
    }
    try {
      getModel(ref.id, { pricing });
    } catch (error) {
      if (!isLlmSpendError(error, 'UNKNOWN_MODEL')) throw error;
      const position = ref.key === undefined ? source.locate(ref.path) : source.locateKey(ref.path, ref.key);
      const where = ref.key === undefined ? ref.path : [...ref.path, ref.key];
      const suggestion = didYouMean(closest(ref.id, names));
      issues.push({
        path: formatRefPath(where),
        message: `unknown model "${ref.id}".${suggestion || ' No known model is close.'} Run \`llm-spend models\` for the known ids, or add it with a pricing file.`,
        line: position.line,
        column: position.column,
      });
    }
  }
  if (issues.length > 0) throw planError(source.file, source.text, issues);
}

function formatRefPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) text += typeof key === 'number' ? `[${key}]` : text === '' ? String(key) : `.${String(key)}`;
  return text;
}

/** The plan's constraints with the workload's over them, field by field: a workload's `latency` replaces the plan's `latency`. */
function mergedConstraints(plan: PlanConstraints | undefined, own: PlanConstraints | undefined): PlanConstraints {
  return { ...plan, ...own };
}

function constraintsFor(plan: Plan, workload: PlanWorkload, pricing: PricingTable | undefined, withBudget: boolean, period: string, start: string): RecommendConstraints {
  const merged = mergedConstraints(plan.constraints, workload.constraints);
  const candidates = [...(workload.models ?? plan.models ?? DEFAULT_MODELS)];
  if (workload.model !== undefined) for (const id of optionParts(workload.model).models) if (!candidates.includes(id)) candidates.push(id);
  const defined = Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined));
  const budget = withBudget && workload.budget !== undefined ? workload.budget : undefined;
  return {
    ...(defined as RecommendConstraints),
    candidates,
    ...(budget === undefined ? { period: period as 'month' } : { budget: { usd: budget.usd, per: budget.per, ...(budget.percentile === undefined ? {} : { percentile: budget.percentile }) } }),
    ...(pricing === undefined ? {} : { pricing }),
    ...(plan.at === undefined ? {} : { at: plan.at }),
    start,
    ...(plan.seed === undefined ? {} : { seed: plan.seed }),
  };
}

/** The workload as the library takes it (without the plan's own fields). */
function libraryWorkload(workload: PlanWorkload): WorkloadInput {
  const { name: _name, description: _description, model: _model, models: _models, budget: _budget, constraints: _constraints, ...rest } = workload;
  return rest as WorkloadInput;
}

/** Maps an error of the library, thrown while running workload `index`, to a located INVALID_PLAN. */
function located(source: PlanSource, index: number, error: unknown): unknown {
  if (!isLlmSpendError(error)) return error;
  const detailPath = typeof error.details['path'] === 'string' ? (error.details['path'] as string) : undefined;
  const parts = detailPath === undefined || detailPath === '(root)' ? [] : detailPath.split(/\.|\[(\d+)\]/).filter((part) => part !== undefined && part !== '').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const candidates: PropertyKey[][] = [];
  const head = parts[0];
  if (head === 'candidates') candidates.push(['workloads', index, 'models', ...parts.slice(1)], ['models', ...parts.slice(1)], ['workloads', index]);
  else if (head === 'budget') candidates.push(['workloads', index, ...parts]);
  else if (error.code === 'INVALID_CONSTRAINTS') candidates.push(['workloads', index, 'constraints', ...parts], ['constraints', ...parts], ['workloads', index, 'constraints'], ['constraints']);
  else candidates.push(['workloads', index, ...parts]);
  candidates.push(['workloads', index]);
  const path = candidates.find((candidate) => source.has(candidate)) ?? ['workloads', index];
  const position = source.locate(path);
  const message = error.message.replace(/^Invalid (constraints|workload): /, '').replace(/^[\w.[\]]+: /, '');
  return planError(source.file, source.text, [{ path: formatRefPath(path), message, line: position.line, column: position.column }]);
}

function optionRow(option: RecommendationOption, frontier: ReadonlySet<string>): OptionRow {
  return {
    id: option.id,
    strategy: option.strategy,
    models: option.models,
    spend: bandOf(option.spend),
    perCall: option.perCall,
    latency: option.latency === null ? null : { p50Ms: option.latency.p50Ms, p95Ms: option.latency.p95Ms, p99Ms: option.latency.p99Ms },
    capability: option.capability,
    quality: option.quality,
    feasible: option.feasible,
    onFrontier: frontier.has(option.id),
    checks: option.checks.map((check) => ({ name: check.name, pass: check.pass, detail: check.detail })),
  };
}

function modelRow(model: string, tier: string, projection: SpendProjection): ModelRow {
  return {
    model,
    tier,
    available: true,
    perCall: projection.perCall,
    calls: projection.calls.expected,
    spend: bandOf(projection.spend),
    breakdown: projection.breakdown,
    tokensPerCall: {
      input: projection.tokensPerCall.input,
      cachedInput: projection.tokensPerCall.cachedInput,
      output: projection.tokensPerCall.output,
      reasoning: projection.tokensPerCall.reasoning,
      images: projection.tokensPerCall.images,
    },
    contextOverflowShare: projection.contextOverflow.share,
  };
}

const ZERO_BREAKDOWN = { input: '0', cachedInput: '0', cacheWrite: '0', cacheWrite1h: '0', output: '0', reasoning: '0', images: '0', fees: '0', total: '0' };

function warning(code: string, message: string, workload?: string): ReportWarning {
  return { code, level: NOTE_CODES.has(code) ? 'note' : 'warning', message, ...(workload === undefined ? {} : { workload }) };
}

/** The newest date a model's price in effect was checked (its period's sources and its tier's own). */
function lastChecked(entry: ModelEntry, tier: ServiceTier, at: string | undefined): string | undefined {
  let period;
  try {
    period = selectPricePeriod(entry, at);
  } catch {
    return undefined;
  }
  const dates = period.sources.map((source) => source.checkedAt);
  const rates = tier === 'standard' ? period.standard : period[tier];
  if (rates?.source !== undefined) dates.push(rates.source.checkedAt);
  return dates.sort().at(-1);
}

interface WorkloadRun {
  readonly report: WorkloadReport;
  /** Selected option's spend over the plan budget's period. */
  readonly budgetSpend: SpendBand | null;
  /** Models used, with the tier, for the stale-price check. */
  readonly used: ReadonlyArray<{ readonly entry: ModelEntry; readonly tier: ServiceTier }>;
}

/**
 * When the plan's periods start, for lifecycle: the plan's `at` (its prices' date), else the
 * report's `today`. The forecast's twelve months run from there.
 */
function planStart(plan: Plan, today: string): string {
  return plan.at ?? today;
}

function runWorkload(source: PlanSource, index: number, pricing: PricingTable | undefined, budgetPer: string | undefined, today: string): WorkloadRun {
  const plan = source.plan;
  const workload = plan.workloads[index] as PlanWorkload;
  const input = libraryWorkload(workload);
  const table = pricing ?? defaultPricing;
  const tier: ServiceTier = workload.tier ?? 'standard';
  const warnings: ReportWarning[] = [];
  const recPeriod = workload.budget?.per ?? 'month';
  const start = planStart(plan, today);
  const startMs = Date.parse(start);
  const cache = new Map<string, Recommendation>();
  const recommend = (period: string, withBudget: boolean): Recommendation => {
    const key = `${period}:${withBudget}`;
    let result = cache.get(key);
    if (result === undefined) {
      try {
        result = recommendModel(input, constraintsFor(plan, workload, pricing, withBudget, period, start));
      } catch (error) {
        throw located(source, index, error);
      }
      cache.set(key, result);
    }
    return result;
  };
  const main = recommend(recPeriod, true);
  const monthly = recPeriod === 'month' ? main : recommend('month', false);

  // Every candidate over a month.
  const constraints = constraintsFor(plan, workload, pricing, false, 'month', start);
  const used: Array<{ entry: ModelEntry; tier: ServiceTier }> = [];
  const rows: ModelRow[] = [];
  /** Why a candidate prices none of the workload's calls (no price, or no call fits its context). */
  const unpriced = new Map<string, string>();
  for (const id of constraints.candidates ?? []) {
    const entry = getModel(id, { pricing: table });
    if (rows.some((row) => row.model === entry.id)) continue;
    used.push({ entry, tier });
    try {
      const projection = projectSpend(input, {
        model: entry,
        period: 'month',
        ...(pricing === undefined ? {} : { pricing }),
        ...(plan.at === undefined ? {} : { at: plan.at }),
        start,
        ...(plan.seed === undefined ? {} : { seed: plan.seed }),
      });
      rows.push(modelRow(entry.id, projection.tier, projection));
      if (projection.contextOverflow.share >= 1) unpriced.set(entry.id, overflowReason(entry.id, projection));
      for (const item of projection.warnings) warnings.push(warning(item.code, `${entry.id}: ${item.message}`, workload.name));
    } catch (error) {
      if (isLlmSpendError(error) && SKIPPED.includes(error.code)) {
        rows.push({
          model: entry.id,
          tier,
          available: false,
          unavailable: { code: error.code, message: error.message },
          perCall: '0',
          calls: '0',
          spend: { expected: '0', p50: '0', p90: '0', p99: '0' },
          breakdown: ZERO_BREAKDOWN,
          tokensPerCall: { input: 0, cachedInput: 0, output: 0, reasoning: 0, images: 0 },
          contextOverflowShare: 0,
        });
        unpriced.set(entry.id, withoutModelName(error.message.replace(/\.$/, ''), entry.id));
        warnings.push(warning('PRICE_UNKNOWN', `${entry.id} cannot price this workload: ${error.message}`, workload.name));
      } else throw located(source, index, error);
    }
  }
  for (const step of workload.steps ?? []) {
    if (step.model !== undefined) used.push({ entry: getModel(step.model, { pricing: table }), tier: step.tier ?? tier });
  }
  if (rows.length > 0 && rows.every((row) => unpriced.has(row.model))) {
    const reasons = rows.map((row) => `${row.model}: ${unpriced.get(row.model) ?? ''}`).join('; ');
    throw unpriceable(source, index, `cannot be priced: no candidate model prices any of its calls (${reasons}). A plan that cannot be priced is an error, never a $0 total: choose a tier, a date (\`at\`) or models that price it`);
  }
  // Candidates shut down before the period starts cannot serve it at all: when they are all
  // there is, the plan is an error naming them and their replacements (never a plan on dead models).
  const firstMonth: LifecycleWindow = { fromMs: startMs, toMs: startMs + 730 * HOUR_MS, anchor: 'start' };
  const candidateEntries = (constraints.candidates ?? []).map((id) => getModel(id, { pricing: table }));
  const gone = candidateEntries.map((entry) => lifecycleDuring(entry, firstMonth)).filter((standing) => standing.wholeWindow);
  if (candidateEntries.length > 0 && gone.length === new Set(candidateEntries.map((entry) => entry.id)).size) {
    throw unpriceable(source, index, `cannot be planned from ${start}: every candidate model is shut down (${gone.map(goneText).join('; ')}). Choose models that are alive then (the replacements named, or others)`);
  }
  rows.sort((a, b) => Number(b.available) - Number(a.available) || dec(a.spend.expected).comparedTo(dec(b.spend.expected)) || (a.model < b.model ? -1 : 1));

  for (const item of main.warnings) warnings.push(warning(item.code, item.message, workload.name));
  const seen = new Set<string>();
  for (const option of main.options) {
    for (const item of option.warnings) {
      if (item.code !== 'LATENCY_UNKNOWN' || seen.has(item.message)) continue;
      seen.add(item.message);
      warnings.push(warning(item.code, item.message, workload.name));
    }
  }

  // The option the totals use.
  let selectedId: string | null = null;
  let reason: SelectionReason = 'recommended';
  if (workload.model !== undefined) {
    const parts = optionParts(workload.model);
    const ids = parts.models.map((id) => getModel(id, { pricing: table }).id);
    const wanted = parts.strategy === 'single' ? ids[0] ?? '' : parts.strategy === 'cascade' ? `cascade:${ids.join('>')}` : `split:${ids.join('+')}`;
    if (!main.options.some((option) => option.id === wanted)) {
      const position = source.locate(['workloads', index, 'model']);
      const known = main.options.map((option) => option.id);
      throw planError(source.file, source.text, [
        {
          path: `workloads[${index}].model`,
          message: `"${workload.model}" is not an option of this workload; its options are ${known.map((id) => `"${id}"`).join(', ') || 'none'} (a cascade or split needs its strategy and share in constraints; cascades list the cheaper model first)`,
          line: position.line,
          column: position.column,
        },
      ]);
    }
    const pinnedGone = [...new Set(ids)].map((id) => lifecycleDuring(getModel(id, { pricing: table }), firstMonth)).filter((standing) => standing.wholeWindow);
    if (pinnedGone.length > 0) {
      throw unpriceable(source, index, `pins \`model: ${workload.model}\`, but ${pinnedGone.map(goneText).join('; ')} before the period (from ${start}). Pin the replacement, or another model`);
    }
    selectedId = wanted;
    reason = 'pinned';
  } else if (main.choice !== null) {
    selectedId = main.choice.id;
  } else if (main.nearest !== null) {
    selectedId = main.nearest.id;
    reason = 'nearest';
    warnings.push(
      warning(
        'NO_FEASIBLE_OPTION',
        `No option meets every constraint (binding: ${main.bindingConstraint ?? 'none'}); the totals use the nearest option, ${main.nearest.id}. ` +
          (main.bindingConstraint === 'lifecycle' ? 'Add the replacement (or another model alive for the whole period) to the models.' : 'Pin one with `model:` or relax the constraint.'),
        workload.name,
      ),
    );
  } else {
    throw unpriceable(source, index, 'cannot be priced: the recommender found no option that prices it. A plan that cannot be priced is an error, never a $0 total');
  }
  // The option the totals count must price the workload: a $0 from calls it cannot take is not a cost.
  const counted = selectedId === null ? undefined : main.options.find((option) => option.id === selectedId);
  if (counted !== undefined && counted.projections.length > 0 && counted.projections.every((projection) => projection.contextOverflow.share >= 1)) {
    const others = rows.filter((row) => !unpriced.has(row.model)).map((row) => row.model);
    const how = reason === 'pinned' ? 'the option pinned with `model:`' : 'the nearest option (nothing meets every constraint)';
    throw unpriceable(
      source,
      index,
      `cannot be priced as planned: the totals would count ${how}, ${selectedId ?? ''}, and none of its calls fits its context window, so it would add $0. ${others.length > 0 ? `Pin a model that prices it with \`model:\` (${others.join(', ')})` : 'Choose models with a larger context window'}, or lower the workload's tokens`,
    );
  }

  const frontier = new Set(main.frontier.map((option) => option.id));
  const selectedMonthly = selectedId === null ? undefined : monthly.options.find((option) => option.id === selectedId);
  const growth = workload.volume.growth?.rate ?? 0;
  const forecast: string[] = [];
  if (selectedMonthly !== undefined) {
    let factor = new Dec(1);
    const base = dec(selectedMonthly.spend.expected);
    for (let month = 0; month < 12; month += 1) {
      forecast.push(round(base.times(factor)));
      factor = factor.times(new Dec(1).plus(new Dec(growth)));
    }
  }
  // The models the totals count, shutting down within the forecast (after its first month: a
  // shutdown within the first month is already a MODEL_SHUT_DOWN warning of the projection).
  if (selectedMonthly !== undefined) {
    const horizon: LifecycleWindow = { fromMs: startMs, toMs: startMs + FORECAST_MONTHS * 730 * HOUR_MS, anchor: 'start' };
    for (const id of selectedMonthly.models) {
      const entry = getModel(id, { pricing: table });
      const standing = lifecycleDuring(entry, horizon);
      if (standing.state !== 'shut-down' || standing.shutdownAt === undefined || Date.parse(standing.shutdownAt) <= firstMonth.toMs) continue;
      const month = Math.floor((Date.parse(standing.shutdownAt) - startMs) / (730 * HOUR_MS)) + 1;
      // This says more than the projection's MODEL_DEPRECATED for the same model: keep one.
      const deprecated = warnings.findIndex((item) => item.code === 'MODEL_DEPRECATED' && item.message.startsWith(`${entry.id}: `));
      if (deprecated !== -1) warnings.splice(deprecated, 1);
      warnings.push(
        warning(
          'MODEL_SHUTS_DOWN',
          `${entry.id} shuts down on ${standing.shutdownAt}, in month ${month} of the ${FORECAST_MONTHS}-month forecast (from ${start}); the forecast after that date assumes a model that will not answer. ` +
            (standing.replacement === undefined ? 'The provider names no replacement: plan on another model.' : `Its replacement is ${standing.replacement}: plan on it.`),
          workload.name,
        ),
      );
    }
  }
  let budgetSpend: SpendBand | null = null;
  if (budgetPer !== undefined && selectedId !== null) {
    const run = budgetPer === recPeriod ? main : budgetPer === 'month' ? monthly : recommend(budgetPer, false);
    const option = run.options.find((item) => item.id === selectedId);
    budgetSpend = option === undefined ? null : bandOf(option.spend);
  }

  const report: WorkloadReport = {
    name: workload.name,
    ...(workload.description === undefined ? {} : { description: workload.description }),
    kind: workload.conversation !== undefined ? 'conversation' : workload.steps !== undefined ? 'steps' : 'tokens',
    volume: describeVolume(workload),
    growthPerMonth: growth,
    models: rows,
    recommendation: {
      choice: main.choice?.id ?? null,
      bindingConstraint: main.bindingConstraint,
      nearest: main.nearest?.id ?? null,
      explanation: main.explanation,
      period: recPeriod,
      budget: workload.budget === undefined ? null : { usd: fromDec(dec(workload.budget.usd)), per: workload.budget.per, percentile: workload.budget.percentile ?? 'expected' },
      latencyLimits: Object.fromEntries(Object.entries(mergedConstraints(plan.constraints, workload.constraints).latency ?? {}).filter(([, value]) => value !== undefined)),
      options: main.options.map((option) => optionRow(option, frontier)),
      frontier: main.frontier.map((option) => option.id),
    },
    selected:
      selectedId === null || selectedMonthly === undefined
        ? null
        : { option: selectedId, strategy: selectedMonthly.strategy, reason, monthly: bandOf(selectedMonthly.spend), breakdown: optionBreakdown(selectedMonthly), perCall: selectedMonthly.perCall },
    forecast,
    warnings: dedupe(warnings),
  };
  return { report, budgetSpend, used };
}

/** A workload that no candidate (or not the option the totals count) can price: collected, then one INVALID_PLAN. */
class Unpriceable extends Error {
  constructor(readonly issue: PlanIssue) {
    super(issue.message);
  }
}

function unpriceable(source: PlanSource, index: number, why: string): Unpriceable {
  const path: PropertyKey[] = ['workloads', index, 'name'];
  const position = source.locate(path);
  const name = source.plan.workloads[index]?.name ?? '';
  return new Unpriceable({ path: `workloads[${index}]`, message: `workload ${JSON.stringify(name)} ${why}.`, line: position.line, column: position.column });
}

/** "gpt-4.1-nano was shut down on 2026-10-23 (replacement gpt-5.6-luna)". */
function goneText(standing: LifecycleStanding): string {
  return `${standing.model} was shut down on ${standing.shutdownAt ?? '?'} (${standing.replacement === undefined ? 'no replacement named' : `replacement ${standing.replacement}`})`;
}

/** "Model gpt-5.4-nano has no priority price" → "has no priority price" (the reason follows the id). */
function withoutModelName(message: string, id: string): string {
  for (const prefix of [`Model ${id} `, `${id} `]) if (message.startsWith(prefix)) return message.slice(prefix.length);
  return message;
}

function overflowReason(model: string, projection: SpendProjection): string {
  const limit = projection.contextOverflow.limitInputTokens;
  return `no call fits ${model}'s context window${limit === null ? '' : ` (input above ${limit.toLocaleString('en-US')} tokens)`}`;
}

/** An option's breakdown: its models' projections weighted by the share of calls each serves. */
function optionBreakdown(option: RecommendationOption): CostBreakdown {
  const first = option.projections[0];
  if (option.strategy === 'single' || first === undefined) return first?.breakdown ?? ZERO_BREAKDOWN;
  const weights =
    option.strategy === 'cascade' ? [new Dec(1), new Dec(option.cascade?.escalationRate ?? 0)] : [new Dec(1).minus(new Dec(option.split?.share ?? 0)), new Dec(option.split?.share ?? 0)];
  const keys = Object.keys(ZERO_BREAKDOWN) as Array<keyof CostBreakdown>;
  const out: Record<string, string> = {};
  for (const key of keys) {
    out[key] = round(option.projections.reduce((sum, projection, index) => sum.plus(dec(projection.breakdown[key]).times(weights[index] ?? 0)), new Dec(0)));
  }
  return out as unknown as CostBreakdown;
}

function dedupe(warnings: readonly ReportWarning[]): ReportWarning[] {
  const seen = new Set<string>();
  return warnings.filter((item) => {
    const key = `${item.code}\u0000${item.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** @internal Builds the report of a validated plan (policies not yet evaluated: `status` is "pass"). */
export function buildPlanReport(source: PlanSource, options: BuildOptions): PlanReport {
  const plan = source.plan;
  const pricing = options.pricing?.table;
  const table = pricing ?? defaultPricing;
  checkModels(source, table);
  if (plan.at !== undefined && Number.isNaN(Date.parse(plan.at))) {
    const position = source.locate(['at']);
    throw planError(source.file, source.text, [{ path: 'at', message: `must be a real date; got "${plan.at}"`, line: position.line, column: position.column }]);
  }

  const budgetPer = plan.budget?.per;
  const runs: WorkloadRun[] = [];
  const unpriced: PlanIssue[] = [];
  plan.workloads.forEach((_, index) => {
    try {
      runs.push(runWorkload(source, index, pricing, budgetPer, options.today));
    } catch (error) {
      if (!(error instanceof Unpriceable)) throw error;
      unpriced.push(error.issue);
    }
  });
  if (unpriced.length > 0) throw planError(source.file, source.text, unpriced);
  const workloads = runs.map((run) => run.report);
  const selectedBands = workloads.flatMap((workload) => (workload.selected === null ? [] : [workload.selected.monthly]));
  const monthly = sumBands(selectedBands);
  const forecast: string[] = [];
  for (let month = 0; month < 12; month += 1) {
    forecast.push(round(workloads.reduce((sum, workload) => sum.plus(dec(workload.forecast[month] ?? '0')), new Dec(0))));
  }

  const warnings: ReportWarning[] = [];
  let budget: BudgetReport | null = null;
  if (plan.budget !== undefined) {
    const percentile = plan.budget.percentile ?? 'expected';
    const bands = runs.flatMap((run) => (run.budgetSpend === null ? [] : [run.budgetSpend]));
    const spend = dec(sumBands(bands)[percentile]);
    const usd = dec(plan.budget.usd);
    const monthlyBudget = usd.times(730).div(HOURS[plan.budget.per] ?? 730);
    const exceeded = forecast.findIndex((value) => dec(value).gt(monthlyBudget));
    budget = {
      usd: fromDec(usd),
      per: plan.budget.per,
      percentile,
      spend: round(spend),
      remaining: round(usd.minus(spend)),
      usedShare: usd.isZero() ? null : round(spend.div(usd), 4),
      withinBudget: spend.lte(usd),
      monthly: round(monthlyBudget),
      exceededInMonth: exceeded === -1 ? null : exceeded + 1,
    };
    if (budget.withinBudget && exceeded > 0) {
      warnings.push(warning('BUDGET_OUTGROWN', `With the volumes' growth, the expected spend passes the budget (${formatUsd(budget.monthly)} a month) in month ${exceeded + 1} of the next 12.`));
    }
  }

  // Prices last checked more than 90 days before today.
  const stale = new Map<string, Set<string>>();
  for (const run of runs) {
    for (const { entry, tier } of run.used) {
      const date = lastChecked(entry, tier, plan.at);
      if (date !== undefined && daysBetween(date, options.today) > STALE_PRICE_DAYS) {
        const models = stale.get(date) ?? new Set<string>();
        models.add(entry.id);
        stale.set(date, models);
      }
    }
  }
  for (const [date, models] of [...stale].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const list = [...models].sort();
    warnings.push(
      warning(
        'PRICES_STALE',
        `The price${list.length === 1 ? '' : 's'} of ${list.join(', ')} ${list.length === 1 ? 'was' : 'were'} last checked on ${date}, ${daysBetween(date, options.today)} days before ${options.today} (more than ${STALE_PRICE_DAYS}): check the provider's page, update llm-spend, or pass a current pricing file (--pricing).`,
      ),
    );
  }
  for (const workload of workloads) warnings.push(...workload.warnings);

  return {
    version: REPORT_VERSION,
    kind: 'plan',
    tool: { name: 'llm-spend', version: options.toolVersion },
    today: options.today,
    plan: { file: source.file, title: plan.title ?? null },
    pricing: {
      source: options.pricing?.source ?? 'bundled',
      format: options.pricing?.format ?? 'llm-spend',
      checkedAt: table.checkedAt,
      at: plan.at ?? null,
    },
    currency: 'USD',
    workloads,
    totals: { monthly, forecast },
    budget,
    policies: [],
    warnings: dedupe(warnings),
    status: 'pass',
  };
}


/** @internal Throws a located INVALID_PLAN for a problem found outside the schema. */
export function invalidAt(source: PlanSource, path: readonly PropertyKey[], message: string): LlmSpendError {
  const position = source.locate(path);
  return planError(source.file, source.text, [{ path: formatRefPath(path), message, line: position.line, column: position.column }]);
}

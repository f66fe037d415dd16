// The shapes of the CLI's reports: what `--format json` prints and what the table, markdown and
// HTML formatters read. Money is USD decimal strings throughout.
import type { CostBreakdown } from '../../estimate/usage.js';

/** @internal The JSON report format version (`version` in every JSON the CLI prints). */
export const REPORT_VERSION = 1;

/** A warning or note of a report. Notes are informational (how a figure was computed). */
export interface ReportWarning {
  readonly code: string;
  readonly level: 'warning' | 'note';
  readonly message: string;
  /** The workload it is about, when one. */
  readonly workload?: string;
}

/** Spend over a period (USD strings): the expectation and the band. */
export interface SpendBand {
  readonly expected: string;
  readonly p50: string;
  readonly p90: string;
  readonly p99: string;
}

/** One candidate model projected on one workload over a month. */
export interface ModelRow {
  readonly model: string;
  readonly tier: string;
  /** False when the model cannot price this workload as written (see `unavailable`). */
  readonly available: boolean;
  readonly unavailable?: { readonly code: string; readonly message: string };
  /** Expected cost of one call (conversation, task), USD. */
  readonly perCall: string;
  /** Expected calls (conversations, tasks) a month. */
  readonly calls: string;
  readonly spend: SpendBand;
  /** The monthly breakdown: input (uncached), cachedInput, cacheWrite, cacheWrite1h, output, reasoning (of output), images (of input), fees, total. */
  readonly breakdown: CostBreakdown;
  /** Expected tokens of one call. */
  readonly tokensPerCall: { readonly input: number; readonly cachedInput: number; readonly output: number; readonly reasoning: number; readonly images: number };
  /** Share of calls that would not fit the model's context (left unpriced). */
  readonly contextOverflowShare: number;
}

/** One constraint check of an option. */
export interface OptionCheck {
  readonly name: string;
  readonly pass: boolean;
  readonly detail: string;
}

/** One way to serve a workload (a model, a cascade, a split), from the recommendation. */
export interface OptionRow {
  readonly id: string;
  readonly strategy: 'single' | 'cascade' | 'split';
  readonly models: readonly string[];
  /** Spend over the recommendation's period (see `WorkloadReport.recommendation.period`). */
  readonly spend: SpendBand;
  readonly perCall: string;
  /** Latency per call (per task for pipelines), ms; null when a model has no latency profile. */
  readonly latency: { readonly p50Ms: number; readonly p95Ms: number; readonly p99Ms: number } | null;
  readonly capability: number | null;
  readonly quality: number | null;
  readonly feasible: boolean;
  readonly onFrontier: boolean;
  readonly checks: readonly OptionCheck[];
}

/** Why a workload's spend counts as it does in the totals. */
export type SelectionReason = 'pinned' | 'recommended' | 'nearest';

/** One workload of a plan report. */
export interface WorkloadReport {
  readonly name: string;
  readonly description?: string;
  readonly kind: 'tokens' | 'conversation' | 'steps';
  /** The volume as written, in words ("50,000 calls a day, +5% a month"). */
  readonly volume: string;
  /** Growth of the volume per month (a fraction), 0 when none. */
  readonly growthPerMonth: number;
  readonly models: readonly ModelRow[];
  readonly recommendation: {
    /** The recommended option id, or null when none meets every constraint. */
    readonly choice: string | null;
    readonly bindingConstraint: string | null;
    readonly nearest: string | null;
    readonly explanation: string;
    /** The period of the options' spend: the workload budget's, else month. */
    readonly period: string;
    /** This workload's own budget, when it has one. */
    readonly budget: { readonly usd: string; readonly per: string; readonly percentile: string } | null;
    readonly latencyLimits: { readonly p50Ms?: number; readonly p95Ms?: number; readonly p99Ms?: number };
    readonly options: readonly OptionRow[];
    /** Option ids on the cost–latency Pareto frontier, cheapest first. */
    readonly frontier: readonly string[];
  };
  /** The option the totals use for this workload, and why. */
  readonly selected: {
    readonly option: string;
    readonly strategy: 'single' | 'cascade' | 'split';
    readonly reason: SelectionReason;
    readonly monthly: SpendBand;
    /** The monthly breakdown of the option (for a cascade or split: its models' breakdowns, weighted by their share of calls). */
    readonly breakdown: CostBreakdown;
    /** Expected cost of one call (conversation, task), USD. */
    readonly perCall: string;
  } | null;
  /** Expected spend of the selected option in each of the next 12 months (growth compounding monthly). */
  readonly forecast: readonly string[];
  readonly warnings: readonly ReportWarning[];
}

/** The plan's budget against the total. */
export interface BudgetReport {
  readonly usd: string;
  readonly per: string;
  readonly percentile: string;
  /** The total spend over `per` at `percentile`. */
  readonly spend: string;
  /** usd − spend (negative when over). */
  readonly remaining: string;
  /** spend ÷ usd, rounded to 4 decimals (null when the budget is 0). */
  readonly usedShare: string | null;
  readonly withinBudget: boolean;
  /** The budget as an amount a month (730 hours). */
  readonly monthly: string;
  /** The first of the next 12 months whose forecast spend is over the monthly budget, or null. */
  readonly exceededInMonth: number | null;
}

/** A policy and whether the report meets it. */
export interface PolicyResult {
  readonly name: 'failOverBudget' | 'failOnIncreaseUsd' | 'failOnIncreasePercent';
  /** The threshold, as set (true for failOverBudget). */
  readonly threshold: string | boolean;
  /** `pass`, `fail`, or `skipped` (the policy needs a baseline or a budget that is not there). */
  readonly status: 'pass' | 'fail' | 'skipped';
  readonly message: string;
  /** Where it was set: the command line or the plan file. */
  readonly from: 'flag' | 'plan';
}

/** The result of `llm-spend plan`. */
export interface PlanReport {
  readonly version: typeof REPORT_VERSION;
  readonly kind: 'plan';
  readonly tool: { readonly name: 'llm-spend'; readonly version: string };
  /** The date the report was made for (stale-price checks count from it). */
  readonly today: string;
  readonly plan: { readonly file: string; readonly title: string | null };
  readonly pricing: { readonly source: string; readonly format: string; readonly checkedAt: string; readonly at: string | null };
  readonly currency: 'USD';
  readonly workloads: readonly WorkloadReport[];
  readonly totals: {
    /** Sum of the selected options' monthly spend. Percentiles are sums of the workloads' percentiles (an upper bound when workloads vary independently). */
    readonly monthly: SpendBand;
    /** Total expected spend in each of the next 12 months. */
    readonly forecast: readonly string[];
  };
  readonly budget: BudgetReport | null;
  readonly policies: readonly PolicyResult[];
  readonly warnings: readonly ReportWarning[];
  /** `fail` when a policy failed (exit code 1). */
  readonly status: 'pass' | 'fail';
}

/** One workload's change in a diff. */
export interface WorkloadChange {
  readonly name: string;
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  /** Selected option before and after (null when absent). */
  readonly baseOption: string | null;
  readonly option: string | null;
  /** Expected monthly spend before and after ("0" when absent). */
  readonly base: string;
  readonly current: string;
  readonly change: string;
  /** Percent change (2 decimals), null when the base is 0. */
  readonly percent: string | null;
}

/** The result of `llm-spend diff`. */
export interface DiffReport {
  readonly version: typeof REPORT_VERSION;
  readonly kind: 'diff';
  readonly tool: { readonly name: 'llm-spend'; readonly version: string };
  readonly today: string;
  readonly base: { readonly file: string; readonly total: string };
  readonly current: { readonly file: string; readonly total: string };
  /** Change of the expected monthly total: USD, and percent (null when the base is 0). */
  readonly change: { readonly usd: string; readonly percent: string | null; readonly direction: 'increase' | 'decrease' | 'none' };
  /** "Monthly LLM spend will increase by $X (+Y%)". */
  readonly headline: string;
  readonly workloads: readonly WorkloadChange[];
  readonly budget: BudgetReport | null;
  readonly policies: readonly PolicyResult[];
  readonly warnings: readonly ReportWarning[];
  readonly status: 'pass' | 'fail';
  /** The current plan's report, for the details. */
  readonly report: PlanReport;
}

/**
 * @internal The columns of a workload's breakdown: the models that can price it, then the
 * selected option when it is a cascade or a split (its breakdown weighted by share of calls).
 */
export function breakdownColumns(workload: WorkloadReport): ModelRow[] {
  const rows = workload.models.filter((row) => row.available);
  const selected = workload.selected;
  if (selected === null || selected.strategy === 'single') return rows;
  const calls = rows[0]?.calls ?? '0';
  return [
    ...rows,
    {
      model: selected.option,
      tier: rows[0]?.tier ?? 'standard',
      available: true,
      perCall: selected.perCall,
      calls,
      spend: selected.monthly,
      breakdown: selected.breakdown,
      tokensPerCall: { input: 0, cachedInput: 0, output: 0, reasoning: 0, images: 0 },
      contextOverflowShare: 0,
    },
  ];
}

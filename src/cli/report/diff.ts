// `llm-spend diff`: a plan's report against a baseline JSON report (the base branch's
// `llm-spend plan --format json`), workload by workload, with the headline of a PR comment.
import { z } from 'zod';
import { LlmSpendError } from '../../errors.js';
import { Dec, ROUNDING } from '../../money/decimal.js';
import { fromDec } from '../../money/usd.js';
import { percentText, usd } from '../format/text.js';
import { REPORT_VERSION, type DiffReport, type PlanReport, type WorkloadChange } from './types.js';

const amount = z.string().regex(/^-?\d+(?:\.\d+)?$/, 'must be a decimal string');

/** @internal The part of a plan report a diff reads. Anything else in the file is ignored. */
export const baselineSchema = z.object({
  version: z.literal(REPORT_VERSION, { error: `must be ${REPORT_VERSION} (a report of this llm-spend version)` }),
  kind: z.literal('plan', { error: 'must be "plan": the baseline is the JSON of `llm-spend plan --format json`' }),
  workloads: z.array(
    z.object({
      name: z.string(),
      selected: z.object({ option: z.string(), monthly: z.object({ expected: amount }) }).nullable(),
    }),
  ),
  totals: z.object({ monthly: z.object({ expected: amount }) }),
});

/** @internal A monthly figure of a baseline report. */
export interface BaselineMonthly {
  /** The expected monthly spend, USD, a decimal string (may be negative in a hand-edited file). */
  readonly expected: string;
}

/** @internal One workload of a baseline report. */
export interface BaselineWorkload {
  /** The workload's name: workloads are matched by name. */
  readonly name: string;
  /** The option the base plan selected, or null when nothing was selected. */
  readonly selected: { readonly option: string; readonly monthly: BaselineMonthly } | null;
}

/**
 * @internal A baseline report as the diff reads it: the part of `llm-spend plan --format json`
 * that a diff compares (a test keeps it equal to `baselineSchema`).
 */
export interface Baseline {
  /** The report format version. */
  readonly version: typeof REPORT_VERSION;
  /** A plan report (not a diff). */
  readonly kind: 'plan';
  /** The base plan's workloads. */
  readonly workloads: readonly BaselineWorkload[];
  /** The base plan's totals. */
  readonly totals: { readonly monthly: BaselineMonthly };
}

/** @internal Validates a parsed baseline JSON. */
export function parseBaseline(json: unknown, file: string): Baseline {
  const result = baselineSchema.safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.slice(0, 5).map((issue) => `  ${issue.path.length === 0 ? '(root)' : issue.path.join('.')}: ${issue.message}`);
    throw new LlmSpendError('INVALID_PLAN', `${file} is not an llm-spend plan report (make it with \`llm-spend plan <plan> --format json --out ${file}\`):\n${lines.join('\n')}`, { file });
  }
  return result.data;
}

function percentOf(change: Dec, base: Dec): string | null {
  return base.isZero() ? null : fromDec(change.div(base).times(100).toDecimalPlaces(2, ROUNDING['half-even']));
}

/** @internal "Monthly LLM spend will increase by $X (+Y%)", "... decrease by ...", or "... will not change". */
export function headline(base: string, current: string): string {
  const before = new Dec(base);
  const change = new Dec(current).minus(before);
  if (change.isZero()) return `Monthly LLM spend will not change (${usd(current)} a month)`;
  const verb = change.isNegative() ? 'decrease' : 'increase';
  const percent = percentOf(change, before);
  const tail = percent === null ? `(from ${usd(base)})` : `(${percentText(percent, true)})`;
  return `Monthly LLM spend will ${verb} by ${usd(change.abs().toFixed())} ${tail}`;
}

/** @internal Compares a plan report with a baseline (policies not yet evaluated). */
export function diffReports(baseline: Baseline, baseFile: string, current: PlanReport): DiffReport {
  const changes: WorkloadChange[] = [];
  const baseByName = new Map(baseline.workloads.map((workload) => [workload.name, workload]));
  const currentNames = new Set(current.workloads.map((workload) => workload.name));
  for (const workload of current.workloads) {
    const before = baseByName.get(workload.name);
    const base = before?.selected?.monthly.expected ?? '0';
    const now = workload.selected?.monthly.expected ?? '0';
    const change = new Dec(now).minus(new Dec(base));
    changes.push({
      name: workload.name,
      status: before === undefined ? 'added' : change.isZero() && before.selected?.option === workload.selected?.option ? 'unchanged' : 'changed',
      baseOption: before?.selected?.option ?? null,
      option: workload.selected?.option ?? null,
      base: fromDec(new Dec(base)),
      current: fromDec(new Dec(now)),
      change: fromDec(change),
      percent: before === undefined ? null : percentOf(change, new Dec(base)),
    });
  }
  for (const workload of baseline.workloads) {
    if (currentNames.has(workload.name)) continue;
    const base = workload.selected?.monthly.expected ?? '0';
    changes.push({
      name: workload.name,
      status: 'removed',
      baseOption: workload.selected?.option ?? null,
      option: null,
      base: fromDec(new Dec(base)),
      current: '0',
      change: fromDec(new Dec(base).neg()),
      percent: new Dec(base).isZero() ? null : '-100',
    });
  }
  const baseTotal = fromDec(new Dec(baseline.totals.monthly.expected));
  const currentTotal = current.totals.monthly.expected;
  const change = new Dec(currentTotal).minus(new Dec(baseTotal));
  return {
    version: REPORT_VERSION,
    kind: 'diff',
    tool: current.tool,
    today: current.today,
    base: { file: baseFile, total: baseTotal },
    current: { file: current.plan.file, total: currentTotal },
    change: { usd: fromDec(change), percent: percentOf(change, new Dec(baseTotal)), direction: change.isZero() ? 'none' : change.isNegative() ? 'decrease' : 'increase' },
    headline: headline(baseTotal, currentTotal),
    workloads: changes,
    budget: current.budget,
    policies: [],
    warnings: current.warnings,
    status: 'pass',
    report: current,
  };
}

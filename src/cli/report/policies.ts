// Policies: the thresholds that set the exit code. The command line's flags win over the plan
// file's `policies`; a policy that needs something absent (a baseline, a budget) is skipped.
import { Dec } from '../../money/decimal.js';
import { fromDec } from '../../money/usd.js';
import type { PlanPolicies } from '../plan/schema.js';
import { percentText, signedUsd, usd } from '../format/text.js';
import type { BudgetReport, PolicyResult } from './types.js';

/** @internal The policies in force and where each was set. */
export interface PolicySettings {
  readonly failOverBudget?: { readonly value: boolean; readonly from: 'flag' | 'plan' };
  readonly failOnIncreaseUsd?: { readonly value: string; readonly from: 'flag' | 'plan' };
  readonly failOnIncreasePercent?: { readonly value: number; readonly from: 'flag' | 'plan' };
}

/** @internal Flags given on the command line (undefined: not given). */
export interface PolicyFlags {
  readonly failOverBudget?: boolean | undefined;
  readonly failOnIncreaseUsd?: string | undefined;
  readonly failOnIncreasePercent?: number | undefined;
}

/** @internal The flags over the plan's policies. */
export function resolvePolicies(plan: PlanPolicies | undefined, flags: PolicyFlags): PolicySettings {
  const pick = <T>(flag: T | undefined, fromPlan: T | undefined): { value: T; from: 'flag' | 'plan' } | undefined =>
    flag !== undefined ? { value: flag, from: 'flag' } : fromPlan !== undefined ? { value: fromPlan, from: 'plan' } : undefined;
  const overBudget = pick(flags.failOverBudget, plan?.failOverBudget);
  const increaseUsd = pick(flags.failOnIncreaseUsd, plan?.failOnIncreaseUsd);
  const increasePercent = pick(flags.failOnIncreasePercent, plan?.failOnIncreasePercent);
  return {
    ...(overBudget === undefined || !overBudget.value ? {} : { failOverBudget: overBudget }),
    ...(increaseUsd === undefined ? {} : { failOnIncreaseUsd: increaseUsd }),
    ...(increasePercent === undefined ? {} : { failOnIncreasePercent: increasePercent }),
  };
}

/** @internal The change a diff measured: base and current monthly totals. */
export interface MeasuredChange {
  readonly base: string;
  readonly current: string;
}

/** @internal Evaluates the policies against a budget and, for a diff, the change. */
export function evaluatePolicies(settings: PolicySettings, budget: BudgetReport | null, change: MeasuredChange | undefined): PolicyResult[] {
  const out: PolicyResult[] = [];
  const needsBaseline = 'skipped: needs a baseline (llm-spend diff --compare-to base.json)';
  if (settings.failOverBudget !== undefined) {
    const from = settings.failOverBudget.from;
    if (budget === null) {
      out.push({ name: 'failOverBudget', threshold: true, status: 'skipped', message: 'skipped: the plan has no budget', from });
    } else {
      const per = budget.per === 'month' ? 'a month' : `a ${budget.per}`;
      const spend = budget.percentile === 'expected' ? 'expected spend' : `${budget.percentile} spend`;
      out.push({
        name: 'failOverBudget',
        threshold: true,
        status: budget.withinBudget ? 'pass' : 'fail',
        message: budget.withinBudget
          ? `${spend} ${usd(budget.spend)} ${per} is within the budget of ${usd(budget.usd)}`
          : `${spend} ${usd(budget.spend)} ${per} is over the budget of ${usd(budget.usd)} by ${usd(new Dec(budget.remaining).neg().toFixed())}`,
        from,
      });
    }
  }
  const delta = change === undefined ? undefined : new Dec(change.current).minus(new Dec(change.base));
  if (settings.failOnIncreaseUsd !== undefined) {
    const { value, from } = settings.failOnIncreaseUsd;
    const limit = new Dec(value);
    if (delta === undefined) out.push({ name: 'failOnIncreaseUsd', threshold: fromDec(limit), status: 'skipped', message: needsBaseline, from });
    else {
      const fail = delta.gt(limit);
      out.push({
        name: 'failOnIncreaseUsd',
        threshold: fromDec(limit),
        status: fail ? 'fail' : 'pass',
        message: `monthly change ${signedUsd(fromDec(delta))} ${fail ? 'is more than' : 'is within'} the allowed increase of ${usd(fromDec(limit))}`,
        from,
      });
    }
  }
  if (settings.failOnIncreasePercent !== undefined) {
    const { value, from } = settings.failOnIncreasePercent;
    const limit = new Dec(String(value));
    const threshold = `${fromDec(limit)}%`;
    if (delta === undefined || change === undefined) out.push({ name: 'failOnIncreasePercent', threshold, status: 'skipped', message: needsBaseline, from });
    else {
      const base = new Dec(change.base);
      if (base.isZero()) {
        const fail = delta.gt(0);
        out.push({
          name: 'failOnIncreasePercent',
          threshold,
          status: fail ? 'fail' : 'pass',
          message: fail ? `monthly spend grows from $0.00 to ${usd(change.current)}: an unbounded increase, more than ${threshold}` : 'no increase from $0.00',
          from,
        });
      } else {
        const percent = delta.div(base).times(100);
        const fail = percent.gt(limit);
        out.push({
          name: 'failOnIncreasePercent',
          threshold,
          status: fail ? 'fail' : 'pass',
          message: `monthly change ${percentText(percent.toFixed(), true)} ${fail ? 'is more than' : 'is within'} the allowed increase of ${threshold}`,
          from,
        });
      }
    }
  }
  return out;
}

// The constraint checks of an option (budget, latency percentiles, capability, quality,
// modalities, lifecycle, context fit), each with its limit, actual value, pass and margin, and
// how far a failed check falls short.
import type { Modality } from '../pricing/schema.js';
import type { SpendProjection } from '../projection/project.js';
import type { NormalizedConstraints } from './constraints.js';
import { roundMs } from './latency.js';
import { ms, perWord, round9, sharePercent, usd } from './format.js';
import type { Draft } from './strategies.js';
import type { ConstraintCheck, OptionLatency } from './types.js';

/** Checks an option against every constraint that is set (and context fit, always). */
export function checksOf(
  draft: Draft,
  latency: OptionLatency | null,
  missing: readonly string[],
  capability: number | null,
  quality: number | null,
  c: NormalizedConstraints,
  required: readonly Modality[],
  period: SpendProjection['period'],
  window: { readonly to: string },
): ConstraintCheck[] {
  const checks: ConstraintCheck[] = [];
  if (c.budget !== undefined) {
    const spendKey = c.budget.percentile;
    const actual = draft.spend[spendKey];
    const limit = c.budget.usd;
    const margin = limit.minus(actual);
    const pass = !actual.gt(limit);
    const which = spendKey === 'expected' ? 'expected spend' : `${spendKey} spend`;
    checks.push({
      name: 'budget',
      limit: round9(limit),
      actual: round9(actual),
      margin: round9(margin),
      pass,
      percentile: spendKey,
      per: c.budget.per,
      detail: `${which} ${usd(round9(actual))} ${perWord(period)} against a budget of ${usd(limit)}: ${usd(margin.abs())} ${pass ? 'to spare' : 'over'}`,
    });
  }
  for (const key of ['p50', 'p95', 'p99'] as const) {
    const limit = c.latency[`${key}Ms`];
    if (limit === undefined) continue;
    const actual = latency === null ? null : latency[`${key}Ms`];
    const pass = actual !== null && actual <= limit;
    checks.push({
      name: `latency.${key}`,
      limit,
      actual,
      margin: actual === null ? null : roundMs(limit - actual),
      pass,
      detail: actual === null ? `latency unknown (${missing.join('; ')})` : `${key} latency ${ms(actual)} against a limit of ${ms(limit)}`,
    });
  }
  if (c.floor !== undefined) {
    const pass = capability !== null && capability >= c.floor.value;
    const unrated = draft.parts.filter((part) => part.answers && part.info.capability === null).map((part) => part.info.entry.id);
    checks.push({
      name: 'capability',
      limit: c.floor.value,
      actual: capability,
      margin: capability === null ? null : capability - c.floor.value,
      pass,
      detail:
        capability === null
          ? `capability unknown: no rating for ${unrated.join(', ')} (rate it with capability: { '${unrated[0] ?? ''}': 1-5 })`
          : `capability ${capability} against a floor of ${c.floor.value} (${c.floor.from === 'minCapability' ? 'minCapability' : `${c.floor.from} needs ${c.floor.value}`})`,
    });
  }
  if (c.minQuality !== undefined) {
    const pass = quality !== null && quality >= c.minQuality;
    checks.push({
      name: 'quality',
      limit: c.minQuality,
      actual: quality,
      margin: quality === null ? null : quality - c.minQuality,
      pass,
      detail: quality === null ? `quality unknown: give quality['${draft.id}'] or a score for each model` : `quality ${quality} against a minimum of ${c.minQuality}`,
    });
  }
  if (required.length > 0) {
    const called = draft.parts.filter((part) => part.called);
    const accepted = required.filter((modality) => called.every((part) => part.info.modalities.includes(modality)));
    const missingModalities = required.filter((modality) => !accepted.includes(modality));
    const lacking = called.filter((part) => missingModalities.some((modality) => !part.info.modalities.includes(modality))).map((part) => part.info.entry.id);
    checks.push({
      name: 'modalities',
      limit: required,
      actual: accepted,
      margin: -missingModalities.length,
      pass: missingModalities.length === 0,
      detail: missingModalities.length === 0 ? `accepts ${required.join(', ')} input` : `needs ${missingModalities.join(', ')} input, which ${lacking.join(' and ')} does not accept`,
    });
  }
  const called = draft.parts.filter((part) => part.called);
  const withLifecycle = called.filter((part) => part.info.lifecycle.state !== 'active');
  if (withLifecycle.length > 0) {
    const gone = withLifecycle.filter((part) => part.info.lifecycle.state === 'shut-down');
    const dates = withLifecycle.flatMap((part) => (part.info.lifecycle.shutdownAt === undefined ? [] : [part.info.lifecycle.shutdownAt])).sort();
    const earliest = dates[0] ?? null;
    const replacements: Record<string, string> = {};
    for (const part of withLifecycle) if (part.info.lifecycle.replacement !== undefined) replacements[part.info.entry.id] = part.info.lifecycle.replacement;
    checks.push({
      name: 'lifecycle',
      limit: window.to,
      actual: earliest,
      margin: earliest === null ? null : Math.round((Date.parse(earliest) - Date.parse(window.to)) / 86_400_000),
      replacements,
      pass: gone.length === 0,
      detail: (gone.length > 0 ? gone : withLifecycle).map((part) => part.info.lifecycle.reason.replace(/\.$/, '')).join('; '),
    });
  }
  const worst = called.reduce<{ share: number; spend: number; model: string; limit: number | null }>(
    (acc, part) =>
      part.info.overflow > acc.share || part.info.overflowSpend > acc.spend
        ? { share: Math.max(acc.share, part.info.overflow), spend: Math.max(acc.spend, part.info.overflowSpend), model: part.info.entry.id, limit: part.info.projection.contextOverflow.limitInputTokens }
        : acc,
    { share: 0, spend: 0, model: called[0]?.info.entry.id ?? '', limit: null },
  );
  const contextPass = worst.share <= c.maxContextOverflowShare && worst.spend <= c.maxContextOverflowSpendShare;
  checks.push({
    name: 'context',
    limit: c.maxContextOverflowShare,
    actual: worst.share,
    margin: Math.min(c.maxContextOverflowShare - worst.share, c.maxContextOverflowSpendShare - worst.spend),
    spendLimit: c.maxContextOverflowSpendShare,
    spendShare: worst.spend,
    pass: contextPass,
    detail:
      worst.share === 0
        ? 'every call fits the context'
        : `${sharePercent(worst.share)} of calls (${sharePercent(worst.spend)} of the spend) do not fit ${worst.model}'s context${worst.limit === null ? '' : ` (more than ${worst.limit.toLocaleString('en-US')} input tokens)`}; ` +
          `the limits are ${sharePercent(c.maxContextOverflowShare)} of calls and ${sharePercent(c.maxContextOverflowSpendShare)} of the spend`,
  });
  return checks;
}

/** How far a failed check is from passing, relative to its limit (Infinity when it cannot be measured). */
export function shortfall(check: ConstraintCheck): number {
  if (check.pass) return 0;
  switch (check.name) {
    case 'budget': {
      const limit = Number(check.limit);
      return limit === 0 ? Infinity : (Number(check.actual) - limit) / limit;
    }
    case 'latency.p50':
    case 'latency.p95':
    case 'latency.p99':
      return check.actual === null ? Infinity : (check.actual - check.limit) / check.limit;
    case 'capability':
    case 'quality':
      return check.actual === null ? Infinity : (check.limit - check.actual) / Math.max(Math.abs(check.limit), 1e-12);
    case 'modalities':
    case 'lifecycle':
      return Infinity;
    case 'context':
      return check.limit === 0 ? Infinity : (check.actual - check.limit) / check.limit;
  }
}

// The outcome: options in the order of the choice rule, the choice (or the nearest option and
// the binding constraint), the cost–latency frontier, and the explanation in plain sentences
// with the defaults the answer rests on.
import { Dec } from '../money/decimal.js';
import type { ModelEntry } from '../pricing/schema.js';
import { getModel } from '../pricing/table.js';
import { indexRating } from './capability-index.js';
import { shortfall } from './checks.js';
import type { NormalizedConstraints } from './constraints.js';
import { label, ms, percent, perWord, usd } from './format.js';
import { DEFAULT_PREFILL_TOKENS_PER_SECOND, TAIL_NOTE } from './latency.js';
import type { BudgetCheck, ConstraintCheck, ConstraintName, LifecycleCheck, Recommendation, RecommendationOption } from './types.js';

/** The choice rule: cheaper expected spend, then lower p95 latency, then higher capability, then id. */
export function byChoiceRule(a: RecommendationOption, b: RecommendationOption): number {
  const cost = new Dec(a.spend.expected).comparedTo(new Dec(b.spend.expected));
  if (cost !== 0) return cost;
  const pa = a.latency?.p95Ms ?? Infinity;
  const pb = b.latency?.p95Ms ?? Infinity;
  if (pa !== pb) return pa < pb ? -1 : 1;
  const ca = a.capability ?? -Infinity;
  const cb = b.capability ?? -Infinity;
  if (ca !== cb) return ca > cb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The first feasible option, or, when there is none, the nearest option and the constraint that binds it. */
export function chooseOption(options: readonly RecommendationOption[]): {
  choice: RecommendationOption | null;
  nearest: RecommendationOption | null;
  bindingConstraint: ConstraintName | null;
} {
  const choice = options.find((option) => option.feasible) ?? null;
  let nearest: RecommendationOption | null = null;
  let bindingConstraint: ConstraintName | null = null;
  if (choice === null && options.length > 0) {
    const scored = options.map((option) => {
      const failed = option.checks.filter((check) => !check.pass);
      return { option, failed, total: failed.reduce((sum, check) => sum + shortfall(check), 0) };
    });
    scored.sort((a, b) => a.failed.length - b.failed.length || (a.total === b.total ? 0 : a.total < b.total ? -1 : 1) || byChoiceRule(a.option, b.option));
    const best = scored[0];
    if (best !== undefined) {
      nearest = best.option;
      let worst: ConstraintCheck | undefined;
      for (const check of best.failed) if (worst === undefined || shortfall(check) > shortfall(worst)) worst = check;
      bindingConstraint = worst?.name ?? null;
    }
  }
  return { choice, nearest, bindingConstraint };
}

/** The cost–latency Pareto set of the options that pass every check other than budget and latency. */
export function paretoFrontier(options: readonly RecommendationOption[]): RecommendationOption[] {
  const admissible = options.filter(
    (option) => option.latency !== null && option.checks.every((check) => check.pass || check.name === 'budget' || check.name.startsWith('latency.')),
  );
  const cost = (option: RecommendationOption): Dec => new Dec(option.spend.expected);
  const dominated = (x: RecommendationOption, by: RecommendationOption): boolean => {
    const c = cost(by).comparedTo(cost(x));
    const lx = x.latency?.p95Ms ?? Infinity;
    const lb = by.latency?.p95Ms ?? Infinity;
    return c <= 0 && lb <= lx && (c < 0 || lb < lx);
  };
  return admissible.filter((option) => !admissible.some((other) => other !== option && dominated(option, other)));
}

/** The explanation: what to choose and why, or what binds, then the defaults it rests on and the cascade's break-even. */
export function explain(result: Omit<Recommendation, 'explanation'>, c: NormalizedConstraints): string {
  const period = result.assumptions.period;
  const per = perWord(period);
  const sentences: string[] = [];
  const { choice } = result;
  const failing = (option: RecommendationOption): ConstraintCheck[] => option.checks.filter((check) => !check.pass);
  if (result.options.length === 0) {
    return `No candidate can serve this workload as written: ${result.unavailable.map((item) => `${item.model} (${item.message})`).join('; ')}`;
  }
  if (choice !== null) {
    const feasible = result.options.filter((option) => option.feasible);
    const facts: string[] = [`${usd(choice.spend.expected)} ${per} expected`];
    const budget = choice.checks.find((check): check is BudgetCheck => check.name === 'budget');
    if (budget !== undefined) facts[0] += ` against a budget of ${usd(budget.limit)}${budget.percentile === 'expected' ? '' : ` (checked at ${budget.percentile}: ${usd(budget.actual)})`}`;
    if (choice.latency !== null) facts.push(`p95 latency ${ms(choice.latency.p95Ms)}${c.latency.p95Ms === undefined ? '' : ` (limit ${ms(c.latency.p95Ms)})`}`);
    if (c.floor !== undefined && choice.capability !== null) facts.push(`capability ${choice.capability} ≥ ${c.floor.value}${c.floor.from === 'minCapability' ? '' : ` for ${c.floor.from}`}`);
    sentences.push(
      `Choose ${label(choice)}: ${feasible.length === 1 ? 'the only option' : `the cheapest of ${feasible.length} options`} that meet${feasible.length === 1 ? 's' : ''} every constraint, at ${facts.join(', ')}.`,
    );
    const runnerUp = feasible.find((option) => option !== choice);
    if (runnerUp !== undefined) {
      const diff = new Dec(runnerUp.spend.expected).minus(choice.spend.expected);
      const base = new Dec(choice.spend.expected);
      const rel = base.isZero() ? '' : ` (+${percent(diff.div(base).toNumber())})`;
      sentences.push(`${capitalize(label(runnerUp))} also meets them but costs ${usd(diff)} more ${per}${rel}.`);
    }
    const ageing = choice.checks.find((check): check is LifecycleCheck => check.name === 'lifecycle');
    if (ageing !== undefined) sentences.push(`Mind that ${ageing.detail}.`);
    const cheaperButOut = result.options.filter((option) => !option.feasible && byChoiceRule(option, choice) < 0).slice(0, 2);
    for (const option of cheaperButOut) {
      const first = failing(option)[0];
      if (first !== undefined) sentences.push(`${capitalize(label(option))} would cost less but fails ${first.name}: ${first.detail}.`);
    }
  } else {
    const nearest = result.nearest;
    const binding = nearest?.checks.find((check) => check.name === result.bindingConstraint);
    sentences.push(
      `No option meets every constraint. The binding constraint is ${result.bindingConstraint ?? 'availability'}` +
        (nearest === null || binding === undefined
          ? '.'
          : binding.name === 'lifecycle'
            ? `: the nearest option, ${label(nearest)}, is not available for the whole period (${binding.detail}).`
            : `: the nearest option, ${label(nearest)}, has ${binding.detail}.`),
    );
    if (nearest !== null) {
      const others = failing(nearest).filter((check) => check !== binding);
      if (others.length > 0) sentences.push(`It also fails ${others.map((check) => check.name).join(', ')}.`);
    }
  }
  sentences.push(...defaultNotes(choice ?? result.nearest, c));
  const cascade = result.options.find((option) => option.strategy === 'cascade' && option.cascade !== undefined);
  if (cascade?.cascade !== undefined && cascade.cascade.savingVsLarge !== null && cascade.cascade.breakEvenRate !== null) {
    const saving = cascade.cascade.savingVsLarge;
    sentences.push(
      `A cascade ${cascade.cascade.small} → ${cascade.cascade.large} at ${percent(cascade.cascade.escalationRate, 0)} escalation costs ${usd(cascade.spend.expected)} ${per}, ` +
        `${percent(Math.abs(saving))} ${saving >= 0 ? 'less' : 'more'} than ${cascade.cascade.large} alone; it stops paying above ${percent(cascade.cascade.breakEvenRate)} escalation.`,
    );
  }
  return sentences.join(' ');
}

/**
 * Where the answer rests on a default rather than on the user's measurements (the table's latency
 * medians and the default spread when a latency limit is set; a published rating or the
 * Artificial Analysis index when a capability floor is set): which figures, and how to measure them.
 */
function defaultNotes(option: RecommendationOption | null, c: NormalizedConstraints): string[] {
  if (option === null) return [];
  const notes: string[] = [];
  const entryOf = (id: string): ModelEntry | undefined => {
    try {
      return getModel(id, c.pricing === undefined ? {} : { pricing: c.pricing });
    } catch {
      return undefined;
    }
  };
  const limited = c.latency.p50Ms !== undefined || c.latency.p95Ms !== undefined || c.latency.p99Ms !== undefined;
  if (limited && option.latency !== null) {
    const parts: string[] = [];
    const defaulted: string[] = [];
    let spread = false;
    let prefill = false;
    for (const [model, profile] of Object.entries(option.latency.profiles)) {
      const table = entryOf(model)?.performance?.latency;
      const medians = table !== undefined && profile.source.url === table.source.url && profile.ttftMs === table.ttftMs && profile.outputTokensPerSecond === table.outputTokensPerSecond;
      const defaultSpread = profile.tail === 'split' && profile.tailSource === TAIL_NOTE;
      if (!medians && !defaultSpread) continue;
      defaulted.push(model);
      if (medians) {
        const config = table.source.note?.replace(/^Artificial Analysis medians, /, '') ?? '';
        parts.push(`${model} TTFT ${ms(profile.ttftMs)} at ${profile.referenceInputTokens.toLocaleString('en-US')} prompt tokens, ${profile.outputTokensPerSecond} tokens/s (Artificial Analysis, ${table.source.checkedAt ?? 'undated'}${config === '' ? '' : `, ${config}`})`);
      }
      if (defaultSpread) spread = true;
      if (profile.prefillTokensPerSecond === DEFAULT_PREFILL_TOKENS_PER_SECOND) prefill = true;
    }
    if (defaulted.length > 0) {
      const extras = [
        ...(prefill ? [`prefill ${DEFAULT_PREFILL_TOKENS_PER_SECOND.toLocaleString('en-US')} tokens/s`] : []),
        ...(spread ? ['the default spread (p95/p50 2.6 on TTFT, 1.55 on decoding)'] : []),
      ];
      notes.push(
        `Latency rests on defaults: ${[...parts, ...extras].join('; ')}. ` +
          `Measure it: fit 30 or more of your calls ({ inputTokens, outputTokens, latencyMs }) with fitLatencyProfile and pass latencyProfiles['${defaulted[0]}'].`,
      );
    }
  }
  if (c.floor !== undefined && option.capability !== null) {
    const rated: string[] = [];
    for (const model of option.models) {
      if (c.capability.has(model)) continue;
      const entry = entryOf(model);
      const openai = entry?.performance?.rating?.capability;
      if (openai !== undefined) {
        rated.push(`${model} ${openai} (OpenAI's 1–5 rating)`);
        continue;
      }
      const index = indexRating(model, c.floor.from);
      if (index !== undefined) rated.push(`${model} ${index.rating} (from the ${index.from})`);
    }
    if (rated.length > 0) {
      notes.push(
        `Capability rests on published ratings: ${rated.join(', ')} against the floor of ${c.floor.value}${c.floor.from === 'minCapability' ? '' : ` for ${c.floor.from}`}; ` +
          `check it on your task with your own quality scores (quality, minQuality) or set capability.`,
      );
    }
  }
  return notes;
}

/** Capitalizes "the cascade ..." at the start of a sentence; model ids stay as they are. */
function capitalize(text: string): string {
  return text.startsWith('the ') ? `The ${text.slice(4)}` : text;
}

// Numbers as the recommender shows them: spend rounded to 9 (per call 12) decimals, and
// amounts, durations, shares and option names in the sentences of checks and explanations.
import { Dec, ROUNDING } from '../money/decimal.js';
import { formatDec, fromDec } from '../money/usd.js';
import type { SpendProjection } from '../projection/project.js';
import type { RecommendationOption } from './types.js';

export function round9(value: Dec): string {
  return fromDec(value.toDecimalPlaces(9, ROUNDING['half-even']));
}
export function round12(value: Dec): string {
  return fromDec(value.toDecimalPlaces(12, ROUNDING['half-even']));
}

export function usd(value: Dec | string): string {
  const amount = typeof value === 'string' ? new Dec(value) : value;
  if (amount.abs().gte(1) || amount.isZero()) return formatDec(amount, 2);
  const text = formatDec(amount, 6);
  return text.replace(/(\.\d\d\d*?)0+$/, '$1');
}

export function ms(value: number): string {
  return value < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(2)} s`;
}

export function percent(share: number, digits = 1): string {
  return `${(share * 100).toFixed(digits)}%`;
}

export function sharePercent(share: number): string {
  return share >= 0.01 ? percent(share, 2) : `${(share * 100).toPrecision(2)}%`;
}

export function perWord(period: SpendProjection['period']): string {
  return period.name === 'range' ? 'over the period' : `a ${period.name}`;
}

export function label(option: Pick<RecommendationOption, 'strategy' | 'models' | 'cascade' | 'split'>): string {
  if (option.strategy === 'cascade' && option.cascade !== undefined) {
    return `the cascade ${option.cascade.small} → ${option.cascade.large} (${percent(option.cascade.escalationRate, 0)} escalate)`;
  }
  if (option.strategy === 'split' && option.split !== undefined) {
    return `the split ${option.split.small} ${percent(1 - option.split.share, 0)} / ${option.split.large} ${percent(option.split.share, 0)}`;
  }
  return option.models[0] ?? '?';
}

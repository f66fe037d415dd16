// An independent exact oracle for per-call cost: BigInt fixed point, reading the table's
// price strings directly. It shares no code with src/estimate (no decimal.js, no compiled
// rates): a price string is parsed into an integer count of 10^-12 USD per million tokens,
// so tokens × price is an integer count of 10^-18 USD.
import type { ModelEntry, PriceSet, ServiceTier, TierRates } from '../src/index.js';

const PRICE_DECIMALS = 12;
const COST_DECIMALS = 18;

/** "0.075" → 75_000_000_000n (10^-12 USD per million tokens). */
export function priceToBig(price: string): bigint {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(price);
  if (match === null) throw new Error(`oracle: not a plain decimal: ${price}`);
  const whole = match[1] ?? '0';
  const fraction = match[2] ?? '';
  if (fraction.length > PRICE_DECIMALS) throw new Error(`oracle: too many decimals: ${price}`);
  return BigInt(whole + fraction.padEnd(PRICE_DECIMALS, '0'));
}

/** An integer count of 10^-scale USD as a canonical decimal string (BigInt digits, a point inserted). */
export function unitsToDecimal(value: bigint, scale: number): string {
  if (value === 0n) return '0';
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
  return (negative ? '-' : '') + (fraction === '' ? whole : `${whole}.${fraction}`);
}

/** An integer count of 10^-18 USD as a canonical decimal string. */
export function attoToUsd(value: bigint): string {
  return unitsToDecimal(value, COST_DECIMALS);
}

/** A canonical decimal string as an integer count of 10^-18 USD. */
export function usdToAtto(value: string): bigint {
  const negative = value.startsWith('-');
  const body = negative ? value.slice(1) : value;
  const [whole = '0', fraction = ''] = body.split('.');
  const big = BigInt(whole + fraction.padEnd(COST_DECIMALS, '0'));
  return negative ? -big : big;
}

export interface OracleUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
  cachedAudioInputTokens?: number;
  audioInputTokens?: number;
  cacheWriteTokens?: number;
  cacheWrite1hTokens?: number;
  reasoningTokens?: number;
  webSearchCalls?: number;
}

export interface OracleCost {
  input: bigint;
  cachedInput: bigint;
  cacheWrite: bigint;
  cacheWrite1h: bigint;
  output: bigint;
  reasoning: bigint;
  fees: bigint;
  total: bigint;
  longContext: boolean;
}

/** The rates of a tier of the newest price period, or undefined when not offered. */
export function tierRates(entry: ModelEntry, tier: ServiceTier): TierRates | undefined {
  const period = entry.prices[entry.prices.length - 1];
  if (period === undefined) return undefined;
  return tier === 'standard' ? period.standard : period[tier];
}

/** Exact cost in 10^-18 USD; undefined when a needed price is absent. */
export function oracleCost(entry: ModelEntry, tier: ServiceTier, usage: OracleUsage): OracleCost | undefined {
  const rates = tierRates(entry, tier);
  if (rates === undefined) return undefined;
  let set: PriceSet = rates;
  let longContext = false;
  for (const candidate of rates.longContext ?? []) {
    if (usage.inputTokens >= candidate.fromInputTokens) {
      set = candidate.prices;
      longContext = true;
    }
  }
  const cached = BigInt(usage.cachedInputTokens ?? 0);
  const write = BigInt(usage.cacheWriteTokens ?? 0);
  const write1h = BigInt(usage.cacheWrite1hTokens ?? 0);
  const uncached = BigInt(usage.inputTokens) - cached - write - write1h;
  const cachedAudio = BigInt(usage.cachedAudioInputTokens ?? 0);
  const audio = BigInt(usage.audioInputTokens ?? 0);
  const need = (tokens: bigint, price: string | undefined): bigint | undefined => (tokens === 0n ? 0n : price === undefined ? undefined : tokens * priceToBig(price));
  const text = need(uncached - audio, set.inputPerMillion);
  const audioCost = need(audio, set.audioInputPerMillion);
  const input = text === undefined || audioCost === undefined ? undefined : text + audioCost;
  const cachedText = need(cached - cachedAudio, set.cachedInputPerMillion);
  const cachedAudioCost = need(cachedAudio, set.cachedAudioInputPerMillion);
  const cachedInput = cachedText === undefined || cachedAudioCost === undefined ? undefined : cachedText + cachedAudioCost;
  const cacheWrite = need(write, set.cacheWritePerMillion);
  const cacheWrite1h = need(write1h, set.cacheWrite1hPerMillion);
  const output = need(BigInt(usage.outputTokens), set.outputPerMillion);
  const reasoning = need(BigInt(usage.reasoningTokens ?? 0), set.outputPerMillion);
  const period = entry.prices[entry.prices.length - 1];
  const fee = period?.fees?.webSearchPerThousandCalls;
  // fee per 1,000 calls: calls × fee / 1000 USD = calls × priceToBig(fee) × 10^3 in 10^-18 USD
  const fees = (usage.webSearchCalls ?? 0) === 0 ? 0n : fee === undefined ? undefined : BigInt(usage.webSearchCalls ?? 0) * priceToBig(fee) * 1000n;
  if (input === undefined || cachedInput === undefined || cacheWrite === undefined || cacheWrite1h === undefined || output === undefined || reasoning === undefined || fees === undefined) {
    return undefined;
  }
  return { input, cachedInput, cacheWrite, cacheWrite1h, output, reasoning, fees, total: input + cachedInput + cacheWrite + cacheWrite1h + output + fees, longContext };
}

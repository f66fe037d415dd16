// Prices compiled to integer units for exact, fast per-call arithmetic.
//
// A price of p USD per million tokens is p·10^(S-6) units of 10^-S USD per token. S is
// chosen per model and tier so that every rate is an integer (S = 12, pico-USD, covers
// prices with up to six decimals per million; more decimals raise S). Token counts are
// safe integers, so each product tokens × rate is an exact integer; it is kept in a JS
// number only while Number.isSafeInteger says the result is exact (below 2^53), and is
// recomputed with BigInt otherwise. No fraction ever passes through a binary float, and no
// decimal.js: the prices are canonical decimal strings, read digit by digit.
import type { Fees, PriceSet, TierRates } from '../pricing/types.js';
import { pointed } from '../pricing/digits.js';

/** Rates of one price set in units of 10^-scale USD per token; -1 = not offered. */
export interface CompiledPriceSet {
  readonly input: number;
  readonly cachedInput: number;
  readonly cacheWrite: number;
  readonly cacheWrite1h: number;
  readonly output: number;
  readonly audioInput: number;
  readonly cachedAudioInput: number;
  readonly big: {
    readonly input: bigint;
    readonly cachedInput: bigint;
    readonly cacheWrite: bigint;
    readonly cacheWrite1h: bigint;
    readonly output: bigint;
    readonly audioInput: bigint;
    readonly cachedAudioInput: bigint;
  };
}

export interface CompiledRates {
  readonly scale: number;
  readonly base: CompiledPriceSet;
  /** Long-context tiers, thresholds ascending. */
  readonly longContext: ReadonlyArray<{ readonly fromInputTokens: number; readonly set: CompiledPriceSet }>;
  /** Fee per web search call in units; -1 = not offered. */
  readonly webSearch: number;
  readonly webSearchBig: bigint;
}

/** Digits after the point of a canonical decimal string (0 for none). */
const decimalsOf = (text = ''): number => text.split('.')[1]?.length ?? 0;

function toUnits(perMillion: string | undefined, scale: number, shift: number): bigint {
  // A validated price is a canonical decimal string: its digits times 10^(scale - shift - decimals);
  // scale is chosen so that the power is whole (BigInt throws otherwise).
  return perMillion === undefined ? -1n : BigInt(perMillion.replace('.', '')) * 10n ** BigInt(scale - shift - decimalsOf(perMillion));
}

/** The price keys of a compiled set, in the order of {@link PriceSet} (`input` ← `inputPerMillion`). */
const SET_KEYS = ['input', 'cachedInput', 'cacheWrite', 'cacheWrite1h', 'output', 'audioInput', 'cachedAudioInput'] as const;

const perMillion = (prices: PriceSet, key: (typeof SET_KEYS)[number]): string | undefined => prices[`${key}PerMillion`];

function compileSet(prices: PriceSet, scale: number): CompiledPriceSet {
  const big = {} as Record<(typeof SET_KEYS)[number], bigint>;
  const set = { big } as Record<(typeof SET_KEYS)[number], number> & { big: CompiledPriceSet['big'] };
  for (const key of SET_KEYS) set[key] = Number((big[key] = toUnits(perMillion(prices, key), scale, 6)));
  return set;
}

// The last compilation of each tier's rates, with the fees it was made with.
const compiledByRates = new WeakMap<TierRates, readonly [Fees | undefined, CompiledRates]>();

/** Compiles (and memoizes) one tier's rates with the period's fees. */
export function compileRates(rates: TierRates, fees: Fees | undefined): CompiledRates {
  const cached = compiledByRates.get(rates);
  if (cached !== undefined && cached[0] === fees) return cached[1];
  const tiers = rates.longContext ?? [];
  const fee = fees?.webSearchPerThousandCalls;
  // The smallest scale at which every price (per token) and the fee (per call) is an integer, at least pico-USD.
  const scale = Math.max(12, 3 + decimalsOf(fee), ...[rates, ...tiers.map((tier) => tier.prices)].flatMap((set) => SET_KEYS.map((key) => 6 + decimalsOf(perMillion(set, key)))));
  const webSearchBig = toUnits(fee, scale, 3);
  const compiled: CompiledRates = {
    scale,
    base: compileSet(rates, scale),
    longContext: tiers.map((tier) => ({ fromInputTokens: tier.fromInputTokens, set: compileSet(tier.prices, scale) })),
    webSearch: Number(webSearchBig),
    webSearchBig,
  };
  compiledByRates.set(rates, [fees, compiled]);
  return compiled;
}

/** An integer count of 10^-scale USD as a canonical decimal string. */
export function unitsToUsd(units: number | bigint, scale: number): string {
  // pico-USD (every price with up to six decimals per million) on the fast path; any other scale, or an amount of 2^53 or more, through BigInt.
  return scale === 12 && typeof units === 'number' && Number.isSafeInteger(units) && units >= 0 ? picoToUsd(units) : bigUnitsToUsd(BigInt(units), scale);
}

// Four-digit groups as text: FULL[n] is n zero-padded to four digits ("0075"), TRIMMED[n]
// the same without trailing zeros ("0075" -> "0075", "7500" -> "75", "0000" -> "").
// 2 × 10,000 short strings, built once: turning a pico-USD amount into text is then three
// table lookups instead of number-to-string conversions, which dominate a per-call cost.
const FULL: readonly string[] = /* @__PURE__ */ Array.from({ length: 10_000 }, (_, value) => String(value).padStart(4, '0'));
const TRIMMED: readonly string[] = /* @__PURE__ */ FULL.map((text) => text.replace(/0+$/, ''));

/**
 * The hot path: pico-USD (scale 12) as text. The twelve fraction digits are three groups
 * of four, looked up in tables. Every step is exact: `%` of integers below 2^53 is, and so is
 * the quotient of an exact multiple; a remainder below 10^12 over 10^8 is at least 10^-8 from
 * an integer unless it is one, far more than a double's spacing there (2^-39), so its floor is
 * the true quotient.
 */
export function picoToUsd(units: number): string {
  if (units === 0) return '0';
  let whole = 0;
  let remainder = units;
  if (units >= 1e12) {
    remainder = units % 1e12;
    whole = (units - remainder) / 1e12;
    if (remainder === 0) return String(whole);
  }
  const high = Math.floor(remainder / 1e8);
  const low = remainder - high * 1e8;
  // low < 10^8 < 2^31: exact 32-bit integer arithmetic from here
  const middle = (low / 10_000) | 0;
  const last = low - middle * 10_000;
  const head = whole === 0 ? '0.' : `${whole}.`;
  if (last !== 0) return head + FULL[high] + FULL[middle] + TRIMMED[last];
  if (middle !== 0) return head + FULL[high] + TRIMMED[middle];
  return head + TRIMMED[high];
}

function bigUnitsToUsd(units: bigint, scale: number): string {
  if (units === 0n) return '0';
  const text = pointed(String(units < 0n ? -units : units), scale);
  return units < 0n ? `-${text}` : text;
}

// The documented limits of every public entry point (docs/limits.md). Each is refused with
// a typed LlmSpendError, never cut or computed into NaN/Infinity.

/** Longest model id (or alias) looked up; longer ids are UNKNOWN_MODEL without a search. */
export const MAX_MODEL_ID_LENGTH = 256;

/** Most digits before the decimal point of a money amount (10^30 USD). */
export const MAX_MONEY_INTEGER_DIGITS = 30;
/** Most digits after the decimal point of a money amount (10^-30 USD). */
export const MAX_MONEY_FRACTION_DIGITS = 30;
/** Longest money string (sign, digits, point and surrounding spaces). */
export const MAX_MONEY_STRING_LENGTH = 100;

/** Largest token count (per call) in a workload distribution parameter: a billion tokens. */
export const MAX_TOKENS = 1e9;
/** Largest p95 / median (or p95 / mean) ratio of a lognormal: σ ≤ ln(10^4) / 1.645 ≈ 5.6. */
export const MAX_LOGNORMAL_SPREAD = 1e4;
/** Most turns of one conversation, and most calls of one pipeline step per task. */
export const MAX_TURNS = 1_000;
/** Most values in `samples`, most buckets in `histogram`. */
export const MAX_SAMPLES = 100_000;
/** Most calls over a projection period (and the largest call rate a volume may state). */
export const MAX_CALLS = 1e15;
/** Largest monthly growth rate (100 = ×101 a month). */
export const MAX_GROWTH_RATE = 100;
/** Most Monte Carlo draws a projection accepts. */
export const MAX_DRAWS = 1_000_000;
/** Longest `{ from, to }` projection period, in years (of 8,760 hours). */
export const MAX_PERIOD_YEARS = 100;
/** Largest image side in pixels. */
export const MAX_IMAGE_SIDE = 100_000;
/** Most simulated turns (draws × expected turns) in one conversation Monte Carlo. */
export const MAX_SIMULATED_TURNS = 50_000_000;

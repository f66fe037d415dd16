// A small seeded PRNG for projections' Monte Carlo: sfc32 seeded through splitmix32, so
// that the same seed always gives the same stream on every engine. No global state.

/** A source of uniform draws in (0, 1), exclusive at both ends. */
export interface Random {
  /** The next uniform draw in (0, 1). */
  next(): number;
}

/** The seed projections use when none is given. */
export const DEFAULT_SEED = 20260317;

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * A seeded generator. Any finite number is a seed (its integer part and sign are mixed in);
 * the stream depends on nothing else.
 */
export function createRandom(seed: number = DEFAULT_SEED): Random {
  const whole = Math.trunc(Number.isFinite(seed) ? seed : DEFAULT_SEED);
  const mix = splitmix32((whole ^ Math.floor(whole / 2 ** 32)) >>> 0);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix() | 1;
  // sfc32 (Chris Doty-Humphrey's small fast counting generator).
  const next32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let index = 0; index < 12; index += 1) next32();
  return {
    next(): number {
      // 32 random bits, shifted by half a step so that 0 and 1 never occur. The resolution
      // (2^-32, a normal score of about ±6.2) is ample for Monte Carlo bands and corrections.
      return (next32() + 0.5) / 4294967296;
    },
  };
}

/**
 * Randomized rounding: ⌊x⌋ or ⌈x⌉ with the probabilities that keep the mean, so Monte Carlo
 * draws are whole tokens (or calls) without biasing the expectation.
 */
export function roundRandomly(value: number, random: Random): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction === 0) return floor;
  return random.next() < fraction ? floor + 1 : floor;
}

/** The p-quantile of sorted values, linearly interpolated (type 7). */
export function sortedQuantile(sorted: Float64Array | readonly number[], p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = (n - 1) * p;
  const below = Math.floor(position);
  const above = Math.min(n - 1, below + 1);
  const low = sorted[below] ?? 0;
  const high = sorted[above] ?? low;
  return low + (high - low) * (position - below);
}

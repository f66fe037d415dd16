// One seed for every property test; CI prints it (.ci/run), and a failure reproduces with
// FC_SEED=<seed> npm test.
export const FC_SEED = Number(process.env['FC_SEED'] ?? 42);
export const fcOptions = { seed: FC_SEED, numRuns: 300 } as const;

/** mulberry32: a tiny deterministic PRNG, uniform in [0, 1), for test and bench fixtures. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box–Muller on mulberry32), for independent simulations in tests. */
export function normals(seed: number): () => number {
  const uniform = mulberry32(seed);
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    const u = 1 - uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/** Whole units: ⌊x⌋ or ⌈x⌉ keeping the mean (the projection's documented rounding of draws). */
export function whole(x: number, uniform: () => number): number {
  const floor = Math.floor(x);
  return uniform() < x - floor ? floor + 1 : floor;
}

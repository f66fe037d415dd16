// One seed for every property test; CI prints it (.ci/run), and a failure reproduces with
// FC_SEED=<seed> npm test.
export const FC_SEED = Number(process.env['FC_SEED'] ?? 42);
export const fcOptions = { seed: FC_SEED, numRuns: 300 } as const;

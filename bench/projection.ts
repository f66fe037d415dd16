// Projection benchmark: one month of 1,000,000,000 calls with lognormal input and output
// tokens, projected for ten models. The projection is analytic (moments and a CLT band), so
// its cost does not grow with the number of calls; this measures that claim.
import { projectSpend, type WorkloadInput } from '../src/projection/index.js';

export interface ProjectionBenchOptions {
  readonly quick: boolean;
  readonly log?: (line: string) => void;
}

export interface ProjectionBenchResult {
  readonly markdown: string;
  /** Median milliseconds to project the workload on all ten models, warmed up. */
  readonly warmMs: number;
  /** Milliseconds of the very first pass (cold: compiling prices, JIT). */
  readonly coldMs: number;
}

const MODELS = [
  'gpt-5.4-mini',
  'gpt-5.4-nano',
  'gpt-5-mini',
  'gpt-5-nano',
  'gpt-4o-mini',
  'gpt-4.1-mini',
  'gpt-4.1-nano',
  'claude-haiku-4-5',
  'gemini-2.5-flash',
  'mistral-small-2603',
] as const;

const WORKLOAD: WorkloadInput = {
  volume: { calls: 1_000_000_000, per: 'month' },
  tokens: {
    input: { lognormal: { median: 800, p95: 3000 } },
    output: { lognormal: { median: 40, p95: 150 } },
  },
};

function pass(): string[] {
  return MODELS.map((model) => projectSpend(WORKLOAD, { model }).spend.expected);
}

/** Times projecting one month of 10^9 calls on ten models. */
export function runProjection(options: ProjectionBenchOptions): ProjectionBenchResult {
  const log = options.log ?? (() => undefined);
  let started = performance.now();
  const first = pass();
  const coldMs = performance.now() - started;
  const rounds = options.quick ? 5 : 50;
  const times: number[] = [];
  let sink = 0;
  for (let round = 0; round < rounds; round += 1) {
    started = performance.now();
    const spends = pass();
    times.push(performance.now() - started);
    sink += spends.length;
    if (spends.join() !== first.join()) throw new Error('projection bench: results differ between passes (not deterministic)');
  }
  times.sort((a, b) => a - b);
  const warmMs = times[Math.floor(times.length / 2)] ?? Number.NaN;
  log(`projection bench: cold ${coldMs.toFixed(2)} ms, warm median ${warmMs.toFixed(3)} ms over ${rounds} passes (${sink} projections)`);
  const rows = MODELS.map((model, index) => `| ${model} | ${first[index] ?? '?'} |`);
  const markdown = [
    '## Projection: one month of 1,000,000,000 calls on ten models',
    '',
    'Workload: 10^9 calls per month, input lognormal (median 800, p95 3,000 tokens), output lognormal (median 40, p95 150 tokens), standard tier.',
    `Projecting it on all ten models: **${warmMs.toFixed(2)} ms** (median of ${rounds} warm passes; the first, cold pass took ${coldMs.toFixed(1)} ms).`,
    '',
    '| model | expected spend per month (USD) |',
    '| --- | ---: |',
    ...rows,
  ].join('\n');
  return { markdown, warmMs, coldMs };
}

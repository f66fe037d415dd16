// A month of usage records generated from a known plan (seeded), for the fit tests.
import type { ReadItem, UsageRecord } from '../../src/actual/record.js';
import { mulberry32, normals } from '../seed.js';

export const DAY_MS = 86_400_000;
export const START_MS = Date.UTC(2026, 7, 1); // 2026-08-01

/** The truth the log is drawn from. */
export const TRUTH = {
  days: 30,
  triage: {
    callsPerDay: 2000, // at day 0
    growthPerMonth: 0.2, // continuous trend; daily counts get 2 % multiplicative noise
    dailyNoise: 0.02,
    input: { median: 1800, sigma: 0.6 },
    output: { median: 150, sigma: 0.5 },
    prefixTokens: 1100,
    hitRate: 0.9,
  },
  chat: {
    sessionsPerDay: 300,
    turns: { min: 1, max: 7 }, // uniform whole turns: mean 4
    systemTokens: 500,
    user: { median: 200, sigma: 0.7 },
    assistant: { median: 300, sigma: 0.5 },
  },
} as const;

function record(fields: Omit<UsageRecord, 'calls' | 'aggregate' | 'origin'>, line: number): ReadItem {
  return { ok: true, record: { ...fields, calls: 1, aggregate: false, origin: { line, format: 'llm-spend-jsonl' } } };
}

/** The month's records, in time order within each workload (the tests shuffle when they need to). */
export function generateMonth(seed = 7, scale = 1): ReadItem[] {
  const uniform = mulberry32(seed);
  const z = normals(seed + 1);
  const lognormal = (median: number, sigma: number): number => Math.max(1, Math.round(median * Math.exp(sigma * z())));
  const items: ReadItem[] = [];
  let line = 0;
  const t = TRUTH.triage;
  const slope = Math.log(1 + t.growthPerMonth) / (730 / 24);
  for (let day = 0; day < TRUTH.days; day += 1) {
    const calls = Math.round(t.callsPerDay * scale * Math.exp(slope * day) * (1 + t.dailyNoise * z()));
    for (let call = 0; call < calls; call += 1) {
      const input = lognormal(t.input.median, t.input.sigma);
      const output = lognormal(t.output.median, t.output.sigma);
      const hit = uniform() < t.hitRate;
      const cached = hit ? Math.min(t.prefixTokens, input) : 0;
      const at = new Date(START_MS + day * DAY_MS + Math.floor(uniform() * DAY_MS)).toISOString();
      line += 1;
      items.push(record({ at, model: 'gpt-5.4-mini', usage: { inputTokens: input, outputTokens: output, cachedInputTokens: cached }, tags: { workload: 'triage' } }, line));
    }
    const c = TRUTH.chat;
    const sessions = Math.round(c.sessionsPerDay * scale);
    for (let session = 0; session < sessions; session += 1) {
      const turns = c.turns.min + Math.floor(uniform() * (c.turns.max - c.turns.min + 1));
      const start = START_MS + day * DAY_MS + Math.floor(uniform() * 20 * 3_600_000);
      let history = c.systemTokens;
      for (let turn = 0; turn < turns; turn += 1) {
        const user = lognormal(c.user.median, c.user.sigma);
        const assistant = lognormal(c.assistant.median, c.assistant.sigma);
        const input = history + user;
        const cached = turn === 0 ? 0 : history;
        line += 1;
        items.push(
          record(
            {
              at: new Date(start + turn * 30_000).toISOString(),
              model: 'gpt-5.4-mini',
              usage: { inputTokens: input, outputTokens: assistant, cachedInputTokens: cached },
              tags: { feature: 'chat' },
              session: `s-${day}-${session}`,
            },
            line,
          ),
        );
        history = input + assistant;
      }
    }
  }
  return items;
}

/** A seeded Fisher–Yates shuffle. */
export function shuffled<T>(values: readonly T[], seed: number): T[] {
  const uniform = mulberry32(seed);
  const out = [...values];
  for (let index = out.length - 1; index > 0; index -= 1) {
    const other = Math.floor(uniform() * (index + 1));
    [out[index], out[other]] = [out[other]!, out[index]!];
  }
  return out;
}

// Builders of reader items for the what-if and reconciliation tests (readUsageLog is another
// helper's; these tests feed ReadItem streams directly).
import type { ReadItem, UsageRecord } from '../../src/actual/record.js';
import type { Usage } from '../../src/estimate/usage.js';
import type { ServiceTier } from '../../src/pricing/schema.js';

let nextLine = 1;

/** A record read from line `line` of "usage.jsonl". */
export function rec(at: string, model: string, usage: Usage, extra: { tier?: ServiceTier; tags?: Record<string, string>; line?: number; aggregate?: boolean; calls?: number } = {}): UsageRecord {
  const line = extra.line ?? nextLine++;
  return {
    at,
    model,
    ...(extra.tier === undefined ? {} : { tier: extra.tier }),
    usage,
    calls: extra.calls ?? 1,
    aggregate: extra.aggregate ?? false,
    tags: extra.tags ?? {},
    origin: { file: 'usage.jsonl', line, format: 'llm-spend-jsonl' },
  };
}

export const ok = (record: UsageRecord): ReadItem => ({ ok: true, record });

export function unreadable(line: number): ReadItem {
  return { ok: false, problem: { code: 'unreadable', message: `line ${line} is not JSON`, origin: { file: 'usage.jsonl', line, format: 'llm-spend-jsonl' } } };
}

/** The same items as an async stream. */
export async function* streamOf<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) {
    await Promise.resolve();
    yield item;
  }
}

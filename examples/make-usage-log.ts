// Generates the example usage log (examples/usage-log.jsonl) and the matching OpenAI costs export
// (examples/openai-costs-2026-08.json) that docs/actual.md runs `llm-spend actual` and `fit` on.
// Seeded and deterministic: test/examples/usage-log.test.ts checks that the committed files equal
// what this script writes.
//
// August 2026, one line per call in llm-spend's JSONL shape, three workloads tagged by workload
// and team:
//   triage     gpt-5.4-nano  ~45 calls a day, short prompts with a 1,024-token cached prefix
//   summarize  gpt-5.4-mini  ~30 calls a day (growing), long documents; some lines name the
//                            dated snapshot gpt-5.4-mini-2026-03-17
//   assistant  gpt-5.6-sol   ~16 calls a day in sessions of 1-6 turns, with reasoning; its price
//                            changes on 2026-08-21 (the bundled catalog has both prices)
// plus one line cut short (unreadable) and one call to a misspelt model (unknown), so that the
// report shows how problems are counted and listed.
//
// The bill charges each model and day to the cent per line item (input, cached input, output),
// as the OpenAI costs API reports it, with one planted discrepancy: on 2026-08-21 gpt-5.6-sol is
// billed at its price of the day before (the change applied a day late).
//
// Run: npx tsx examples/make-usage-log.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { priceRecord } from '../src/actual/price.js';
import type { UsageRecord } from '../src/actual/record.js';
import { roundUsd, sumUsd } from '../src/index.js';

const SEED = 20260801;
const DAYS = 31;
const START_MS = Date.UTC(2026, 7, 1);
const DAY_MS = 86_400_000;
/** The day the bill applies gpt-5.6-sol's new price a day late. */
const PLANTED_DAY = '2026-08-21';

/** mulberry32: a small seeded generator of uniforms in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Draw {
  uniform(): number;
  normal(): number;
  /** A lognormal whole number of tokens with this median and p95, at least `min`. */
  tokens(median: number, p95: number, min?: number): number;
  /** A count near `mean` (a rounded normal with the Poisson spread). */
  count(mean: number): number;
}

function draw(seed: number): Draw {
  const uniform = mulberry32(seed);
  const normal = (): number => {
    const u = Math.max(uniform(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
  return {
    uniform,
    normal,
    tokens: (median, p95, min = 1) => Math.max(min, Math.round(median * Math.exp((Math.log(p95 / median) / 1.6448536269514722) * normal()))),
    count: (mean) => Math.max(0, Math.round(mean + Math.sqrt(mean) * normal())),
  };
}

interface Line {
  readonly ms: number;
  readonly text: string;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

function line(ms: number, model: string, usage: Record<string, number>, tags: Record<string, string>, session?: string): Line {
  const record: Record<string, unknown> = { at: iso(ms), model, usage, tags };
  if (session !== undefined) record['session'] = session;
  return { ms, text: JSON.stringify(record) };
}

/** The log's lines, in time order. */
export function makeUsageLog(seed: number = SEED): string {
  const d = draw(seed);
  const lines: Line[] = [];
  let sessions = 0;
  for (let day = 0; day < DAYS; day += 1) {
    const dayMs = START_MS + day * DAY_MS;
    const at = (): number => dayMs + Math.floor(d.uniform() * DAY_MS / 1000) * 1000;
    // triage on nano: short tickets, a 1,024-token system prompt cached on most calls.
    for (let call = d.count(45); call > 0; call -= 1) {
      const input = d.tokens(1600, 3600, 1100);
      const cached = d.uniform() < 0.8 ? 1024 : 0;
      lines.push(line(at(), 'gpt-5.4-nano', { inputTokens: input, ...(cached > 0 ? { cachedInputTokens: cached } : {}), outputTokens: d.tokens(70, 160) }, { workload: 'triage', team: 'support' }));
    }
    // summarize on mini: long documents, growing through the month.
    for (let call = d.count(26 * Math.exp((0.15 / 30) * day)); call > 0; call -= 1) {
      const model = d.uniform() < 0.25 ? 'gpt-5.4-mini-2026-03-17' : 'gpt-5.4-mini';
      lines.push(line(at(), model, { inputTokens: d.tokens(5200, 14000, 400), outputTokens: d.tokens(380, 800) }, { workload: 'summarize', team: 'growth' }));
    }
    // assistant on gpt-5.6-sol: sessions of 1-6 turns, reasoning included in the output.
    for (let session = d.count(6); session > 0; session -= 1) {
      sessions += 1;
      const id = `s-${String(sessions).padStart(4, '0')}`;
      const turns = 1 + Math.floor(d.uniform() * 6);
      let ms = at();
      for (let turn = 0; turn < turns; turn += 1) {
        const reasoning = d.tokens(240, 900);
        const output = d.tokens(420, 1200, 20) + reasoning;
        lines.push(line(ms, 'gpt-5.6-sol', { inputTokens: d.tokens(7000, 20000, 500), outputTokens: output, reasoningTokens: reasoning }, { workload: 'assistant', team: 'research' }, id));
        ms += 30_000 + Math.floor(d.uniform() * 240) * 1000;
      }
    }
  }
  lines.sort((a, b) => a.ms - b.ms || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  const texts = lines.map((item) => item.text);
  // Two lines that cannot be priced: one cut short by a crash, one misspelt model.
  const cut = texts.findIndex((text) => text.includes('"2026-08-14T'));
  const cutLine = texts[cut] ?? '';
  texts[cut] = cutLine.slice(0, Math.floor(cutLine.length / 2));
  const typo = texts.findIndex((text) => text.includes('"2026-08-27T') && text.includes('"gpt-5.4-mini"'));
  texts[typo] = (texts[typo] ?? '').replace('"gpt-5.4-mini"', '"gpt-5.4-mnii"');
  return `${texts.join('\n')}\n`;
}

/** The OpenAI costs export of the same month: per day and model, three line items to the cent. */
export function makeBill(log: string): string {
  const cells = new Map<string, { input: string[]; cached: string[]; output: string[] }>();
  let line = 0;
  for (const text of log.split('\n')) {
    line += 1;
    let parsed: { at: string; model: string; usage: Record<string, number> };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      continue; // the unreadable line: never billed (it was a call, but the log lost it)
    }
    const day = parsed.at.slice(0, 10);
    const record: UsageRecord = { at: parsed.at, model: parsed.model, usage: parsed.usage as unknown as UsageRecord['usage'], calls: 1, aggregate: false, tags: {}, origin: { line, format: 'llm-spend-jsonl' } };
    // The planted discrepancy: gpt-5.6-sol on 2026-08-21 billed at the day before's price.
    const priced = priceRecord(day === PLANTED_DAY && parsed.model === 'gpt-5.6-sol' ? { ...record, at: '2026-08-20T12:00:00Z' } : record);
    if (!priced.ok) continue; // the misspelt model: the provider rejected the call, nothing billed
    const key = `${day}\u0000${priced.model}`;
    let cell = cells.get(key);
    if (cell === undefined) {
      cell = { input: [], cached: [], output: [] };
      cells.set(key, cell);
    }
    cell.input.push(priced.cost.input);
    cell.cached.push(priced.cost.cachedInput);
    cell.output.push(priced.cost.output);
  }
  const snapshot: Record<string, string> = { 'gpt-5.4-nano': 'gpt-5.4-nano-2026-03-17', 'gpt-5.4-mini': 'gpt-5.4-mini-2026-03-17', 'gpt-5.6-sol': 'gpt-5.6-sol' };
  const buckets: string[] = [];
  for (let day = 0; day < DAYS; day += 1) {
    const startMs = START_MS + day * DAY_MS;
    const label = iso(startMs).slice(0, 10);
    const results: string[] = [];
    for (const model of Object.keys(snapshot)) {
      const cell = cells.get(`${label}\u0000${model}`);
      if (cell === undefined) continue;
      for (const [kind, parts] of [
        ['input', cell.input],
        ['cached input', cell.cached],
        ['output', cell.output],
      ] as const) {
        const amount = roundUsd(sumUsd(parts), 2);
        results.push(`        { "object": "organization.costs.result", "amount": { "value": ${amount}, "currency": "usd" }, "line_item": "${snapshot[model] ?? model}, ${kind}", "project_id": "proj_main" }`);
      }
    }
    buckets.push(
      ['    {', '      "object": "bucket",', `      "start_time": ${startMs / 1000},`, `      "end_time": ${(startMs + DAY_MS) / 1000},`, '      "results": [', results.join(',\n'), '      ]', '    }'].join('\n'),
    );
  }
  return `{\n  "object": "page",\n  "data": [\n${buckets.join(',\n')}\n  ],\n  "has_more": false,\n  "next_page": null\n}\n`;
}

const here = dirname(fileURLToPath(import.meta.url));
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const log = makeUsageLog();
  // Written only when different, so that running the script (as the examples test does) never
  // rewrites a file another test is reading.
  const write = (name: string, text: string): void => {
    const path = join(here, name);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) writeFileSync(path, text);
  };
  write('usage-log.jsonl', log);
  write('openai-costs-2026-08.json', makeBill(log));
  process.stdout.write(`wrote examples/usage-log.jsonl (${log.split('\n').length - 1} lines, ${Buffer.byteLength(log)} bytes) and examples/openai-costs-2026-08.json\n`);
}

// Actual-spend throughput (issue 14, item 8): records per second for reading and pricing a JSONL
// usage log, against the floor (a bare JSON.parse loop over the same lines) and against
// genai-prices' calcPrice over the same lines, in one process, interleaved rounds, median kept.
// (b) is summarizeSpend(readUsageLog(stream)): summarizeSpend drains the read chunk by chunk and
// sums plain records per row and price set; (b2) hides the generator behind another, so every item
// is built and awaited (the path of what-if, reconcile and any wrapped iterable).
//
//   npx tsx bench/actual.ts            200,000 records
//   npx tsx bench/actual.ts --quick     20,000 records
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calcPrice } from '@pydantic/genai-prices';
import { readUsageLog } from '../src/actual/read.js';
import { summarizeSpend } from '../src/actual/report.js';
import { mulberry32 } from '../test/seed.js';

export interface ActualBenchOptions {
  readonly quick: boolean;
  /** Progress lines (stderr). */
  readonly log?: (line: string) => void;
}

export interface ActualBenchResult {
  readonly markdown: string;
  readonly records: number;
  /** Records per second, median of the rounds. */
  readonly floor: number;
  readonly llmSpend: number;
  /** The same through a wrapping generator: every item awaited one by one (the path of any iterable summarizeSpend cannot take over). */
  readonly llmSpendItems: number;
  readonly genaiPrices: number;
}

const MODELS = [
  { model: 'gpt-5.4-mini', provider: 'openai' },
  { model: 'gpt-5.6-sol', provider: 'openai' },
  { model: 'claude-haiku-4-5', provider: 'anthropic' },
] as const;

function generate(count: number): string {
  const random = mulberry32(14);
  const start = Date.parse('2026-08-01T00:00:00Z');
  const lines: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const { model } = MODELS[Math.floor(random() * MODELS.length)]!;
    const input = 200 + Math.floor(random() * 20_000);
    const cached = random() < 0.5 ? Math.floor(input * random()) : 0;
    const output = 20 + Math.floor(random() * 2000);
    const at = new Date(start + Math.floor((index / count) * 31 * 86_400_000)).toISOString();
    const usage = cached > 0 ? { inputTokens: input, cachedInputTokens: cached, outputTokens: output } : { inputTokens: input, outputTokens: output };
    lines.push(JSON.stringify({ at, model, usage, tags: { team: random() < 0.5 ? 'search' : 'support', feature: `f${Math.floor(random() * 8)}` } }));
  }
  return `${lines.join('\n')}\n`;
}

/** (a) the floor: read the file, split it, JSON.parse each line and touch one field. */
function floor(file: string): number {
  const text = readFileSync(file, 'utf8');
  let lines = 0;
  let tokens = 0;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if (end < 0) break;
    const value = JSON.parse(text.slice(start, end)) as { usage: { inputTokens: number } };
    tokens += value.usage.inputTokens;
    lines += 1;
    start = end + 1;
  }
  if (tokens <= 0) throw new Error('bench: nothing parsed');
  return lines;
}

/** (b) llm-spend: stream the file through readUsageLog into summarizeSpend, grouped by model and day. */
async function llmSpend(file: string): Promise<{ records: number; total: string }> {
  const report = await summarizeSpend(readUsageLog(createReadStream(file), { format: 'llm-spend-jsonl' }), { groupBy: ['model', 'day'] });
  if (report.counts.problems > 0) throw new Error(`bench: ${report.counts.problems} problems`);
  return { records: report.counts.priced, total: report.total.cost.total };
}

/** (b2) the same, items one by one through a wrapping generator (summarizeSpend's path for any other iterable). */
async function llmSpendItems(file: string): Promise<{ records: number; total: string }> {
  async function* each<T, R>(items: AsyncGenerator<T, R, undefined>): AsyncGenerator<T, R, undefined> {
    for (;;) {
      const step = await items.next();
      if (step.done === true) return step.value;
      yield step.value;
    }
  }
  const report = await summarizeSpend(each(readUsageLog(createReadStream(file), { format: 'llm-spend-jsonl' })), { groupBy: ['model', 'day'] });
  if (report.counts.problems > 0) throw new Error(`bench: ${report.counts.problems} problems`);
  return { records: report.counts.priced, total: report.total.cost.total };
}

const PROVIDER: Readonly<Record<string, string>> = Object.fromEntries(MODELS.map(({ model, provider }) => [model, provider]));

/** (c) genai-prices: the same lines, JSON.parse then calcPrice at the record's date, summed as floats (its results are numbers). */
function genaiPrices(file: string): { records: number; total: number } {
  const text = readFileSync(file, 'utf8');
  let records = 0;
  let total = 0;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if (end < 0) break;
    const value = JSON.parse(text.slice(start, end)) as { at: string; model: string; usage: { inputTokens: number; cachedInputTokens?: number; outputTokens: number } };
    const result = calcPrice({ input_tokens: value.usage.inputTokens, cache_read_tokens: value.usage.cachedInputTokens ?? 0, output_tokens: value.usage.outputTokens }, value.model, {
      providerId: PROVIDER[value.model]!,
      timestamp: new Date(value.at),
    });
    if (result === null || result === undefined) throw new Error(`bench: genai-prices has no price for ${value.model}`);
    total += result.total_price;
    records += 1;
    start = end + 1;
  }
  return { records, total };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function runActualBench(options: ActualBenchOptions): Promise<ActualBenchResult> {
  const count = options.quick ? 20_000 : 200_000;
  const rounds = options.quick ? 3 : 5;
  const directory = mkdtempSync(join(tmpdir(), 'llm-spend-bench-'));
  const file = join(directory, 'usage.jsonl');
  try {
    writeFileSync(file, generate(count));
    const rates = { floor: [] as number[], llmSpend: [] as number[], llmSpendItems: [] as number[], genaiPrices: [] as number[] };
    let total = '';
    // One warm-up pass of each, then interleaved rounds.
    floor(file);
    await llmSpend(file);
    await llmSpendItems(file);
    genaiPrices(file);
    for (let round = 0; round < rounds; round += 1) {
      let started = performance.now();
      const floorRecords = floor(file);
      rates.floor.push(floorRecords / ((performance.now() - started) / 1000));
      started = performance.now();
      const ours = await llmSpend(file);
      rates.llmSpend.push(ours.records / ((performance.now() - started) / 1000));
      total = ours.total;
      started = performance.now();
      const items = await llmSpendItems(file);
      rates.llmSpendItems.push(items.records / ((performance.now() - started) / 1000));
      if (items.total !== total) throw new Error(`bench: the two llm-spend paths disagree (${total} and ${items.total})`);
      started = performance.now();
      const theirs = genaiPrices(file);
      rates.genaiPrices.push(theirs.records / ((performance.now() - started) / 1000));
      options.log?.(`round ${round + 1}/${rounds}: floor ${Math.round(rates.floor.at(-1)!)}/s, llm-spend ${Math.round(rates.llmSpend.at(-1)!)}/s (item by item ${Math.round(rates.llmSpendItems.at(-1)!)}/s), genai-prices ${Math.round(rates.genaiPrices.at(-1)!)}/s`);
    }
    const result = { floor: median(rates.floor), llmSpend: median(rates.llmSpend), llmSpendItems: median(rates.llmSpendItems), genaiPrices: median(rates.genaiPrices) };
    const ratio = (rate: number): string => (rate > result.floor ? `${(rate / result.floor).toFixed(2)}× faster (noise: the same JSON.parse is inside)` : `${(result.floor / rate).toFixed(2)}× slower`);
    const k = (rate: number): string => `${Math.round(rate / 1000).toLocaleString('en-US')}k`;
    const markdown = [
      `### Actual spend: reading and pricing a JSONL log (${count.toLocaleString('en-US')} records, median of ${rounds} rounds)`,
      '',
      '| path | records/s | vs the floor |',
      '| --- | ---: | ---: |',
      `| (a) bare JSON.parse loop over the lines (the floor) | ${k(result.floor)} | 1.00× |`,
      `| (b) readUsageLog (file stream) + summarizeSpend by model and day, exact | ${k(result.llmSpend)} | ${ratio(result.llmSpend)} |`,
      `| (b2) the same, every item awaited through a wrapping generator | ${k(result.llmSpendItems)} | ${ratio(result.llmSpendItems)} |`,
      `| (c) JSON.parse + genai-prices calcPrice at the record's date, float sum | ${k(result.genaiPrices)} | ${ratio(result.genaiPrices)} |`,
      '',
      `llm-spend is ${(result.llmSpend / result.genaiPrices).toFixed(2)}× the throughput of genai-prices on the same lines; its exact total: $${total}.`,
    ].join('\n');
    return { markdown, records: count, ...result };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const quick = process.argv.includes('--quick');
  const result = await runActualBench({ quick, log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`${result.markdown}\n`);
}

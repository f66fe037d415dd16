// Every reader on a real-looking fixture, with hand-worked figures; hostile lines, CRLF, BOM, a
// line over the limit, format detection and chunk boundaries.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readUsageLog, type ReadStats } from '../../src/actual/read.js';
import type { ReadItem } from '../../src/actual/record.js';
import { summarizeSpend } from '../../src/actual/report.js';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/actual/${name}`, import.meta.url), 'utf8');

async function collect(source: Parameters<typeof readUsageLog>[0], options: Parameters<typeof readUsageLog>[1] = {}): Promise<{ items: ReadItem[]; stats: ReadStats }> {
  const generator = readUsageLog(source, options);
  const items: ReadItem[] = [];
  for (;;) {
    const step = await generator.next();
    if (step.done === true) return { items, stats: step.value };
    items.push(step.value);
  }
}

const records = (items: readonly ReadItem[]) => items.flatMap((item) => (item.ok ? [item.record] : []));
const problems = (items: readonly ReadItem[]) => items.flatMap((item) => (item.ok ? [] : [item.problem]));

describe('readUsageLog formats', () => {
  it('llm-spend JSONL: records, every bad line a problem with its line, blank lines ignored', async () => {
    const { items, stats } = await collect(fixture('usage.jsonl'), { file: 'usage.jsonl' });
    expect(stats).toMatchObject({ format: 'llm-spend-jsonl', lines: 13, records: 7 - 1, problems: 6 });
    expect(records(items).map((record) => record.origin.line)).toEqual([1, 2, 3, 5, 6, 13]);
    expect(problems(items).map((problem) => [problem.origin.line, problem.code])).toEqual([
      [7, 'invalid-usage'],
      [8, 'unreadable'],
      [9, 'invalid-usage'],
      [10, 'invalid-usage'],
      [11, 'tier-unavailable'],
      [12, 'unreadable'],
    ]);
    expect(problems(items)[0]?.origin.file).toBe('usage.jsonl');
    // A date with an offset is normalized to UTC; top-level usage fields read as the usage.
    expect(records(items)[2]).toMatchObject({ at: '2026-08-22T01:30:00.000Z', tier: 'batch', usage: { inputTokens: 5000, outputTokens: 400 }, tags: { team: 'ops' } });
  });

  it('llm-spend JSONL priced: hand-worked totals across the gpt-5.6-sol price change of 2026-08-21', async () => {
    const report = await summarizeSpend(readUsageLog(fixture('usage.jsonl')), { groupBy: ['model'] });
    const byModel = Object.fromEntries(report.rows.map((row) => [row.key['model'], row.cost.total]));
    // 2026-08-20 ($5 / $0.5 / $30): 4000 × 5 + 8000 × 0.5 + 900 × 30 per million = 0.02 + 0.004 + 0.027 = 0.051
    // 2026-08-21 ($4 / $0.4 / $20): 0.016 + 0.0032 + 0.018 = 0.0372
    expect(byModel['gpt-5.6-sol']).toBe('0.0882');
    // batch gpt-5.4-mini ($0.375 / $2.25): 5000 × 0.375 + 400 × 2.25 per million = 0.001875 + 0.0009
    expect(byModel['gpt-5.4-mini']).toBe('0.002775');
    // gpt-4.1-nano on 2026-11-30, after its shutdown: priced, with a warning
    expect(byModel['gpt-4.1-nano']).toBe('0.00014');
    expect(report.warnings.map((warning) => [warning.code, warning.model, warning.records])).toEqual([['priced-after-shutdown', 'gpt-4.1-nano', 1]]);
    expect(report.counts).toEqual({ read: 12, priced: 5, problems: 7, skipped: 0 });
    expect(report.problems.byCode).toEqual({ 'unknown-model': 1, 'invalid-usage': 3, unreadable: 2, 'tier-unavailable': 1 });
    expect(report.counts.read).toBe(report.counts.priced + report.counts.problems + report.counts.skipped);
  });

  it('llm-spend CSV: CRLF, quoted fields with commas, quotes and a newline; extra columns are tags', async () => {
    const { items, stats } = await collect(fixture('usage.csv'));
    expect(stats).toMatchObject({ format: 'llm-spend-csv', records: 3, problems: 2 });
    expect(records(items).map((record) => record.tags)).toEqual([
      { team: 'search', note: 'plain, with a comma' },
      { team: 'search', note: 'a "quoted" note\nover two lines' },
      { team: 'ops' },
    ]);
    expect(problems(items).map((problem) => [problem.origin.line, problem.code])).toEqual([
      [6, 'invalid-usage'],
      [7, 'unreadable'],
    ]);
  });

  it('provider bodies: OpenAI Chat and Responses, wrapped Anthropic, Gemini; a body without a date is a problem', async () => {
    const { items } = await collect(fixture('provider.jsonl'));
    const read = records(items);
    expect(read.map((record) => [record.model, record.tier, record.at])).toEqual([
      ['gpt-5.4-mini-2026-03-17', 'standard', '2026-08-21T08:35:02.000Z'],
      ['gpt-5.6-sol', 'flex', '2026-08-22T08:35:02.000Z'],
      ['claude-haiku-4-5-20251001', 'standard', '2026-08-22T08:00:00Z'],
      ['gemini-2.5-flash', undefined, '2026-08-22T10:00:00Z'],
    ]);
    // Anthropic's input excludes the cache: 50 + 10,000 + 3,000
    expect(read[2]).toMatchObject({ usage: { inputTokens: 13050, cachedInputTokens: 10000, cacheWriteTokens: 2000, cacheWrite1hTokens: 1000 }, tags: { team: 'support' }, session: 'conv-7' });
    // Gemini's candidates exclude thoughts: 300 + 200
    expect(read[3]?.usage).toEqual({ inputTokens: 2000, outputTokens: 500, cachedInputTokens: 500, reasoningTokens: 200 });
    expect(problems(items).map((problem) => [problem.origin.line, problem.code])).toEqual([
      [4, 'unreadable'],
      [6, 'invalid-usage'],
    ]);
  });

  it('OTLP JSON spread over lines: the response model, the conversation, tags; spans without GenAI usage skipped and counted', async () => {
    const { items, stats } = await collect(fixture('otel.json'));
    expect(stats.format).toBe('otel-json');
    expect(stats.skipped).toEqual({ 'span without gen_ai.usage attributes': 1 });
    const [span] = records(items);
    expect(span).toMatchObject({
      at: '2026-08-21T08:35:02.000Z',
      model: 'gpt-5.4-mini-2026-03-17',
      tier: 'standard',
      session: 'conv-42',
      usage: { inputTokens: 1234, outputTokens: 567, cachedInputTokens: 1000, reasoningTokens: 64 },
      tags: { 'service.name': 'support-bot', 'deployment.environment': 'prod' },
    });
    // The third span reports the input without its cache reads: refused, not guessed.
    expect(problems(items).map((problem) => problem.code)).toEqual(['invalid-usage']);
    const report = await summarizeSpend(readUsageLog(fixture('otel.json')));
    expect(report.counts).toEqual({ read: 3, priced: 1, problems: 1, skipped: 1 });
    expect(report.total.cost.total).toBe('0.002802');
  });

  it('OpenAI usage API: aggregates, batch as a tier, a row without a model is a problem', async () => {
    const report = await summarizeSpend(readUsageLog(fixture('openai-usage.json')), { groupBy: ['model', 'tier'] });
    expect(report.rows.map((row) => [row.key['model'], row.key['tier'], row.calls, row.cost.total])).toEqual([
      // 0.8M × 0.75 + 1.2M × 0.075 + 0.15M × 4.5 = 0.6 + 0.09 + 0.675
      ['gpt-5.4-mini', 'batch', 50, '0.6'],
      ['gpt-5.4-mini', 'standard', 800, '1.365'],
      // before 2026-08-21: 3M × 5 + 0.06M × 30, at base rates (the export has no band): warned
      ['gpt-5.6-sol', 'standard', 10, '16.8'],
    ]);
    expect(report.warnings.map((warning) => [warning.code, warning.model])).toEqual([['aggregate-base-rates', 'gpt-5.6-sol']]);
    expect(report.problems.byCode).toEqual({ unreadable: 1 });
  });

  it('Anthropic usage report: the 200k-1M band prices at the long-context rates', async () => {
    const report = await summarizeSpend(readUsageLog(fixture('anthropic-usage.json')), { groupBy: ['tier', 'tag:workspace_id'] });
    expect(report.rows.map((row) => [row.key['tier'], row.key['tag:workspace_id'], row.cost.total])).toEqual([
      // batch, band unknown: 1M × 1.5 + 0.05M × 7.5, warned
      ['batch', '(none)', '1.875'],
      // 0-200k: 2M × 3 + 0.5M × 0.3 + 0.5M × 3.75 + 0.1M × 15 + 20 searches × $10/1000 = 9.725; 200k-1M: 3M × 6 + 0.1M × 22.5 = 20.25
      ['standard', 'wrkspc_01', '29.975'],
    ]);
    expect(report.total.cost.total).toBe('31.85');
    expect(report.total.cost.fees).toBe('0.2');
    expect(report.problems.byCode).toEqual({ 'tier-unavailable': 1 });
  });
});

describe('readUsageLog lines', () => {
  const line = (n: number) => `{"at":"2026-08-01T00:00:00Z","model":"gpt-5.4-mini","usage":{"inputTokens":${n},"outputTokens":1}}`;

  it('drops a BOM, reads CRLF, and bytes split anywhere (inside a multi-byte character too)', async () => {
    const text = `\ufeff${line(1)}\r\n{"at":"2026-08-01T00:00:00Z","model":"gpt-5.4-mini","tags":{"who":"Zoë 🦊"},"usage":{"inputTokens":2,"outputTokens":1}}\r\n`;
    const bytes = new TextEncoder().encode(text);
    const whole = await collect(text);
    const single = await collect([bytes].values());
    const byteByByte = await collect((async function* () {
      for (const byte of bytes) yield new Uint8Array([byte]);
    })());
    expect(records(whole.items).map((record) => record.tags)).toEqual([{}, { who: 'Zoë 🦊' }]);
    expect(single.items).toEqual(whole.items);
    expect(byteByByte.items).toEqual(whole.items);
  });

  it('a line longer than maxLineBytes is a problem and the next line still reads', async () => {
    const huge = `{"at":"2026-08-01T00:00:00Z","model":"gpt-5.4-mini","tags":{"x":"${'é'.repeat(2000)}"},"usage":{"inputTokens":1,"outputTokens":1}}`;
    const chunks = [line(1), '\n', huge.slice(0, 1500), huge.slice(1500), '\n', line(3), '\n'];
    const { items } = await collect(chunks, { maxLineBytes: 1024 });
    expect(items.map((item) => (item.ok ? item.record.origin.line : `${item.problem.origin.line}:${item.problem.code}`))).toEqual([1, '2:unreadable', 3]);
    expect(problems(items)[0]?.message).toContain('longer than maxLineBytes (1024)');
  });

  it('hostile lines become problems, never crashes', async () => {
    const hostile = [
      'null',
      '[]',
      '"text"',
      '{"at":"2026-08-01T00:00:00Z","model":{"toString":1},"usage":{"inputTokens":1,"outputTokens":1}}',
      '{"at":"2026-08-01T00:00:00Z","model":"gpt-5.4-mini","usage":{"inputTokens":1e400,"outputTokens":1}}',
      '{"at":"2026-08-01T00:00:00Z","model":"gpt-5.4-mini","usage":{"inputTokens":9007199254740993,"outputTokens":1}}',
      '{"at":"2026-08-01T00:00:00Z","model":"gpt-5.4-mini","usage":{"inputTokens":"12","outputTokens":1}}',
      '{"at":"2026-08-01T00:00:00Z","model":"gpt-5.4-mini","usage":{"inputTokens":10,"outputTokens":5,"reasoningTokens":6}}',
      '{"at":"2026-08-01T00:00:00Z","model":"gpt-5.4-mini","tags":{"__proto__":{"x":1}},"usage":{"inputTokens":1,"outputTokens":1}}',
      '{"at":12,"model":"gpt-5.4-mini","usage":{"inputTokens":1,"outputTokens":1}}',
      '{"at":"2026-08-01T00:00:00Z","model":"gpt-5.4-mini","usage":null}',
      '{"at":"2026-08-01T00:00:00Z","model":"gpt-5.4-mini","requests":[],"usage":{"inputTokens":1,"outputTokens":1}}',
      '\u0000\u0001',
    ];
    const { items, stats } = await collect(hostile.join('\n'), { format: 'llm-spend-jsonl' });
    expect(stats.records).toBe(0);
    expect(stats.problems).toBe(hostile.length);
    expect(items.every((item) => !item.ok && item.problem.message.length > 0)).toBe(true);
  });

  it('refuses bad options and undetectable input with an actionable error', async () => {
    await expect(collect('x', { format: 'csv' as never })).rejects.toThrow(/Unknown usage log format "csv"/);
    await expect(collect('hello world\n')).rejects.toThrow(/cannot tell the format/);
    await expect(collect([1 as never])).rejects.toThrow(/a chunk was number/);
    await expect(collect('', { maxLineBytes: 0 })).rejects.toThrow(/maxLineBytes/);
    const empty = await collect('\n\n');
    expect(empty.stats).toMatchObject({ format: undefined, lines: 2, records: 0, problems: 0 });
  });
});

// `llm-spend actual`, `fit` and `sql` through the CLI's runAsync (in process, from the sources):
// formats, exit codes, stdin, problems listed, the progress bar (never off a terminal, never on
// stdout), help; and the HTML report in headless Chromium (chart and what-if table).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProgressBar, tee } from '../../src/cli/commands/actual-io.js';
import { runAsync } from '../../src/cli/main.js';
import { parsePlan } from '../../src/cli/plan/index.js';
import { expectCleanError, repo, TODAY } from './helpers.js';

const LOG = 'examples/usage-log.jsonl';
const BILL = 'examples/openai-costs-2026-08.json';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Text as a stream of byte chunks of 4 KiB (a line split across chunks, as a pipe delivers it). */
async function* chunks(text: string): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; at += 4096) yield bytes.subarray(at, at + 4096);
}

async function cli(args: readonly string[], options: { stdin?: string; stderrIsTTY?: boolean; cwd?: string } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runAsync(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: { LLM_SPEND_TODAY: TODAY },
    cwd: options.cwd ?? repo,
    isTTY: false,
    stderrIsTTY: options.stderrIsTTY ?? false,
    stderrColumns: 100,
    ...(options.stdin === undefined ? {} : { stdin: chunks(options.stdin) }),
  });
  return { code, stdout, stderr };
}

let work = '';
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'llm-spend-actual-cli-'));
});
afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

const line = (at: string, model: string, input: number, output: number, tags: Record<string, string> = {}): string => JSON.stringify({ at, model, usage: { inputTokens: input, outputTokens: output }, tags });

describe('llm-spend actual', () => {
  it('prints the table with the hand-worked total across the price change, and lists the problems', async () => {
    // gpt-5.6-sol: $5 / $30 per million before 2026-08-21, $4 / $20 from it.
    // 1000 in + 100 out: 0.005 + 0.003 = 0.008 before; 0.004 + 0.002 = 0.006 after.
    const file = join(work, 'two.jsonl');
    writeFileSync(file, [line('2026-08-20T12:00:00Z', 'gpt-5.6-sol', 1000, 100), line('2026-08-22T12:00:00Z', 'gpt-5.6-sol', 1000, 100), '{"at": broken', line('2026-08-22T13:00:00Z', 'gpt-5.4-mnii', 10, 10)].join('\n'));
    const result = await cli(['actual', file, '--group-by', 'day']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('exact total $0.014');
    expect(result.stdout).toMatch(/2026-08-20 .*\$0\.01\n/);
    expect(result.stdout).toContain('Not priced: 2 records (1 unreadable, 1 unknown-model)');
    expect(result.stdout).toContain('two.jsonl:3 unreadable');
    expect(result.stdout).toContain('two.jsonl:4 unknown-model');
    expect(result.stdout).toContain('"gpt-5.4-mini"');
    expect(result.stderr).toBe('llm-spend actual: 2 records not priced (1 unreadable, 1 unknown-model); 2 listed in the report.\n');
  });

  it('writes JSON with exact totals, reads stdin (-), and the same figures from the file', async () => {
    const text = readFileSync(join(repo, LOG), 'utf8');
    const fromStdin = await cli(['actual', '-', '--format', 'json', '--group-by', 'model,tag:team'], { stdin: text });
    const fromFile = await cli(['actual', LOG, '--format', 'json', '--group-by', 'model,tag:team']);
    expect(fromStdin.code).toBe(0);
    expect(fromFile.code).toBe(0);
    const a = JSON.parse(fromStdin.stdout) as { files: string[]; lines: number; spend: { total: { cost: { total: string } }; counts: { read: number; priced: number; problems: number }; rows: Array<{ key: Record<string, string> }> } };
    const b = JSON.parse(fromFile.stdout) as typeof a;
    expect(a.files).toEqual(['(stdin)']);
    expect(b.files).toEqual([LOG]);
    expect(a.spend.total.cost.total).toBe(b.spend.total.cost.total);
    expect(b.lines).toBe(text.split('\n').length - 1);
    expect(b.spend.counts).toMatchObject({ read: b.lines, problems: 2, priced: b.lines - 2 });
    expect(b.spend.rows.map((row) => `${row.key['model']}/${row.key['tag:team']}`)).toEqual(['gpt-5.4-mini/growth', 'gpt-5.4-nano/support', 'gpt-5.6-sol/research']);
  });

  it('re-prices with --what-if and reconciles with --bill: exit 1 on the planted row, markdown for CI', async () => {
    const result = await cli(['actual', LOG, '--what-if', 'gpt-5.4-nano', '--what-if', ':batch', '--bill', BILL, '--format', 'markdown']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('#### What if: the same records, each re-priced at its own date');
    expect(result.stdout).toMatch(/\| `gpt-5\.4-nano` \| 2,835 \|/);
    expect(result.stdout).toContain('❌ 1 of 92 rows differ beyond rounding:');
    expect(result.stdout).toMatch(/\| 2026-08-21 \| `gpt-5\.6-sol` \|/);
    const json = JSON.parse((await cli(['actual', LOG, '--bill', BILL, '--format', 'json'])).stdout) as { reconcile: { flagged: number; rows: Array<{ day: string; model: string; flagged: boolean }> } };
    expect(json.reconcile.flagged).toBe(1);
    expect(json.reconcile.rows.filter((row) => row.flagged).map((row) => `${row.day} ${row.model}`)).toEqual(['2026-08-21 gpt-5.6-sol']);
  });

  it('exit 0 with a bill that matches: the same export without the planted row', async () => {
    const bill = JSON.parse(readFileSync(join(repo, BILL), 'utf8')) as { data: Array<{ start_time: number; results: Array<{ line_item: string }> }> };
    const day = Date.UTC(2026, 7, 21) / 1000;
    for (const bucket of bill.data) if (bucket.start_time === day) bucket.results = bucket.results.filter((item) => !item.line_item.startsWith('gpt-5.6-sol'));
    const log = join(work, 'no-sol-21.jsonl');
    writeFileSync(log, readFileSync(join(repo, LOG), 'utf8').split('\n').filter((text) => !(text.includes('"2026-08-21T') && text.includes('"gpt-5.6-sol"'))).join('\n'));
    const file = join(work, 'bill.json');
    writeFileSync(file, JSON.stringify(bill));
    const result = await cli(['actual', log, '--bill', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✓ every model and day within rounding');
  });

  it('exit 2 for bad input: unreadable files, bad flags, unknown what-if models, nothing priced', async () => {
    expectCleanError(await cli(['actual', 'missing.jsonl']));
    expect((await cli(['actual', 'missing.jsonl'])).stderr).toContain('cannot read usage log missing.jsonl: no such file or directory (ENOENT)');
    expectCleanError(await cli(['actual', 'examples']));
    expectCleanError(await cli(['actual']));
    expectCleanError(await cli(['actual', LOG, '--group-by', 'modle']));
    expect((await cli(['actual', LOG, '--group-by', 'modle'])).stderr).toContain('Did you mean "model"');
    expectCleanError(await cli(['actual', LOG, '--time-zone', 'Mars/Olympus']));
    expectCleanError(await cli(['actual', LOG, '--what-if', 'gpt-5.4-nanoo']));
    expect((await cli(['actual', LOG, '--what-if', 'gpt-5.4-nanoo'])).stderr).toContain('gpt-5.4-nano');
    expectCleanError(await cli(['actual', LOG, '--what-if', 'gpt-5.4-nano:bacth']));
    expectCleanError(await cli(['actual', LOG, '--bill', 'examples/support-triage.yaml']));
    expectCleanError(await cli(['actual', LOG, '--log-format', 'csv']));
    expectCleanError(await cli(['actual', '-', '-'], { stdin: '' }));
    const bad = join(work, 'bad.jsonl');
    writeFileSync(bad, `${line('2026-08-01T00:00:00Z', 'no-such-model', 1, 1)}\n{"oops"\n`);
    const nothing = await cli(['actual', bad]);
    expectCleanError(nothing);
    expect(nothing.stderr).toContain('none of the 2 records');
    expect(nothing.stderr).toContain('bad.jsonl:1 unknown-model');
    const empty = await cli(['actual', '-'], { stdin: '' });
    expectCleanError(empty);
    expect(empty.stderr).toContain('no usage record in (stdin)');
  });

  it('draws no progress bar off a terminal: stderr holds only the problems line, stdout only the report', async () => {
    const result = await cli(['actual', LOG, '--format', 'json']);
    expect(result.stderr).toBe('llm-spend actual: 2 records not priced (1 unreadable, 1 unknown-model); 2 listed in the report.\n');
    expect(result.stderr).not.toContain('\r');
    expect(() => JSON.parse(result.stdout) as unknown).not.toThrow();
    // On a terminal the bar goes to stderr (and is erased), never to stdout.
    const tty = await cli(['actual', LOG, '--format', 'json'], { stderrIsTTY: true });
    expect(tty.stdout).toBe(result.stdout);
    expect(tty.stdout).not.toContain('\r');
  });

  it('the progress bar: throttled, bytes of the total, erased at the end, silent when disabled', () => {
    let time = 0;
    const writes: string[] = [];
    const bar = new ProgressBar((text) => writes.push(text), true, 2_000_000, 100, () => time);
    bar.file('log.jsonl');
    bar.add(100_000); // before the delay: nothing
    time = 300;
    bar.add(400_000);
    time = 350;
    bar.add(100_000); // within the interval: nothing
    time = 500;
    bar.add(500_000);
    bar.finish();
    expect(writes).toHaveLength(3);
    expect(writes[0]).toMatch(/^\r\u001b\[Kreading \[#+\.+\]  25% 500\.0 kB \/ 2\.0 MB log\.jsonl$/);
    expect(writes[1]).toContain(' 55% 1.1 MB / 2.0 MB');
    expect(writes[2]).toBe('\r\u001b[K');
    const silent: string[] = [];
    const off = new ProgressBar((text) => silent.push(text), false, 10, 100, () => (time += 1000));
    off.add(5);
    off.add(5);
    off.finish();
    expect(silent).toEqual([]);
  });

  it('tee gives every consumer every item and the return value', async () => {
    async function* source(): AsyncGenerator<number, string> {
      for (let index = 0; index < 3000; index += 1) yield index;
      return 'done';
    }
    const branches = tee(source(), 3);
    const drain = async (branch: AsyncIterable<number>): Promise<[number, number, unknown]> => {
      const iterator = branch[Symbol.asyncIterator]() as AsyncIterator<number, unknown>;
      let sum = 0;
      let items = 0;
      for (;;) {
        const step = await iterator.next();
        if (step.done === true) return [items, sum, step.value];
        items += 1;
        sum += step.value;
      }
    };
    const results = await Promise.all(branches.map(drain));
    for (const result of results) expect(result).toEqual([3000, (2999 * 3000) / 2, 'done']);
  });

  it('help: llm-spend help actual|fit|sql and --help', async () => {
    for (const command of ['actual', 'fit', 'sql']) {
      const viaHelp = await cli(['help', command]);
      expect(viaHelp.code).toBe(0);
      expect(viaHelp.stdout).toContain(`Usage: llm-spend ${command}`);
      expect((await cli([command, '--help'])).stdout).toBe(viaHelp.stdout);
    }
    expect((await cli(['help', 'actual'])).stdout).toContain('1 --bill found differences beyond rounding');
    expect((await cli(['--help'])).stdout).toMatch(/actual <files…>[\s\S]*fit <files…>[\s\S]*sql --dialect/);
  });
});

describe('llm-spend fit', () => {
  it('writes a YAML plan with the fit figures in comments that parsePlan accepts, and prints the report', async () => {
    const out = join(work, 'fitted.yaml');
    const result = await cli(['fit', LOG, '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Fitted 3 workloads');
    expect(result.stdout).toContain('Next: llm-spend plan');
    const yaml = readFileSync(out, 'utf8');
    expect(yaml).toMatch(/^# Fitted by llm-spend .* fit from examples\/usage-log\.jsonl/);
    expect(yaml).toMatch(/# input tokens: lognormal \(KS D 0\.\d+ ≤ 0\.\d+, p [\d.]+\)/);
    const plan = parsePlan(yaml, { file: 'fitted.yaml' } as never) as unknown as { workloads: Array<{ name: string; model?: string }> };
    expect(plan.workloads.map((workload) => `${workload.name}:${workload.model ?? ''}`).sort()).toEqual(['assistant:gpt-5.6-sol', 'summarize:gpt-5.4-mini', 'triage:gpt-5.4-nano']);
    const plan2 = await cli(['plan', out, '--format', 'json']);
    expect(plan2.code, plan2.stderr).toBe(0);
  });

  it('prints the plan on stdout without --out, groups by another tag, JSON report; exit 2 for bad input', async () => {
    const plain = await cli(['fit', LOG, '--workload-tag', 'team']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^# Fitted by llm-spend/);
    expect(plain.stdout).toContain('- name: research');
    const json = await cli(['fit', LOG, '--out', join(work, 'f.yaml'), '--format', 'json']);
    expect((JSON.parse(json.stdout) as { report: { workloads: unknown[] } }).report.workloads).toHaveLength(3);
    expectCleanError(await cli(['fit', 'missing.jsonl', '--out', join(work, 'x.yaml')]));
    expectCleanError(await cli(['fit', LOG, '--format', 'html', '--out', join(work, 'x.yaml')]));
    expectCleanError(await cli(['fit']));
  });
});

describe('llm-spend sql', () => {
  it('prints SQL for DuckDB and PostgreSQL with the user column names', async () => {
    const duck = await cli(['sql', '--dialect', 'duckdb', '--table', 'usage', '--column', 'at=ts', '--models', 'gpt-5.4-mini,gpt-5.4-nano', '--output', 'by-model-day']);
    expect(duck.code).toBe(0);
    expect(duck.stdout).toContain('"ts"');
    expect(duck.stdout).toContain('gpt-5.4-nano');
    expect(duck.stdout).not.toContain('gpt-5.6-sol');
    const pg = await cli(['sql', '--dialect', 'postgres', '--table', 'analytics.usage', '--column', 'cached_input_tokens=cached', '--price-table', 'create', '--output', 'total']);
    expect(pg.code).toBe(0);
    expect(pg.stdout).toMatch(/CREATE TABLE/i);
    expect(pg.stdout).toContain('"cached"');
    expectCleanError(await cli(['sql', '--table', 'usage']));
    expectCleanError(await cli(['sql', '--dialect', 'mysql', '--table', 'usage']));
    expectCleanError(await cli(['sql', '--dialect', 'duckdb']));
    expectCleanError(await cli(['sql', '--dialect', 'duckdb', '--table', 'usage', '--column', 'inputs=x']));
    expectCleanError(await cli(['sql', '--dialect', 'duckdb', '--table', 'usage', '--output', 'sum']));
  });

  it('runs in DuckDB on the example log: the SQL total equals llm-spend actual to the last digit', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const sql = (await cli(['sql', '--dialect', 'duckdb', '--table', 'usage', '--column', 'cached_input_tokens=cached_input_tokens', '--column', 'reasoning_tokens=reasoning_tokens', '--output', 'total'])).stdout;
    const rows = readFileSync(join(repo, LOG), 'utf8')
      .split('\n')
      .flatMap((text) => {
        try {
          const record = JSON.parse(text) as { at: string; model: string; usage: Record<string, number> };
          return [record];
        } catch {
          return [];
        }
      });
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run('CREATE TABLE usage ("at" TIMESTAMP, model VARCHAR, input_tokens BIGINT, cached_input_tokens BIGINT, output_tokens BIGINT, reasoning_tokens BIGINT)');
    const values = rows.map((row) => `(TIMESTAMP '${row.at.replace('T', ' ').replace('Z', '')}', '${row.model}', ${row.usage['inputTokens'] ?? 0}, ${row.usage['cachedInputTokens'] ?? 0}, ${row.usage['outputTokens'] ?? 0}, ${row.usage['reasoningTokens'] ?? 0})`);
    await connection.run(`INSERT INTO usage VALUES ${values.join(',')}`);
    const reader = await connection.runAndReadAll(sql);
    const result = reader.getRowObjectsJson()[0] as Record<string, unknown>;
    const expected = (JSON.parse((await cli(['actual', LOG, '--format', 'json'])).stdout) as { spend: { total: { cost: { total: string } } } }).spend.total.cost.total;
    expect(result['priced_rows']).toBe(String(rows.length - 1)); // the misspelt model is unpriced
    expect(result['unpriced_rows']).toBe('1');
    expect(String(result['cost']).replace(/0+$/, '').replace(/\.$/, '')).toBe(expected);
    connection.closeSync();
  });
});

const CHROMIUM = '/usr/bin/chromium';
describe.skipIf(!existsSync(CHROMIUM) && process.env['CI'] !== 'true')('llm-spend actual --format html in headless Chromium', () => {
  it('renders the per-day chart by model and the what-if table, with no request and no console error', async () => {
    const file = join(work, 'actual.html');
    const made = await cli(['actual', LOG, '--what-if', 'gpt-5.4-nano', '--what-if', 'gpt-5.4-mini', '--bill', BILL, '--out', file]);
    expect(made.code).toBe(1);
    expect(made.stdout).toBe('');
    const profile = mkdtempSync(join(tmpdir(), 'llm-spend-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1000, height: 900 },
    });
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      const requests: string[] = [];
      const url = pathToFileURL(file).href;
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('request', (request) => {
        if (request.url() !== url) requests.push(request.url());
      });
      await page.goto(url, { waitUntil: 'load' });
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
      expect(await page.locator('#chart-daily svg.chart').count()).toBe(1);
      expect(await page.locator('#chart-daily g.day').count()).toBe(31);
      const models = await page.locator('#chart-daily rect.bar').evaluateAll((rects) => [...new Set(rects.map((rect) => rect.getAttribute('data-model')))].sort());
      expect(models).toEqual(['gpt-5.4-mini', 'gpt-5.4-nano', 'gpt-5.6-sol']);
      const box = await page.locator('#chart-daily svg.chart').boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(500);
      const scenarios = await page.locator('#what-if-table tr[data-scenario]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-scenario')));
      expect(scenarios).toEqual(['gpt-5.4-nano', 'gpt-5.4-mini']);
      expect(await page.locator('#chart-what-if svg.chart rect.bar').count()).toBe(3);
      expect(await page.locator('#bill-table tr.flagged').count()).toBe(1);
      expect(await page.locator('#problem-list li').count()).toBe(2);
      await page.screenshot({ path: join(tmpdir(), 'llm-spend-actual-report.png'), fullPage: true });
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 120_000);
});

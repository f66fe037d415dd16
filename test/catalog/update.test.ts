// Updating without a release (issue 11, item 7): loadPricing and `llm-spend catalog update`
// against a LOCAL HTTP server (127.0.0.1, port 0) serving the vendored snapshots. No network
// beyond loopback. Timeouts assert the error, never a duration.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAsync, type CliIo } from '../../src/cli/main.js';
import { estimateCost, getModel, isLlmSpendError, type LlmSpendError } from '../../src/index.js';
import { loadPricing } from '../../src/pricing/convert/index.js';

const vendor = (path: string): string => readFileSync(new URL(`../../vendor/${path}`, import.meta.url), 'utf8');
const NPM = vendor('genai-prices-npm-0.1.8/providers.json');
const OPENAI_YML = vendor('genai-prices-2026-08-21/openai.yml');
const LITELLM = vendor('litellm-2026-08-01/model_prices_and_context_window.json');
const DATE_HEADER = 'Wed, 23 Sep 2026 10:00:00 GMT';

/** A small llm-spend table: gpt-5.4-mini at a new price, gpt-5.4 unchanged, one new model; other OpenAI models absent. */
const SMALL_TABLE = JSON.stringify({
  version: 1,
  checkedAt: '2026-12-01',
  models: [
    {
      id: 'gpt-5.4-mini', provider: 'openai', modalities: { input: ['text'], output: ['text'] }, reasoning: true,
      prices: [{ standard: { inputPerMillion: '0.8', cachedInputPerMillion: '0.075', outputPerMillion: '4.5' }, sources: [{ url: 'https://example.test/pricing', checkedAt: '2026-12-01' }] }],
    },
    {
      id: 'gpt-5.4', provider: 'openai', modalities: { input: ['text'], output: ['text'] }, reasoning: true,
      prices: [{ standard: { inputPerMillion: '2.5', cachedInputPerMillion: '0.25', outputPerMillion: '15' }, sources: [{ url: 'https://example.test/pricing', checkedAt: '2026-12-01' }] }],
    },
    {
      id: 'gpt-7-preview', provider: 'openai', modalities: { input: ['text'], output: ['text'] }, reasoning: true,
      prices: [{ standard: { inputPerMillion: '3', outputPerMillion: '12' }, sources: [{ url: 'https://example.test/pricing', checkedAt: '2026-12-01' }] }],
    },
  ],
});

let server: Server;
let base: string;
let dir: string;

function serve(request: IncomingMessage, response: ServerResponse): void {
  const send = (type: string, body: string): void => {
    response.writeHead(200, { 'content-type': type, date: DATE_HEADER });
    response.end(body);
  };
  switch (request.url) {
    case '/genai-prices/providers.json':
      return send('application/json', NPM);
    case '/genai-prices/openai.yml':
      return send('application/yaml', OPENAI_YML);
    case '/litellm.json':
      return send('application/json', LITELLM);
    case '/small.json':
      return send('application/json', SMALL_TABLE);
    case '/malformed.json':
      return send('application/json', '{"version": 1, "models": [');
    case '/not-a-table.json':
      return send('application/json', '{"hello": "world"}');
    case '/invalid-table.json':
      return send('application/json', JSON.stringify({ version: 1, checkedAt: '2026-12-01', models: [{ id: 'x', provider: 'p', modalities: { input: ['text'], output: ['text'] }, reasoning: false, prices: [{ standard: { inputPerMillion: '-1', outputPerMillion: '1' }, sources: [{ url: 'u', checkedAt: '2026-12-01' }] }] }] }));
    case '/hang':
      return; // never answers
    default:
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'llm-spend-catalog-update-'));
  server = createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<LlmSpendError> {
  try {
    await promise;
  } catch (error) {
    if (isLlmSpendError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

async function cli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), env: {}, cwd: dir, isTTY: false };
  const code = await runAsync(args, io);
  return { code, stdout, stderr };
}

describe('loadPricing from a local HTTP server', () => {
  it('fetches the genai-prices npm data and detects the format; its tier start is converted as written (exclusive)', async () => {
    const pricing = await loadPricing(`${base}/genai-prices/providers.json`);
    expect(pricing.models.length).toBeGreaterThan(300);
    // npm 0.1.8 writes gpt-5.4's tier as start 271999 (`> 271999`): from 272,000 inclusive, a
    // listed conflict of the bundled catalog (which takes ">272K" from the fact sheet).
    expect(getModel('gpt-5.4', { pricing }).prices.at(-1)?.standard.longContext?.[0]?.fromInputTokens).toBe(272_000);
    expect(estimateCost({ model: 'gpt-5.4', inputTokens: 271_999, outputTokens: 0, pricing }).total).toBe('0.6799975');
    expect(estimateCost({ model: 'gpt-5.4', inputTokens: 272_000, outputTokens: 0, pricing }).total).toBe('1.36');
  });

  it('reads a genai-prices provider file (YAML): start 272000 is from 272,001; undated prices take the date of the Date header', async () => {
    const pricing = await loadPricing(`${base}/genai-prices/openai.yml`, { format: 'genai-prices' });
    expect(getModel('gpt-5.4', { pricing }).prices.at(-1)?.standard.longContext?.[0]?.fromInputTokens).toBe(272_001);
    expect(estimateCost({ model: 'gpt-5.4', inputTokens: 272_000, outputTokens: 0, pricing }).total).toBe('0.68');
    expect(estimateCost({ model: 'gpt-5.4', inputTokens: 272_001, outputTokens: 0, pricing }).total).toBe('1.360005');
    expect(pricing.checkedAt).toBe('2026-09-23');
    const sources = pricing.models.flatMap((entry) => entry.prices.flatMap((period) => period.sources));
    expect(sources.every((source) => /^\d{4}-\d{2}-\d{2}$/.test(source.checkedAt))).toBe(true);
    expect(sources.some((source) => source.checkedAt === '2026-09-23')).toBe(true);
  });

  it('converts LiteLLM with the format named, and llm-spend text without a URL', async () => {
    const litellm = await loadPricing(`${base}/litellm.json`, { format: 'litellm', checkedAt: '2026-08-01' });
    expect(estimateCost({ model: 'gpt-4o-mini', inputTokens: 1000, outputTokens: 1000, pricing: litellm }).total).toBe('0.00075');
    const own = await loadPricing(SMALL_TABLE);
    expect(estimateCost({ model: 'gpt-5.4-mini', inputTokens: 1000, outputTokens: 100, pricing: own }).total).toBe('0.00125');
  });

  it('times out on a server that never answers: PRICING_UNAVAILABLE, reason timeout', async () => {
    const error = await rejection(loadPricing(`${base}/hang`, { timeoutMs: 200 }));
    expect(error.code).toBe('PRICING_UNAVAILABLE');
    expect(error.details['reason']).toBe('timeout');
    expect(error.message).toContain('timed out after 200 ms');
  });

  it('a 404 is PRICING_UNAVAILABLE with the status', async () => {
    const error = await rejection(loadPricing(`${base}/missing.json`));
    expect(error.code).toBe('PRICING_UNAVAILABLE');
    expect(error.details).toMatchObject({ reason: 'http', status: 404 });
    expect(error.message).toContain('HTTP 404');
  });

  it('malformed, unknown and invalid data are INVALID_PRICING with the reason', async () => {
    const malformed = await rejection(loadPricing(`${base}/malformed.json`));
    expect(malformed.code).toBe('INVALID_PRICING');
    expect(malformed.message).toContain('not valid JSON');
    const unknown = await rejection(loadPricing(`${base}/not-a-table.json`));
    expect(unknown.code).toBe('INVALID_PRICING');
    expect(unknown.message).toContain('not a pricing table llm-spend knows');
    const invalid = await rejection(loadPricing(`${base}/invalid-table.json`));
    expect(invalid.code).toBe('INVALID_PRICING');
    expect(invalid.message).toContain('models[0].prices[0].standard.inputPerMillion');
  });

  it('refuses a response larger than maxBytes while it streams', async () => {
    const error = await rejection(loadPricing(`${base}/litellm.json`, { format: 'litellm', checkedAt: '2026-08-01', maxBytes: 1000 }));
    expect(error.code).toBe('PRICING_UNAVAILABLE');
    expect(error.details['reason']).toBe('too-large');
  });

  it('fetches only https (http only on loopback), without touching the network', async () => {
    let called = false;
    const error = await rejection(loadPricing('http://example.com/prices.json', { fetch: async () => { called = true; throw new Error('no'); } }));
    expect(error.code).toBe('PRICING_UNAVAILABLE');
    expect(error.details['reason']).toBe('protocol');
    expect(called).toBe(false);
  });

  it('a network failure names its cause (connection refused on a closed port)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await rejection(loadPricing(`http://127.0.0.1:${port}/x.json`));
    expect(error.code).toBe('PRICING_UNAVAILABLE');
    expect(error.details['reason']).toBe('network');
  });
});

describe('llm-spend catalog update', () => {
  it('writes a validated table from a URL that --pricing then uses', async () => {
    const result = await cli(['catalog', 'update', '--from', `${base}/genai-prices/providers.json`, '--format', 'genai-prices', '--out', 'prices.json']);
    expect(result.stderr).toBe('llm-spend: wrote prices.json\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('(genai-prices, checked 2026-09-23) written to prices.json');
    const written = JSON.parse(readFileSync(join(dir, 'prices.json'), 'utf8')) as { version: number; models: unknown[] };
    expect(written.version).toBe(1);
    const cost = await cli(['cost', 'gpt-5.4', '--input', '271999', '--output', '0', '--pricing', 'prices.json', '--format', 'json']);
    expect(cost.code).toBe(0);
    expect((JSON.parse(cost.stdout) as { cost: { total: string } }).cost.total).toBe('0.6799975');
  });

  it('prints what changed against the bundled catalog: price changes old → new, new and removed models', async () => {
    const result = await cli(['catalog', 'update', '--from', `${base}/small.json`, '--out', 'small-out.json']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Price changes (1):\n  gpt-5.4-mini: input 0.75 → 0.8\n');
    expect(result.stdout).toContain('New models (1):\n  gpt-7-preview\n');
    expect(result.stdout).toMatch(/Removed models \((\d+); bundled models of the providers the source covers/);
    expect(result.stdout).toContain('Unchanged: 1 models.');
    const removed = result.stdout.slice(result.stdout.indexOf('Removed models'), result.stdout.indexOf('Unchanged:'));
    expect(removed).toMatch(/[ ,]gpt-4o-mini,/);
    expect(removed).not.toContain('claude'); // only the providers the source covers
  });

  it('--format json reports the same for machines', async () => {
    const result = await cli(['catalog', 'update', '--from', `${base}/small.json`, '--out', 'small-out.json', '--format', 'json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { format: string; changed: unknown[]; added: string[]; removed: string[]; unchanged: number };
    expect(report.format).toBe('llm-spend');
    expect(report.changed).toEqual([{ id: 'gpt-5.4-mini', bundledId: 'gpt-5.4-mini', field: 'inputPerMillion', from: '0.75', to: '0.8' }]);
    expect(report.added).toEqual(['gpt-7-preview']);
    expect(report.removed).toContain('gpt-4.1-nano');
    expect(report.removed.some((id) => id.startsWith('claude'))).toBe(false);
    expect(report.unchanged).toBe(1);
  });

  it('reads a file source through the byte-capped reader, with a YAML provider file', async () => {
    writeFileSync(join(dir, 'openai.yml'), OPENAI_YML);
    const result = await cli(['catalog', 'update', '--from', 'openai.yml', '--checked-at', '2026-08-21', '--out', 'openai-prices.json', '--format', 'json']);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { format: string }).format).toBe('genai-prices');
  });

  it('a timeout, a 404 and malformed data: one line, exit 2, no stack trace', async () => {
    for (const [path, text] of [
      ['/hang', 'timed out after 200 ms'],
      ['/missing.json', 'HTTP 404'],
      ['/malformed.json', 'not valid JSON'],
    ] as const) {
      const result = await cli(['catalog', 'update', '--from', `${base}${path}`, '--out', 'never.json', '--timeout', '200']);
      expect(result.code, path).toBe(2);
      expect(result.stdout, path).toBe('');
      expect(result.stderr, path).toContain(text);
      expect(result.stderr.trimEnd().split('\n'), path).toHaveLength(1);
      expect(result.stderr, path).not.toMatch(/\n\s+at /);
    }
  });

  it('usage mistakes are exit 2 with the usage hint', async () => {
    const missing = await cli(['catalog', 'update', '--out', 'x.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--from is required');
    const format = await cli(['catalog', 'update', '--from', 'x', '--out', 'x.json', '--format', 'csv']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format must be a source format');
    const help = await cli(['catalog', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: llm-spend catalog update');
  });
});

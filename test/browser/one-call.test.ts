// One estimateCost call in a real browser: the one-call program bundled for the browser from the
// BUILT package (esbuild, ESM, minified; the same bundle that bench/bundles.ts measures) runs in
// Debian's headless Chromium (/usr/bin/chromium, installed by .ci/run) driven by playwright-core,
// from a page served from memory (page.route on a made-up origin) that requests nothing else.
// It must print the hand-worked total, with no console error, and its metafile must hold no zod
// and no yaml.
// Without Chromium the test is skipped loudly; in CI (CI=true) it fails instead.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureBundle, ONE_CALL, type MeasuredBundle } from '../../bench/bundle-measure.js';
import { ensureBuilt } from '../cli/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
const inCi = process.env['CI'] === 'true';

if (!available) {
  const line = '!'.repeat(100);
  console.warn(
    `\n${line}\n!! The one-call browser test is ${inCi ? 'FAILING' : 'SKIPPED'}: ${CHROMIUM} is missing.\n!! Install it with \`apt-get install -y chromium\` (Debian's package; .ci/run does this in CI).\n${line}\n`,
  );
}

// Hand-worked from the price page (pricing-facts §1, OpenAI's GPT-5.4 mini launch post): $0.75
// input, $0.075 cached input, $4.50 output per 1M tokens. The program prices 12,000 input tokens
// of which 2,000 cached, and 800 output tokens:
//   10,000 × 0.75 / 1M = 0.0075;  2,000 × 0.075 / 1M = 0.00015;  800 × 4.50 / 1M = 0.0036
//   total = 0.0075 + 0.00015 + 0.0036 = 0.01125
const EXPECTED_TOTAL = '0.01125';

// A made-up origin, served from memory by page.route: module scripts do not load from file://.
const ORIGIN = 'http://llm-spend.test';
const PAGE = '<!doctype html>\n<meta charset="utf-8">\n<title>llm-spend one call</title>\n<script type="module" src="/one-call.js"></script>\n';

describe.skipIf(!available && !inCi)('one estimateCost call in headless Chromium', () => {
  let browser: Browser | undefined;
  let bundle: MeasuredBundle;

  beforeAll(async () => {
    if (!available) throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium package (see .ci/run).`);
    ensureBuilt();
    const result = await measureBundle(ONE_CALL);
    if (result.status === 'missing') throw new Error(`the one-call program cannot be bundled: ${result.reason}`);
    bundle = result;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('the bundle holds no zod and no yaml (metafile)', () => {
    const inputs = Object.keys(bundle.metafile.inputs);
    expect(inputs.length).toBeGreaterThan(1);
    expect(inputs.filter((path) => /(^|\/)node_modules\/(zod|yaml)\//.test(path))).toEqual([]);
  });

  it(`prints the hand-worked total for gpt-5.4-mini: $${EXPECTED_TOTAL}`, async () => {
    const page = await (browser as Browser).newPage();
    const logs: string[] = [];
    const problems: string[] = [];
    const requests: string[] = [];
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      if (url === `${ORIGIN}/`) await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: PAGE });
      else if (url === `${ORIGIN}/one-call.js`) await route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: bundle.code });
      else await route.abort();
    });
    page.on('console', (message) => {
      if (message.type() === 'log') logs.push(message.text());
      else if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (request.url() !== `${ORIGIN}/` && request.url() !== `${ORIGIN}/one-call.js`) requests.push(request.url());
    });
    const printed = page.waitForEvent('console', { predicate: (message) => message.type() === 'log', timeout: 30_000 });
    await page.goto(`${ORIGIN}/`, { waitUntil: 'load' });
    await printed;
    await page.close();
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    expect(logs).toEqual([EXPECTED_TOTAL]);
  });
});

// Runs every examples/*.ts as a user would (`node --import tsx examples/x.ts`) and checks
// that it exits 0; for call-cost.ts (a per-call example (`npx tsx examples/call-cost.ts`)) it also checks the figures.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { estimateCost, formatUsd, PRICING_CHECKED_AT } from '../../src/index.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const examples = readdirSync(join(repo, 'examples'))
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
  .sort();

const outputs = new Map<string, string>();

function run(name: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join('examples', name)], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', FORCE_COLOR: '0', NO_COLOR: '1' },
    timeout: 60_000,
  });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function output(name: string): string {
  let text = outputs.get(name);
  if (text === undefined) {
    const result = run(name);
    expect(result.status, `examples/${name} failed:\n${result.stderr}`).toBe(0);
    text = result.stdout;
    outputs.set(name, text);
  }
  return text;
}

/** Decimals needed to show an amount exactly (at least 2), as the example does. */
function decimalsFor(amounts: readonly string[]): number {
  return Math.max(2, ...amounts.map((amount) => (amount.includes('.') ? amount.length - amount.indexOf('.') - 1 : 0)));
}

describe('examples', () => {
  it('has examples, including call-cost.ts', () => {
    expect(examples).toContain('call-cost.ts');
  });

  it.each(examples)('examples/%s runs and exits 0', { timeout: 60_000 }, (name) => {
    const text = output(name);
    expect(text.trim().length).toBeGreaterThan(0);
    for (const line of text.split('\n')) expect(line.length, `line over 100 columns: ${line}`).toBeLessThan(100);
  });
});

describe('examples/call-cost.ts', { timeout: 60_000 }, () => {
  const call = { inputTokens: 2000, cachedInputTokens: 1024, outputTokens: 300 };
  // A million such calls, priced as one aggregate usage: independent of the example's helper.
  const million = { inputTokens: 2_000_000_000, cachedInputTokens: 1_024_000_000, outputTokens: 300_000_000, aggregate: true };
  const models = ['gpt-4o-mini', 'gpt-5.4-mini', 'gpt-5.4-nano'];
  const perCall = models.map((model) => estimateCost({ model, ...call }).total);
  const perMillion = models.map((model) => estimateCost({ model, ...million }).total);

  it('hand-worked: gpt-5.4-nano, 976 × 0.20 + 1,024 × 0.02 + 300 × 1.25 per 1M = "0.00059068"', () => {
    // 0.0001952 + 0.00002048 + 0.000375 = 0.00059068; a million calls = 590.68
    expect(estimateCost({ model: 'gpt-5.4-nano', ...call }).total).toBe('0.00059068');
    const text = output('call-cost.ts');
    expect(text).toContain('0.00059068');
    expect(text).toMatch(/^gpt-5\.4-nano\s.*\$0\.00059068\s+\$590\.68\b/m);
  });

  it('shows the exact per-call cost of each model', () => {
    const text = output('call-cost.ts');
    const exactLine = text.split('\n').find((line) => line.startsWith('Exact USD per call:'));
    expect(exactLine).toBeDefined();
    models.forEach((model, index) => expect(exactLine).toContain(`${model} ${perCall[index]}`));
  });

  it('shows per call and per million calls, formatted, on each model row', () => {
    const text = output('call-cost.ts');
    const callDecimals = decimalsFor(perCall);
    const millionDecimals = decimalsFor(perMillion);
    models.forEach((model, index) => {
      const row = text.split('\n').find((line) => line.startsWith(`${model} `));
      expect(row, `no row for ${model}`).toBeDefined();
      expect(row).toContain(formatUsd(perCall[index]!, { decimals: callDecimals }));
      expect(row).toContain(formatUsd(perMillion[index]!, { decimals: millionDecimals }));
    });
  });

  it('shows the difference per million calls against gpt-4o-mini', () => {
    const text = output('call-cost.ts');
    // hand-worked: gpt-4o-mini is 976 × 0.15 + 1,024 × 0.075 + 300 × 0.60 = 403.2 per 1M calls
    expect(perMillion[0]).toBe('403.2');
    expect(perMillion[1]).toBe('2158.8');
    expect(perMillion[2]).toBe('590.68');
    expect(text).toMatch(/^gpt-4o-mini\s.*baseline$/m);
    expect(text).toMatch(/^gpt-5\.4-mini\s.*\+\$1,755\.60$/m);
    expect(text).toMatch(/^gpt-5\.4-nano\s.*\+\$187\.48$/m);
  });

  it('says when the prices were checked', () => {
    expect(output('call-cost.ts')).toContain(`Prices checked ${PRICING_CHECKED_AT}`);
  });
});

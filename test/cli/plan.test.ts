// `llm-spend plan` run as a process: the built bin, its outputs, exit codes and errors.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanReport } from '../../src/cli/report/types.js';
import { ensureBuilt, fixtures, runCli, visibleWidth } from './helpers.js';

let out = '';
beforeAll(() => {
  ensureBuilt();
  out = mkdtempSync(join(tmpdir(), 'llm-spend-cli-plan-'));
}, 180_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

const fixture = (name: string): string => join('test', 'cli', 'fixtures', name);

describe('llm-spend plan: table', () => {
  it('reports the support-ticket example: breakdown, recommendation, totals, budget, warnings (exit 0)', async () => {
    const result = await runCli(['plan', 'examples/support-triage.yaml']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const text = result.stdout;
    expect(text).toContain('llm-spend plan: Support-ticket triage (examples/support-triage.yaml)');
    for (const part of ['Input (uncached)', 'Cached input', 'Output', 'of which reasoning', 'Images (part of input)', 'Fees (web search)', 'Monthly']) expect(text).toContain(part);
    expect(text).toMatch(/✓ Recommendation: Choose gpt-5\.4-nano: the cheapest of 2 options/);
    expect(text).toMatch(/Total\s+\$694\.86/);
    expect(text).toContain('Budget $900.00 a month (expected spend $694.86): ✓ within budget, $205.14 left (77.2% used)');
    expect(text).toContain('over the budget from month 10');
    // The bundled prices of both models were checked on 2026-09-23: 63 days before TODAY, not stale.
    expect(text).not.toContain('PRICES_STALE');
    expect(text).toContain('✓ failOverBudget');
  });

  it('fits 100 columns and prints no colour when stdout is not a terminal', async () => {
    for (const example of ['examples/support-triage.yaml', 'examples/coding-assistant.yaml', 'examples/agent-pipeline.yaml']) {
      const result = await runCli(['plan', example]);
      expect(result.code, result.stderr).toBe(0);
      const wide = result.stdout.split('\n').filter((line) => visibleWidth(line) > 100);
      expect(wide, example).toEqual([]);
      expect(result.stdout).not.toContain('\u001b[');
    }
  });

  it('counts stale prices from --today (or LLM_SPEND_TODAY), the one date it reads', async () => {
    const early = await runCli(['plan', fixture('hand-checked.yaml'), '--today', '2026-08-15']);
    expect(early.stdout).not.toContain('PRICES_STALE');
    const late = await runCli(['plan', fixture('hand-checked.yaml')], { env: { LLM_SPEND_TODAY: '2027-01-01' } });
    expect(late.stdout).toMatch(/PRICES_STALE: The prices of gpt-5\.4-mini, gpt-5\.4-nano were last checked on 2026-09-23, 100\s+days\s+before\s+2027-01-01/);
    const bad = await runCli(['plan', fixture('hand-checked.yaml'), '--today', '2026-02-30']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--today must be a date such as 2026-11-25; got "2026-02-30"');
  });

  it('marks a pinned model and a cascade in the breakdown', async () => {
    const pinned = await runCli(['plan', 'examples/coding-assistant.yaml']);
    expect(pinned.stdout).toMatch(/● gpt-5\.4-nano\s+pinned in the plan/);
    const cascade = await runCli(['plan', 'examples/agent-pipeline.yaml']);
    expect(cascade.stdout).toMatch(/✓ cascade:gpt-5\.4-nano>gpt-5\.4-mini\n/);
    expect(cascade.stdout).toMatch(/Monthly\s+\$472\.74\s+\$1,751\.14\s+\$822\.97/);
  });
});

describe('llm-spend plan --format json', () => {
  it('has a version and exact decimal strings that a person can check', async () => {
    const result = await runCli(['plan', fixture('hand-checked.yaml'), '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as PlanReport;
    expect(report.version).toBe(1);
    expect(report.kind).toBe('plan');
    expect(report.today).toBe('2026-11-25');
    expect(report.currency).toBe('USD');
    const [classify, grow] = report.workloads;
    expect(classify?.models.map((row) => [row.model, row.spend.expected])).toEqual([
      ['gpt-5.4-nano', '450'],
      ['gpt-5.4-mini', '1650'],
    ]);
    expect(classify?.models[0]?.breakdown).toEqual({ input: '200', cachedInput: '0', cacheWrite: '0', cacheWrite1h: '0', output: '250', reasoning: '0', images: '0', fees: '0', total: '450' });
    expect(classify?.models[0]?.perCall).toBe('0.00045');
    expect(classify?.models[0]?.calls).toBe('1000000');
    expect(classify?.recommendation.choice).toBe('gpt-5.4-nano');
    expect(classify?.selected).toMatchObject({ option: 'gpt-5.4-nano', reason: 'recommended', monthly: { expected: '450' } });
    expect(grow?.selected).toMatchObject({ option: 'gpt-5.4-mini', reason: 'pinned', monthly: { expected: '195' } });
    expect(grow?.forecast.slice(0, 3)).toEqual(['195', '214.5', '235.95']);
    expect(grow?.forecast[11]).toBe('556.357757691'); // 195 × 1.1^11 = 556.35775769145, half-even to 9 decimals
    expect(report.totals.monthly.expected).toBe('645');
    expect(report.totals.forecast[0]).toBe('645');
    expect(report.budget).toEqual({
      usd: '700.5',
      per: 'month',
      percentile: 'expected',
      spend: '645',
      remaining: '55.5',
      usedShare: '0.9208',
      withinBudget: true,
      monthly: '700.5',
      exceededInMonth: 4,
    });
    expect(report.status).toBe('pass');
    // Money is never a JSON number.
    const numbersWithDollars = JSON.stringify(report).match(/"(expected|p50|p90|p99|usd|spend|remaining|total|perCall)":\s*\d/g);
    expect(numbersWithDollars).toBeNull();
  });

  it('reads a JSON plan, money as written (450.10 is not a binary float)', async () => {
    const result = await runCli(['plan', fixture('hand-checked.json'), '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as PlanReport;
    expect(report.budget?.usd).toBe('450.1');
    expect(report.budget?.remaining).toBe('0.1');
  });

  it('writes --out and infers the format from its extension', async () => {
    const file = join(out, 'report.json');
    const result = await runCli(['plan', fixture('hand-checked.yaml'), '--out', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('wrote');
    expect((JSON.parse(readFileSync(file, 'utf8')) as PlanReport).totals.monthly.expected).toBe('645');
  });
});

describe('llm-spend plan --format markdown and html', () => {
  it('prints a markdown comment with the totals table and the breakdown', async () => {
    const result = await runCli(['plan', fixture('hand-checked.yaml'), '--format', 'markdown']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^<!-- llm-spend -->\n## LLM spend: Hand-checked\n/);
    expect(result.stdout).toContain('**$645.00 a month** expected');
    expect(result.stdout).toContain('| classify | `gpt-5.4-nano` | recommended | $450.00 | $450.00 |');
    expect(result.stdout).toContain('| **Total** |  |  | **$645.00** | **$645.00** |');
    expect(result.stdout).toContain('<details><summary>Breakdown per workload and model</summary>');
  });

  it('prints one self-contained HTML page with the three charts', async () => {
    const result = await runCli(['plan', 'examples/support-triage.yaml', '--format', 'html']);
    expect(result.code).toBe(0);
    const html = result.stdout;
    expect(html.startsWith('<!doctype html>')).toBe(true);
    for (const id of ['chart-spend', 'chart-frontier', 'chart-forecast']) expect(html).toContain(`id="${id}"`);
    expect(html).not.toMatch(/<script|<link|<img|\ssrc=|\shref=|url\(/i);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('prefers-color-scheme: dark');
  });
});

describe('llm-spend plan: policies and exit codes', () => {
  it('exits 1 with --fail-over-budget when over budget, and still prints the report', async () => {
    const result = await runCli(['plan', fixture('over-budget.yaml'), '--fail-over-budget']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ over budget by $650.00');
    expect(result.stdout).toContain('✗ failOverBudget: expected spend $1,650.00 a month is over the budget of $1,000.00 by $650.00');
    const json = await runCli(['plan', fixture('over-budget.yaml'), '--fail-over-budget', '--format', 'json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as PlanReport;
    expect(report.status).toBe('fail');
    expect(report.policies).toEqual([
      { name: 'failOverBudget', threshold: true, status: 'fail', message: 'expected spend $1,650.00 a month is over the budget of $1,000.00 by $650.00', from: 'flag' },
    ]);
  });

  it('exits 0 over budget when no policy asks, and 1 when the plan file asks', async () => {
    expect((await runCli(['plan', fixture('over-budget.yaml')])).code).toBe(0);
    const fromPlan = await runCli(['plan', fixture('over-budget-policy.yaml')]);
    expect(fromPlan.code).toBe(1);
    expect(fromPlan.stdout).toContain('Totals');
  });

  it('exits 0 within budget with --fail-over-budget; increase policies need a baseline', async () => {
    const result = await runCli(['plan', fixture('hand-checked.yaml'), '--fail-over-budget', '--fail-on-increase-usd', '1', '--format', 'json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as PlanReport;
    expect(report.policies.map((policy) => [policy.name, policy.status])).toEqual([
      ['failOverBudget', 'pass'],
      ['failOnIncreaseUsd', 'skipped'],
    ]);
  });
});

describe('llm-spend plan: bad input exits 2 with the place and the reason', () => {
  it('names file, line, column, field path and what was expected', async () => {
    const result = await runCli(['plan', fixture('bad-field.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('test/cli/fixtures/bad-field.yaml:7:47: workloads[0].tokens.input.lognormal.p95: p95 (500) is below the median (800); a p95 is at least the median');
    expect(result.stderr).toContain('> 7 |       input: { lognormal: { median: 800, p95: 500 } }');
  });

  it('reports a YAML syntax error at its line', async () => {
    const result = await runCli(['plan', fixture('bad-syntax.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad-syntax\.yaml:5:\d+: \(syntax\): /);
  });

  it('suggests the model meant', async () => {
    const result = await runCli(['plan', fixture('unknown-model.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown-model.yaml:4:5: models[1]: unknown model "gpt-5.4-mnii". Did you mean "gpt-5.4-mini"');
  });

  it('exits 2 for a missing file, a missing argument, an unknown option or format', async () => {
    const missing = await runCli(['plan', 'no-such-plan.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('llm-spend: cannot read plan file no-such-plan.yaml: no such file or directory (ENOENT).\n');
    expect((await runCli(['plan'])).code).toBe(2);
    const option = await runCli(['plan', fixture('hand-checked.yaml'), '--formt', 'json']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('Did you mean "--format"');
    const format = await runCli(['plan', fixture('hand-checked.yaml'), '--format', 'yaml']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('--format must be one of table, json, markdown, html');
  });
});

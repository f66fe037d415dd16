// `llm-spend diff` run as a process: the headline, per-workload changes, increase policies.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiffReport } from '../../src/cli/report/types.js';
import { ensureBuilt, runCli, visibleWidth } from './helpers.js';

let dir = '';
let base = '';
let head = '';
const basePlan = join('test', 'cli', 'fixtures', 'base.yaml');
const headPlan = join('test', 'cli', 'fixtures', 'head.yaml');

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'llm-spend-cli-diff-'));
  base = join(dir, 'base.json');
  head = join(dir, 'head.json');
  const [a, b] = await Promise.all([runCli(['plan', basePlan, '--format', 'json', '--out', base]), runCli(['plan', headPlan, '--format', 'json', '--out', head])]);
  expect(a.code, a.stderr).toBe(0);
  expect(b.code, b.stderr).toBe(0);
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('llm-spend diff', () => {
  it('prints the headline and the change per workload (added, removed, changed)', async () => {
    const result = await runCli(['diff', '--compare-to', base, headPlan]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('Monthly LLM spend will increase by $117.50 (+23.7%)');
    expect(lines[1]).toBe('Monthly cost change: +$117.50 ($495.00 → $612.50)');
    expect(result.stdout).toMatch(/classify\s+gpt-5\.4-nano\s+\$450\.00\s+\$540\.00\s+\+\$90\.00\s+\+20%/);
    expect(result.stdout).toMatch(/summarize\s+\+ gpt-5\.4-nano\s+\$0\.00\s+\$72\.50\s+\+\$72\.50\s+new/);
    expect(result.stdout).toMatch(/retired\s+- gpt-5\.4-nano\s+\$45\.00\s+\$0\.00\s+-\$45\.00\s+-100%/);
    expect(result.stdout).toMatch(/Total\s+\$495\.00\s+\$612\.50\s+\+\$117\.50\s+\+23\.7%/);
    expect(result.stdout).toContain('✓ failOnIncreasePercent: monthly change +23.7% is within the allowed increase of 30%');
    expect(result.stdout.split('\n').filter((line) => visibleWidth(line) > 100)).toEqual([]);
  });

  it('--format json: exact decimal strings and a version', async () => {
    const result = await runCli(['diff', '--compare-to', base, headPlan, '--format', 'json']);
    const report = JSON.parse(result.stdout) as DiffReport;
    expect(report.version).toBe(1);
    expect(report.kind).toBe('diff');
    expect(report.base.total).toBe('495');
    expect(report.current.total).toBe('612.5');
    expect(report.change).toEqual({ usd: '117.5', percent: '23.74', direction: 'increase' });
    expect(report.headline).toBe('Monthly LLM spend will increase by $117.50 (+23.7%)');
    expect(report.workloads).toEqual([
      { name: 'classify', status: 'changed', baseOption: 'gpt-5.4-nano', option: 'gpt-5.4-nano', base: '450', current: '540', change: '90', percent: '20' },
      { name: 'summarize', status: 'added', baseOption: null, option: 'gpt-5.4-nano', base: '0', current: '72.5', change: '72.5', percent: null },
      { name: 'retired', status: 'removed', baseOption: 'gpt-5.4-nano', option: null, base: '45', current: '0', change: '-45', percent: '-100' },
    ]);
    expect(report.report.kind).toBe('plan');
  });

  it('--format markdown: a pull-request comment with the headline', async () => {
    const result = await runCli(['diff', '--compare-to', base, headPlan, '--format', 'markdown']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^<!-- llm-spend -->\n## Monthly LLM spend will increase by \$117\.50 \(\+23\.7%\)\n/);
    expect(result.stdout).toContain('Monthly cost change: **+$117.50** ($495.00 → $612.50)');
    expect(result.stdout).toContain('| retired | `gpt-5.4-nano` (removed) | $45.00 | $0.00 | -$45.00 (-100%) |');
    expect(result.stdout).toContain('| **Total** |  | **$495.00** | **$612.50** | **+$117.50 (+23.7%)** |');
  });

  it('says decrease and no change', async () => {
    const down = await runCli(['diff', '--compare-to', head, basePlan]);
    expect(down.code).toBe(0);
    expect(down.stdout.split('\n')[0]).toBe('Monthly LLM spend will decrease by $117.50 (-19.2%)');
    const same = await runCli(['diff', '--compare-to', base, basePlan, '--format', 'json']);
    const report = JSON.parse(same.stdout) as DiffReport;
    expect(report.headline).toBe('Monthly LLM spend will not change ($495.00 a month)');
    expect(report.change).toEqual({ usd: '0', percent: '0', direction: 'none' });
  });

  it('exits 1 when an increase policy fails (flags override the plan file), the report still printed', async () => {
    const usd = await runCli(['diff', '--compare-to', base, headPlan, '--fail-on-increase-usd', '100']);
    expect(usd.code).toBe(1);
    expect(usd.stdout).toContain('Monthly LLM spend will increase by $117.50');
    expect(usd.stdout).toContain('✗ failOnIncreaseUsd: monthly change +$117.50 is more than the allowed increase of $100.00');
    const within = await runCli(['diff', '--compare-to', base, headPlan, '--fail-on-increase-usd', '117.50']);
    expect(within.code).toBe(0);
    const percent = await runCli(['diff', '--compare-to', base, headPlan, '--fail-on-increase-percent', '20', '--format', 'json']);
    expect(percent.code).toBe(1);
    const report = JSON.parse(percent.stdout) as DiffReport;
    expect(report.status).toBe('fail');
    expect(report.policies).toEqual([
      { name: 'failOnIncreasePercent', threshold: '20%', status: 'fail', message: 'monthly change +23.7% is more than the allowed increase of 20%', from: 'flag' },
    ]);
    const down = await runCli(['diff', '--compare-to', head, basePlan, '--fail-on-increase-usd', '0']);
    expect(down.code).toBe(0);
  });

  it('exits 2 without --compare-to, or with a baseline that is not a plan report', async () => {
    const missing = await runCli(['diff', headPlan]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--compare-to <base.json> is required');
    const bogus = join(dir, 'bogus.json');
    writeFileSync(bogus, JSON.stringify({ version: 1, kind: 'diff' }));
    const wrong = await runCli(['diff', '--compare-to', bogus, headPlan]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('is not an llm-spend plan report');
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "version": 1,');
    const invalid = await runCli(['diff', '--compare-to', broken, headPlan]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('is not valid JSON');
  });
});

// `llm-spend plan` and model lifecycle (issue 11, item 6): warnings in every format when a plan's
// model shuts down within the projected horizon, and exit 2 when every candidate is already gone.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanReport } from '../../src/cli/report/types.js';
import { runInProcess } from './helpers.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'llm-spend-cli-lifecycle-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function planFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const december = `version: 1
title: December on gpt-5-mini
at: 2026-12-01
models: [gpt-5-mini]
workloads:
  - name: summaries
    volume: { calls: 10000, per: day }
    tokens: { input: 500, output: 100 }
`;

describe('llm-spend plan: lifecycle warnings', () => {
  it('a plan on gpt-5-mini for December 2026 warns about its 2026-12-11 shutdown and the replacement, in json, table, markdown and html', async () => {
    const file = planFile('december.yaml', december);
    const json = await runInProcess(['plan', file, '--format', 'json']);
    // the only candidate is still alive on 2026-12-01, so this is a warning (exit 0), not an error
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as PlanReport;
    const warning = report.warnings.find((item) => item.code === 'MODEL_SHUT_DOWN');
    expect(warning).toMatchObject({ level: 'warning', workload: 'summaries' });
    expect(warning?.message).toContain('gpt-5-mini shuts down on 2026-12-11');
    expect(warning?.message).toContain('gpt-6.1-terra');
    // the option fails the lifecycle check: nothing is recommended, the nearest is counted
    const workload = report.workloads[0]!;
    expect(workload.recommendation.choice).toBeNull();
    expect(workload.recommendation.bindingConstraint).toBe('lifecycle');
    expect(workload.recommendation.options[0]?.checks.find((check) => check.name === 'lifecycle')).toMatchObject({ pass: false });
    // 730 h × 10,000/24 h calls × (500 × 0.25 + 100 × 2.00)/1M = 304,166.67 × 0.000325
    expect(workload.selected?.monthly.expected).toBe('98.854166667');

    for (const format of ['table', 'markdown', 'html'] as const) {
      const out = await runInProcess(['plan', file, '--format', format]);
      expect(out.code, `${format}: ${out.stderr}`).toBe(0);
      const flat = out.stdout.replace(/\\_/g, '_').replace(/\s+/g, ' '); // markdown escapes _
      expect(flat, format).toContain('MODEL_SHUT_DOWN');
      expect(flat, format).toContain('2026-12-11');
      expect(flat, format).toContain('gpt-6.1-terra');
    }
  });

  it('a selected model that shuts down later within the twelve-month forecast gets MODEL_SHUTS_DOWN with the month and the replacement', async () => {
    const file = planFile('horizon.yaml', `version: 1
models: [gpt-4o-mini, gpt-5.4-mini]
workloads:
  - name: chat
    volume: { calls: 1000, per: day }
    tokens: { input: 800, output: 200 }
`);
    // today 2026-11-25 (the tests' date): gpt-4o-mini (shutdown 2027-01-14) is alive for the first month, and cheapest
    const json = await runInProcess(['plan', file, '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as PlanReport;
    expect(report.workloads[0]?.selected?.option).toBe('gpt-4o-mini');
    const horizon = report.warnings.filter((item) => item.code === 'MODEL_SHUTS_DOWN');
    expect(horizon).toHaveLength(1);
    // 2027-01-14 is 50 days after 2026-11-25: month 2 of 730-hour months
    expect(horizon[0]?.message).toContain('gpt-4o-mini shuts down on 2027-01-14, in month 2 of the 12-month forecast (from 2026-11-25)');
    expect(horizon[0]?.message).toContain('gpt-6-luna');
    // the deprecation note of the same model is folded into it
    expect(report.warnings.some((item) => item.code === 'MODEL_DEPRECATED' && item.message.startsWith('gpt-4o-mini'))).toBe(false);
    const table = await runInProcess(['plan', file]);
    expect(table.stdout.replace(/\s+/g, ' ')).toContain('MODEL_SHUTS_DOWN: gpt-4o-mini shuts down on 2027-01-14');
    // a model alive beyond the horizon gets no such warning
    const later = await runInProcess(['plan', file, '--format', 'json', '--today', '2025-11-01']);
    expect((JSON.parse(later.stdout) as PlanReport).warnings.map((item) => item.code)).not.toContain('MODEL_SHUTS_DOWN');
  });

  it('the plan\'s `at`, else --today, anchors the period: on 2026-10-01 gpt-5-mini is alive for the month', async () => {
    const file = planFile('october.yaml', december.replace('at: 2026-12-01\n', ''));
    const october = JSON.parse((await runInProcess(['plan', file, '--format', 'json', '--today', '2026-10-01'])).stdout) as PlanReport;
    expect(october.workloads[0]?.recommendation.choice).toBe('gpt-5-mini');
    expect(october.warnings.map((item) => item.code)).toContain('MODEL_SHUTS_DOWN');
    expect(october.warnings.map((item) => item.code)).not.toContain('MODEL_SHUT_DOWN');
  });
});

describe('llm-spend plan: a plan on models already gone is an error (exit 2)', () => {
  it('every candidate shut down before the period: names them and the replacements', async () => {
    const file = planFile('gone.yaml', `version: 1
models: [gpt-4.1-nano, o4-mini]
workloads:
  - name: triage
    volume: { calls: 10000, per: day }
    tokens: { input: 500, output: 10 }
`);
    const result = await runInProcess(['plan', file, '--today', '2026-11-30']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('workload "triage" cannot be planned from 2026-11-30: every candidate model is shut down');
    expect(result.stderr).toContain('gpt-4.1-nano was shut down on 2026-10-23 (replacement gpt-5.6-luna)');
    expect(result.stderr).toContain('o4-mini was shut down on 2026-10-23 (no replacement named)');
    // one alive candidate is enough: it is recommended, and the dead one is listed as failing lifecycle
    const mixed = planFile('mixed.yaml', `version: 1
models: [gpt-4.1-nano, gpt-5.4-nano]
workloads:
  - name: triage
    volume: { calls: 10000, per: day }
    tokens: { input: 500, output: 10 }
`);
    const ok = await runInProcess(['plan', mixed, '--format', 'json', '--today', '2026-11-30']);
    expect(ok.code, ok.stderr).toBe(0);
    const report = JSON.parse(ok.stdout) as PlanReport;
    expect(report.workloads[0]?.recommendation.choice).toBe('gpt-5.4-nano');
    const dead = report.workloads[0]?.recommendation.options.find((option) => option.id === 'gpt-4.1-nano');
    expect(dead?.checks.find((check) => check.name === 'lifecycle')?.detail).toContain('gpt-5.6-luna');
  });

  it('a pinned model shut down before the period is an error too', async () => {
    const file = planFile('pinned.yaml', `version: 1
workloads:
  - name: triage
    volume: { calls: 10000, per: day }
    tokens: { input: 500, output: 10 }
    models: [gpt-5.4-nano, gpt-4.1-nano]
    model: gpt-4.1-nano
`);
    const result = await runInProcess(['plan', file, '--today', '2026-11-30']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pins `model: gpt-4.1-nano`, but gpt-4.1-nano was shut down on 2026-10-23 (replacement gpt-5.6-luna)');
  });
});

// `llm-spend cost`, `models`, `schema`, `--version` and `--help`, run as processes; and the
// colour rules, in process.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostReport, ModelsReport } from '../../src/cli/commands/lookup.js';
import { run, type CliIo } from '../../src/cli/main.js';
import { planJsonSchema } from '../../src/cli/plan/schema.js';
import type { PlanReport } from '../../src/cli/report/types.js';
import { ensureBuilt, repo, runCli, TODAY, visibleWidth } from './helpers.js';

let dir = '';
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'llm-spend-cli-commands-'));
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };

describe('llm-spend cost', () => {
  it('prices one call exactly (table and json)', async () => {
    const table = await runCli(['cost', 'gpt-5.4-mini', '--input', '1234', '--cached', '1000', '--output', '567']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/Input \(uncached\)\s+234\s+\$0\.75\/M\s+\$0\.0001755/);
    expect(table.stdout).toMatch(/Total\s+\$0\.002802\n/);
    const json = await runCli(['cost', 'openai/gpt-5.4-mini-2026-03-17', '--input', '1234', '--cached', '1000', '--output', '567', '--reasoning', '300', '--format', 'json']);
    const report = JSON.parse(json.stdout) as CostReport;
    expect(report.version).toBe(1);
    expect(report.model).toBe('gpt-5.4-mini');
    expect(report.cost).toEqual({ input: '0.0001755', cachedInput: '0.000075', cacheWrite: '0', cacheWrite1h: '0', output: '0.0025515', reasoning: '0.00135', images: '0', fees: '0', total: '0.002802', status: 'active' });
  });

  it('prices a shut-down model and says so in the JSON (issue 11: pricing never refuses for lifecycle)', async () => {
    const json = await runCli(['cost', 'gpt-4.1-nano', '--input', '1000', '--output', '100', '--at', '2026-11-30', '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as CostReport;
    // 1000 × 0.10/1M + 100 × 0.40/1M
    expect(report.cost).toMatchObject({ total: '0.00014', status: 'shut-down', lifecycle: { shutdownAt: { date: '2026-10-23' }, replacement: { id: 'gpt-5.6-luna' } } });
  });

  it('takes a tier and refuses one the model does not offer', async () => {
    const batch = await runCli(['cost', 'gpt-5.4-nano', '--input', '100000', '--output', '0', '--tier', 'batch', '--format', 'json']);
    expect((JSON.parse(batch.stdout) as CostReport).cost.total).toBe('0.01'); // 100,000 × $0.10/M
    const priority = await runCli(['cost', 'gpt-5.4-nano', '--input', '10', '--output', '1', '--tier', 'priority']);
    expect(priority.code).toBe(2);
    expect(priority.stderr).toContain('gpt-5.4-nano has no priority price');
    const bogus = await runCli(['cost', 'gpt-5.4-nano', '--input', '10', '--output', '1', '--tier', 'bach']);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain('Did you mean "batch"');
  });

  it('exits 2 with a suggestion for an unknown model, and for missing or bad counts', async () => {
    const unknown = await runCli(['cost', 'gpt-5.4-mnii', '--input', '1', '--output', '1']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown model "gpt-5.4-mnii". Did you mean "gpt-5.4-mini"');
    expect(unknown.stderr).toContain('llm-spend models');
    const missing = await runCli(['cost', 'gpt-5.4-mini', '--output', '1']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--input is required');
    const bad = await runCli(['cost', 'gpt-5.4-mini', '--input', '1.5', '--output', '1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--input must be a whole number of tokens');
    const over = await runCli(['cost', 'gpt-5.4-mini', '--input', '300000', '--output', '1']);
    expect(over.code).toBe(2);
    expect(over.stderr).toContain('The call does not fit gpt-5.4-mini');
  });
});

describe('llm-spend models', () => {
  it('lists the table within 100 columns, with the date each price was checked', async () => {
    const result = await runCli(['models']);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter((line) => visibleWidth(line) > 100)).toEqual([]);
    expect(result.stdout).toMatch(/gpt-5\.4-mini\s+openai\s+0\.75\s+0\.075\s+4\.5\s+400K\s+128K\s+BFPR\s+2026-09-23\n/);
    const later = await runCli(['models', '--today', '2027-01-01']);
    expect(later.stdout).toMatch(/gpt-5\.4-mini\s+openai\s+0\.75\s+0\.075\s+4\.5\s+400K\s+128K\s+BFPR\s+2026-09-23!/);
  });

  it('filters by provider (json), and suggests one for a typo', async () => {
    const result = await runCli(['models', '--provider', 'anthropic', '--format', 'json']);
    const report = JSON.parse(result.stdout) as ModelsReport;
    expect(report.version).toBe(1);
    expect(report.today).toBe(TODAY);
    const ids = report.models.map((model) => model.id);
    expect(ids).toEqual(expect.arrayContaining(['claude-haiku-4-5', 'claude-sonnet-4-5']));
    expect(ids.filter((id) => id.startsWith('gpt-') || id.startsWith('gemini-'))).toEqual([]);
    expect(report.models.find((model) => model.id === 'claude-haiku-4-5')).toMatchObject({ prices: { input: '1', cachedInput: '0.1', output: '5' }, tiers: ['standard', 'batch'], contextWindow: 200000 });
    const typo = await runCli(['models', '--provider', 'opneai']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('Did you mean "openai"');
  });
});

describe('llm-spend schema, --version, --help', () => {
  it('prints the JSON Schema, which equals the published schema/plan.schema.json', async () => {
    const result = await runCli(['schema']);
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(printed).toEqual(planJsonSchema());
    const published = readFileSync(join(repo, 'schema', 'plan.schema.json'), 'utf8');
    expect(published, 'schema/plan.schema.json is stale: run `npm run schema`').toBe(`${JSON.stringify(planJsonSchema(), null, 2)}\n`);
    expect(printed['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(printed['required']).toEqual(['version', 'workloads']);
  });

  it('prints the version of package.json, and help for every command', async () => {
    const version = await runCli(['--version']);
    expect(version.stdout).toBe(`${manifest.version}\n`);
    expect(manifest.bin['llm-spend']).toBe('./dist/cli.js');
    expect(readFileSync(join(repo, 'dist', 'cli.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    for (const command of ['plan', 'diff', 'cost', 'models', 'schema']) {
      const help = await runCli([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toContain(`Usage: llm-spend ${command}`);
      expect(help.stdout.split('\n').filter((line) => line.length > 100), command).toEqual([]);
    }
    const main = await runCli(['--help']);
    expect(main.stdout).toContain('Exit codes: 0 within policy, 1 a policy failed');
    const none = await runCli([]);
    expect(none.code).toBe(2);
    const unknown = await runCli(['plna']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "plna". Did you mean "plan"?');
  });
});

describe('npm start', () => {
  it('runs llm-spend plan on the support-ticket example', async () => {
    const { execFile } = await import('node:child_process');
    const result = await new Promise<{ code: number | null; stdout: string }>((done) => {
      execFile('npm', ['start', '--silent'], { cwd: repo, env: { ...process.env, LLM_SPEND_TODAY: TODAY, NO_COLOR: '1' }, timeout: 60_000 }, (error, stdout) =>
        done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout }),
      );
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('llm-spend plan: Support-ticket triage (examples/support-triage.yaml)');
    expect(result.stdout).toMatch(/Total\s+\$694\.86/);
  }, 60_000);
});

describe('colour (in process)', () => {
  function capture(args: string[], env: Record<string, string | undefined>, isTTY: boolean): { code: number; stdout: string } {
    let stdout = '';
    const io: CliIo = { stdout: (text) => (stdout += text), stderr: () => undefined, env: { LLM_SPEND_TODAY: TODAY, ...env }, cwd: repo, isTTY };
    return { code: run(args, io), stdout };
  }
  const plan = join('test', 'cli', 'fixtures', 'hand-checked.yaml');

  it('colours a terminal, and honours NO_COLOR and pipes', () => {
    expect(capture(['plan', plan], {}, true).stdout).toContain('\u001b[');
    expect(capture(['plan', plan], { NO_COLOR: '1' }, true).stdout).not.toContain('\u001b[');
    expect(capture(['plan', plan], {}, false).stdout).not.toContain('\u001b[');
    expect(capture(['plan', plan, '--format', 'markdown'], {}, true).stdout).not.toContain('\u001b[');
  });

  it('fits 100 visible columns with colour too', () => {
    const { stdout } = capture(['plan', 'examples/support-triage.yaml'], {}, true);
    expect(stdout.split('\n').filter((line) => visibleWidth(line) > 100)).toEqual([]);
  });
});

describe('pricing files', () => {
  it('prices a plan with a LiteLLM file (--pricing) and a models.dev catalog (pricing: in the plan)', async () => {
    const litellm = await runCli(['cost', 'gpt-4o-mini', '--input', '1234', '--cached', '1000', '--output', '567', '--pricing', 'test/fixtures/litellm-model-prices.json', '--format', 'json']);
    expect(litellm.code, litellm.stderr).toBe(0);
    expect((JSON.parse(litellm.stdout) as CostReport).cost.total).toBe('0.0004503');
    const plan = join(dir, 'models-dev-plan.yaml');
    writeFileSync(
      plan,
      [
        'version: 1',
        `pricing: { file: ${join(repo, 'test', 'fixtures', 'models-dev-api.json')}, checkedAt: "2026-11-20" }`,
        'models: [claude-haiku-4-5, anthropic/claude-sonnet-4-5]',
        'workloads:',
        '  - name: chat',
        '    volume: { calls: 1000000, per: month }',
        '    tokens: { input: 1000, output: 200 }',
        '',
      ].join('\n'),
    );
    const result = await runCli(['plan', plan, '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as PlanReport;
    expect(report.pricing).toMatchObject({ format: 'models-dev', checkedAt: '2026-11-20' });
    expect(report.workloads[0]?.models.map((row) => [row.model, row.spend.expected])).toEqual([
      ['anthropic/claude-haiku-4-5', '2000'],
      ['anthropic/claude-sonnet-4-5', '6000'],
    ]);
    expect(report.warnings.some((warning) => warning.code === 'PRICES_STALE')).toBe(false);
  });

  it('exits 2 for a file that is no pricing file', async () => {
    const file = join(dir, 'not-prices.json');
    writeFileSync(file, JSON.stringify({ hello: 'world' }));
    const result = await runCli(['models', '--pricing', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not a pricing file llm-spend knows');
  });
});

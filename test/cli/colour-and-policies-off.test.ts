// FORCE_COLOR next to NO_COLOR (issue 13, item 5), and `--no-policies` (the baseline of the CI
// recipe: a plan over budget still exits 0; bad input still exits 2).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type CliIo } from '../../src/cli/main.js';
import { ensureBuilt, expectCleanError, repo, runCli, runInProcess, TODAY } from './helpers.js';

const ANSI = '\u001b[';
const plan = join('test', 'cli', 'fixtures', 'hand-checked.yaml');

function capture(args: readonly string[], env: Record<string, string | undefined>, isTTY: boolean, cwd = repo): { code: number; stdout: string } {
  let stdout = '';
  const io: CliIo = { stdout: (text) => (stdout += text), stderr: () => undefined, env: { LLM_SPEND_TODAY: TODAY, ...env }, cwd, isTTY };
  return { code: run(args, io), stdout };
}

describe('colour: FORCE_COLOR and NO_COLOR', () => {
  // [env, stdout is a terminal, coloured?]
  const cases: ReadonlyArray<readonly [Record<string, string>, boolean, boolean]> = [
    [{}, true, true],
    [{}, false, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '' }, true, true], // empty means unset (no-color.org)
    [{ TERM: 'dumb' }, true, false],
    [{ FORCE_COLOR: '1' }, false, true], // a CI log: not a terminal, colour asked for
    [{ FORCE_COLOR: '2' }, false, true],
    [{ FORCE_COLOR: '3' }, false, true],
    [{ FORCE_COLOR: 'true' }, false, true],
    [{ FORCE_COLOR: 'TRUE' }, false, true],
    [{ FORCE_COLOR: '' }, false, false], // empty means unset (force-color.org)
    [{ FORCE_COLOR: '' }, true, true],
    [{ FORCE_COLOR: '0' }, true, false], // 0 and false turn colour off, even on a terminal
    [{ FORCE_COLOR: 'false' }, true, false],
    [{ FORCE_COLOR: 'False' }, true, false],
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, false, true], // FORCE_COLOR wins, as in Node.js
    [{ FORCE_COLOR: '0', NO_COLOR: '1' }, true, false],
    [{ FORCE_COLOR: '', NO_COLOR: '1' }, true, false],
    [{ FORCE_COLOR: '1', TERM: 'dumb' }, false, true],
  ];
  for (const [env, isTTY, coloured] of cases) {
    it(`${JSON.stringify(env)} on ${isTTY ? 'a terminal' : 'a pipe'}: ${coloured ? 'colour' : 'no colour'}`, () => {
      const planned = capture(['plan', plan], env, isTTY);
      expect(planned.code).toBe(0);
      expect(planned.stdout.includes(ANSI)).toBe(coloured);
      const cost = capture(['cost', 'gpt-5.4-mini', '--input', '1234', '--cached', '1000', '--output', '567'], env, isTTY);
      expect(cost.stdout.includes(ANSI)).toBe(coloured);
      // the figures do not change with colour
      expect(cost.stdout.replace(/\u001b\[[0-9;]*m/g, '')).toContain('$0.002802');
    });
  }

  it('FORCE_COLOR never colours json, markdown, html or a file written with --out', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llm-spend-colour-'));
    try {
      for (const format of ['json', 'markdown', 'html']) expect(capture(['plan', plan, '--format', format], { FORCE_COLOR: '1' }, true).stdout).not.toContain(ANSI);
      expect(capture(['plan', join(repo, plan), '--out', 'report.txt'], { FORCE_COLOR: '1' }, true, dir).code).toBe(0);
      const written = readFileSync(join(dir, 'report.txt'), 'utf8');
      expect(written).toContain('Total');
      expect(written).not.toContain(ANSI);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('the built CLI as a process (stdout a pipe)', () => {
    beforeAll(() => ensureBuilt(), 300_000);
    it('FORCE_COLOR=1 colours the piped table; FORCE_COLOR=0 and NO_COLOR=1 do not', async () => {
      const args = ['cost', 'gpt-5.4-mini', '--input', '1234', '--output', '567'];
      expect((await runCli(args, { env: { FORCE_COLOR: '1' } })).stdout).toContain(ANSI);
      expect((await runCli(args, { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).stdout).toContain(ANSI);
      expect((await runCli(args, { env: { FORCE_COLOR: '0' } })).stdout).not.toContain(ANSI);
      expect((await runCli(args, { env: { NO_COLOR: '1' } })).stdout).not.toContain(ANSI);
      expect((await runCli(args)).stdout).not.toContain(ANSI);
    }, 60_000);
  });
});

describe('--no-policies', () => {
  let dir = '';
  // 50,000 calls a day of 800 in + 40 out on gpt-5.4-nano ($0.20 and $1.25 per 1M):
  // 800 × 0.20 + 40 × 1.25 = 210 per 1M = $0.00021 a call; 50,000 × 730 / 24 = 1,520,833.3 calls
  // a month: $319.375, over a budget of $1.
  const OVER = [
    'version: 1',
    'budget: { usd: 1, per: month }',
    'policies: { failOverBudget: true }',
    'workloads:',
    '  - name: triage',
    '    volume: { calls: 50000, per: day }',
    '    tokens: { input: 800, output: 40 }',
    '    model: gpt-5.4-nano',
    '',
  ].join('\n');
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'llm-spend-no-policies-'));
    writeFileSync(join(dir, 'over.yaml'), OVER);
    writeFileSync(join(dir, 'bad.yaml'), OVER.replace('per: day', 'per: fortnight'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('without it, a plan over budget with failOverBudget exits 1', async () => {
    const result = await runInProcess(['plan', 'over.yaml', '--format', 'json'], { cwd: dir });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { status: string; policies: { status: string }[] };
    expect(report.status).toBe('fail');
    expect(report.policies.map((policy) => policy.status)).toEqual(['fail']);
  });

  it('with it, the same plan exits 0, the policy reported as skipped with what it found', async () => {
    const result = await runInProcess(['plan', 'over.yaml', '--no-policies', '--format', 'json'], { cwd: dir });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { status: string; totals: { monthly: { expected: string } }; policies: unknown[] };
    expect(report.status).toBe('pass');
    expect(report.totals.monthly.expected).toBe('319.375');
    expect(report.policies).toEqual([
      { name: 'failOverBudget', threshold: true, status: 'skipped', message: 'skipped (--no-policies): expected spend $319.38 a month is over the budget of $1.00 by $318.38', from: 'plan' },
    ]);
    const table = await runInProcess(['plan', 'over.yaml', '--no-policies'], { cwd: dir });
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('skipped (--no-policies)');
  });

  it('diff takes it too: the plan\'s failOverBudget fails without it (exit 1), is skipped with it (exit 0)', async () => {
    const base = await runInProcess(['plan', 'over.yaml', '--no-policies', '--format', 'json', '--out', 'base.json'], { cwd: dir });
    expect(base.code).toBe(0);
    const gated = await runInProcess(['diff', '--compare-to', 'base.json', 'over.yaml', '--format', 'json'], { cwd: dir });
    expect(gated.code).toBe(1);
    const off = await runInProcess(['diff', '--compare-to', 'base.json', 'over.yaml', '--no-policies', '--format', 'json'], { cwd: dir });
    expect(off.code).toBe(0);
    expect((JSON.parse(off.stdout) as { policies: { status: string }[] }).policies.map((policy) => policy.status)).toEqual(['skipped']);
  });

  it('bad input is still exit 2', async () => {
    expectCleanError(await runInProcess(['plan', 'bad.yaml', '--no-policies'], { cwd: dir }));
    expectCleanError(await runInProcess(['plan', 'missing.yaml', '--no-policies'], { cwd: dir }));
  });

  it('a --fail-* flag with it is a usage error (exit 2) naming the flags', async () => {
    const result = await runInProcess(['plan', 'over.yaml', '--no-policies', '--fail-over-budget', '--fail-on-increase-usd', '5'], { cwd: dir });
    expectCleanError(result);
    expect(result.stderr).toContain('--no-policies checks no policy; it cannot be combined with --fail-over-budget, --fail-on-increase-usd.');
  });

  it('plan --help documents it', async () => {
    expect((await runInProcess(['plan', '--help'])).stdout).toContain('--no-policies');
    expect((await runInProcess(['diff', '--help'])).stdout).toContain('--no-policies');
  });
});

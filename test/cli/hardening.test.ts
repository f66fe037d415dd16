// Issue 10, the CLI part: a CI gate never passes on a plan it cannot price, input is bounded
// before it is parsed, every bad input is a one-line message with exit 2 (never a stack trace),
// and markdown reports escape what the user wrote.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanReport } from '../../src/cli/report/types.js';
import { expectCleanError, runInProcess, runSource } from './helpers.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'llm-spend-cli-hardening-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a plan file in the temporary directory and returns its path. */
function planFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const BUDGET = 'budget: { usd: 1, per: month }\npolicies: { failOverBudget: true }\n';

describe('a plan that cannot be priced is an error (exit 2), never a $0 that passes a gate', () => {
  it('priority tier on gpt-5.4-nano (no priority price): exit 2 naming the workload, the model and why', async () => {
    const file = planFile(
      'priority.yaml',
      `version: 1\nmodels: [gpt-5.4-nano]\n${BUDGET}workloads:\n  - name: triage\n    tier: priority\n    volume: { calls: 50000, per: day }\n    tokens: { input: 1000, output: 40 }\n`,
    );
    const result = await runInProcess(['plan', file, '--fail-over-budget']);
    expectCleanError(result);
    expect(result.stderr).toContain(`${file}:6:11: workloads[0]: workload "triage"`);
    expect(result.stderr).toContain('workload "triage" cannot be priced');
    expect(result.stderr).toContain('gpt-5.4-nano: has no priority price');
    expect(result.stderr).toContain('never a $0 total');
  });

  it('an `at` date before any price: exit 2', async () => {
    const file = planFile('early.yaml', `version: 1\nat: "1990-01-01"\n${BUDGET}workloads:\n  - name: triage\n    volume: { calls: 50000, per: day }\n    tokens: { input: 1000, output: 40 }\n`);
    const result = await runInProcess(['plan', file, '--fail-over-budget']);
    expectCleanError(result);
    expect(result.stderr).toContain('workload "triage" cannot be priced');
    expect(result.stderr).toMatch(/gpt-5\.4-mini: had no price in effect at 1990-01-01/);
    expect(result.stderr).toMatch(/gpt-5\.4-nano: had no price in effect at 1990-01-01/);
  });

  it('every call over every candidate’s context window: exit 2', async () => {
    const file = planFile('context.yaml', `version: 1\n${BUDGET}workloads:\n  - name: huge\n    volume: { calls: 100, per: day }\n    tokens: { input: 500000, output: 40 }\n`);
    const result = await runInProcess(['plan', file, '--fail-over-budget', '--format', 'json']);
    expectCleanError(result);
    expect(result.stderr).toContain('workload "huge" cannot be priced');
    expect(result.stderr).toContain("no call fits gpt-5.4-mini's context window (input above");
  });

  it('names every workload that cannot be priced in one message, and nothing for those that can', async () => {
    const file = planFile(
      'two.yaml',
      `version: 1\nmodels: [gpt-5.4-nano]\nworkloads:\n  - name: fine\n    volume: { calls: 10, per: day }\n    tokens: { input: 100, output: 10 }\n  - name: fast\n    tier: priority\n    volume: { calls: 10, per: day }\n    tokens: { input: 100, output: 10 }\n  - name: long\n    volume: { calls: 10, per: day }\n    tokens: { input: 900000, output: 10 }\n`,
    );
    const result = await runInProcess(['plan', file]);
    expectCleanError(result);
    expect(result.stderr).toContain('workloads[1]: workload "fast" cannot be priced');
    expect(result.stderr).toContain('workloads[2]: workload "long" cannot be priced');
    expect(result.stderr).not.toContain('"fine"');
  });

  it('a workload priced by one candidate but not another still reports, with the other marked unavailable', async () => {
    const file = planFile(
      'mixed.yaml',
      `version: 1\nmodels: [gpt-5.4-nano, gpt-5.4-mini]\n${BUDGET}workloads:\n  - name: triage\n    tier: priority\n    volume: { calls: 1000, per: day }\n    tokens: { input: 1000, output: 40 }\n`,
    );
    const result = await runInProcess(['plan', file, '--format', 'json']);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as PlanReport;
    const workload = report.workloads[0];
    expect(workload?.selected?.option).toBe('gpt-5.4-mini');
    expect(workload?.models.find((row) => row.model === 'gpt-5.4-nano')?.available).toBe(false);
    expect(workload?.warnings.map((item) => item.code)).toContain('PRICE_UNKNOWN');
    // 1,000 calls a day of 1,000 input and 40 output tokens on mini's priority price, over 730 hours: not $0.
    expect(report.totals.monthly.expected).not.toBe('0');
    expect(result.code).toBe(1); // and the gate sees the real spend: over a $1 budget
  });

  it('a pinned model that fits no call is an error even when another candidate fits them', async () => {
    const file = planFile(
      'pinned.yaml',
      `version: 1\nmodels: [gpt-5.4-nano, gpt-4.1-nano]\nworkloads:\n  - name: long\n    model: gpt-5.4-nano\n    volume: { calls: 10, per: day }\n    tokens: { input: 500000, output: 10 }\n`,
    );
    const result = await runInProcess(['plan', file]);
    expectCleanError(result);
    expect(result.stderr).toContain('workload "long" cannot be priced as planned');
    expect(result.stderr).toContain('the option pinned with `model:`, gpt-5.4-nano');
    expect(result.stderr).toContain('(gpt-4.1-nano)');
  });

  it('a workload that some calls overflow still reports what fits (with the warning)', async () => {
    const file = planFile(
      'some-overflow.yaml',
      `version: 1\nmodels: [gpt-5.4-nano]\nworkloads:\n  - name: mixed\n    volume: { calls: 10, per: day }\n    tokens: { input: { uniform: [1000, 500000] }, output: 10 }\n`,
    );
    const result = await runInProcess(['plan', file, '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as PlanReport;
    expect(report.workloads[0]?.warnings.map((item) => item.code)).toContain('CONTEXT_OVERFLOW');
  });
});

describe('numbers the projections cannot hold: exit 2 with the file, line and field', () => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ['calls: 9e15', 'volume: { calls: 9e15, per: day }\n    tokens: { input: 100, output: 40 }', 'workloads[0].volume.calls'],
    ['input: 1e300', 'volume: { calls: 10, per: day }\n    tokens: { input: 1e300, output: 40 }', 'workloads[0].tokens.input'],
    ['input: 2^53+1', 'volume: { calls: 10, per: day }\n    tokens: { input: 9007199254740993, output: 40 }', 'workloads[0].tokens.input'],
    ['a lognormal p95 of 2^53', 'volume: { calls: 1000, per: day }\n    tokens:\n      input: { lognormal: { median: 100, p95: 9007199254740992 } }\n      output: 40', 'workloads[0].tokens.input.lognormal.p95'],
  ];
  for (const [name, body, field] of cases) {
    it(`${name}: exit 2 naming ${field}`, async () => {
      const file = planFile(`limits-${name.replace(/\W+/g, '-')}.yaml`, `version: 1\n${BUDGET}workloads:\n  - name: w\n    ${body}\n`);
      const result = await runInProcess(['plan', file, '--fail-over-budget']);
      expectCleanError(result);
      expect(result.stderr).toContain(file);
      expect(result.stderr).toContain(field);
      expect(result.stderr).not.toContain('NaN');
    });
  }

  it('an `at` that is not a calendar date (2026-02-30): exit 2 naming `at` and its line', async () => {
    const file = planFile('bad-at.yaml', `version: 1\nat: "2026-02-30"\n${BUDGET}workloads:\n  - name: w\n    volume: { calls: 10, per: day }\n    tokens: { input: 100, output: 40 }\n`);
    const result = await runInProcess(['plan', file, '--fail-over-budget']);
    expectCleanError(result);
    expect(result.stderr).toContain(`${file}:2:5: at: must be a real date`);
  });

  it('a model id of many slashes: a one-line message, no stack trace (cost and plan)', async () => {
    const id = 'a/'.repeat(20_000) + 'b';
    const cost = await runInProcess(['cost', id, '--input', '1', '--output', '1']);
    expectCleanError(cost);
    expect(cost.stderr).toContain('a model id is at most 256 characters');
    const file = planFile('slashes.yaml', `version: 1\nmodels: ["${id}"]\nworkloads:\n  - name: w\n    volume: { calls: 10, per: day }\n    tokens: { input: 100, output: 40 }\n`);
    const plan = await runInProcess(['plan', file]);
    expectCleanError(plan);
    expect(plan.stderr).toContain('models[0]: a model id is at most 256 characters; got one of 40001');
    expect(Math.max(...plan.stderr.split('\n').map((line) => line.length))).toBeLessThanOrEqual(401);
  });
});

describe('bounded input: refused before parsing, with exit 2 and one line', () => {
  it('a YAML alias bomb (8 levels of 9 aliases, under 500 bytes) is refused at once', async () => {
    const lines = ['version: 1', 'a0: &a0 [x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level <= 8; level += 1) lines.push(`a${level}: &a${level} [${Array.from({ length: 9 }, () => `*a${level - 1}`).join(', ')}]`);
    lines.push('workloads: *a8');
    const text = `${lines.join('\n')}\n`;
    expect(text.length).toBeLessThan(500);
    const result = await runSource(['plan', planFile('bomb.yaml', text)], { timeoutMs: 30_000 });
    expect(result.timedOut).toBe(false); // hang guard
    expectCleanError(result);
    expect(result.stderr).toContain('aliases (*name) expand to more than 100,000 values');
  });

  it('a small alias that is reused reads as its copies', async () => {
    const file = planFile(
      'alias.yaml',
      'version: 1\nworkloads:\n  - name: a\n    volume: &v { calls: 10, per: day }\n    tokens: &t { input: 100, output: 40 }\n  - name: b\n    volume: *v\n    tokens: *t\n',
    );
    const result = await runInProcess(['plan', file, '--format', 'json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as PlanReport;
    expect(report.workloads.map((workload) => workload.selected?.monthly.expected)).toEqual([report.workloads[0]?.selected?.monthly.expected, report.workloads[0]?.selected?.monthly.expected]);
  });

  it('a YAML tag that makes bytes or a date (!!binary, !!timestamp) is refused at its line', async () => {
    const file = planFile('binary.yaml', 'version: 1\ntitle: !!binary aGVsbG8=\nworkloads:\n  - name: w\n    volume: { calls: 10, per: day }\n    tokens: { input: 100, output: 40 }\n');
    const result = await runInProcess(['plan', file]);
    expectCleanError(result);
    expect(result.stderr).toContain(`${file}:2:17: title: a YAML tag that makes binary data (tag:yaml.org,2002:binary) is not supported`);
  });

  it('a plan with hundreds of problems lists the first 20 and counts the rest', async () => {
    const workloads = Array.from({ length: 60 }, (_, index) => `  - name: w${index}\n    volume: { calls: -1, per: fortnight }\n    tokens: { input: 1, output: 1 }\n`).join('');
    const result = await runInProcess(['plan', planFile('many.yaml', `version: 1\nworkloads:\n${workloads}`)]);
    expectCleanError(result);
    expect(result.stderr).toContain('... and 100 more problems');
    expect(result.stderr.split('\n').length).toBeLessThan(30);
  });

  it('a 10 MB one-line JSON plan is refused by size, not parsed', async () => {
    const samples = Array.from({ length: 2_500_000 }, (_, index) => 100 + (index % 900)).join(',');
    const file = planFile('big.json', `{"version":1,"workloads":[{"name":"w","volume":{"calls":10,"per":"day"},"tokens":{"input":{"samples":[${samples}]},"output":40}}]}`);
    const result = await runInProcess(['plan', file]);
    expectCleanError(result);
    expect(result.stderr).toBe(`llm-spend: plan file ${file} is larger than 1 MiB, the limit of llm-spend; refused before parsing.\n`);
  });

  it('/dev/zero as a plan, a pricing file or a baseline stops at the limit', async () => {
    const plan = await runSource(['plan', '/dev/zero'], { timeoutMs: 30_000 });
    expect(plan.timedOut).toBe(false);
    expectCleanError(plan);
    expect(plan.stderr).toContain('plan file /dev/zero is larger than 1 MiB');
    const pricing = await runInProcess(['plan', 'examples/support-triage.yaml', '--pricing', '/dev/zero']);
    expectCleanError(pricing);
    expect(pricing.stderr).toContain('pricing file /dev/zero is larger than 64 MiB');
    const baseline = await runInProcess(['diff', '--compare-to', '/dev/zero', 'examples/support-triage.yaml']);
    expectCleanError(baseline);
    expect(baseline.stderr).toContain('baseline report /dev/zero is larger than 64 MiB');
  });

  it('a FIFO whose writer never stops is cut at the limit', async () => {
    const fifo = join(dir, 'plan.fifo');
    execFileSync('mkfifo', [fifo]);
    const yes = spawn('sh', ['-c', `yes 'a: 1' > '${fifo}'`], { stdio: 'ignore' });
    try {
      const result = await runSource(['plan', fifo], { timeoutMs: 30_000 });
      expect(result.timedOut).toBe(false);
      expectCleanError(result);
      expect(result.stderr).toContain('is larger than 1 MiB');
    } finally {
      yes.kill('SIGKILL');
    }
  });

  it('a directory or a missing file as the plan: one line', async () => {
    const missing = await runInProcess(['plan', join(dir, 'nope.yaml')]);
    expectCleanError(missing);
    expect(missing.stderr).toBe(`llm-spend: cannot read plan file ${join(dir, 'nope.yaml')}: no such file or directory (ENOENT).\n`);
    const directory = await runInProcess(['plan', dir]);
    expectCleanError(directory);
    expect(directory.stderr).toBe(`llm-spend: cannot read plan file ${dir}: it is a directory (EISDIR).\n`);
    const empty = await runInProcess(['plan', '']);
    expectCleanError(empty);
    expect(empty.stderr).toContain('it is a directory');
  });
});

describe('--out and help: one-line messages, never a stack trace', () => {
  it('--out naming a directory', async () => {
    const result = await runInProcess(['schema', '--out', dir]);
    expectCleanError(result);
    expect(result.stderr).toBe(`llm-spend: cannot write ${dir}: it is a directory (EISDIR); name a file in it, such as ${dir}/spend.md.\n`);
    const slash = await runInProcess(['plan', 'examples/support-triage.yaml', '--out', 'reports/']);
    expectCleanError(slash);
    expect(slash.stderr).toContain('--out needs a file name, not a directory; got "reports/"');
  });

  it('--out under a regular file (ENOTDIR or EEXIST)', async () => {
    const file = planFile('a-file', 'x');
    const result = await runInProcess(['schema', '--out', join(file, 'report.json')]);
    expectCleanError(result);
    expect(result.stderr).toMatch(/^llm-spend: cannot (create the directory of|write) .*a-file\/report\.json: .*\((ENOTDIR|EEXIST)\)\.\n$/);
    const deeper = await runInProcess(['schema', '--out', join(file, 'sub', 'report.json')]);
    expectCleanError(deeper);
    expect(deeper.stderr.split('\n')).toHaveLength(2);
  });

  it('--out as an empty string', async () => {
    const result = await runInProcess(['plan', 'examples/support-triage.yaml', '--out', '']);
    expectCleanError(result);
    expect(result.stderr).toContain('llm-spend plan: --out needs a file name such as spend.md; got an empty one.');
  });

  it('--out on a full disk (/dev/full: ENOSPC)', async () => {
    const result = await runInProcess(['schema', '--out', '/dev/full']);
    expectCleanError(result);
    expect(result.stderr).toBe('llm-spend: cannot write /dev/full: no space left on the device (ENOSPC).\n');
  });

  it('--out in a read-only directory (EACCES), unless running as root', async () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    try {
      const result = await runInProcess(['schema', '--out', join(locked, 'schema.json')]);
      if (process.getuid?.() === 0) {
        // root writes anyway: the report is written and exit is 0.
        expect(result.code).toBe(0);
        expect(readFileSync(join(locked, 'schema.json'), 'utf8')).toContain('llm-spend plan');
      } else {
        expectCleanError(result);
        expect(result.stderr).toContain('permission denied (EACCES)');
      }
    } finally {
      chmodSync(locked, 0o700);
    }
  });

  it('help constructor, help __proto__, help toString and help for an unknown command', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'nope', 'plna']) {
      const result = await runInProcess(['help', name]);
      expectCleanError(result);
      expect(result.stderr).toContain(`no help for "${name}": not a command.`);
    }
    expect((await runInProcess(['help', 'plna'])).stderr).toContain('Did you mean "plan"');
    for (const name of ['constructor', '__proto__', 'toString']) {
      const result = await runInProcess([name, '--help']);
      expectCleanError(result);
      expect(result.stderr).toContain(`unknown command "${name}"`);
    }
    const known = await runInProcess(['help', 'cost']);
    expect(known.code).toBe(0);
    expect(known.stdout).toContain('Usage: llm-spend cost <model>');
  });

  it('a one-line JSON plan with an error shows a window of the line, not the whole line', async () => {
    const padding = '"title":"' + 'x'.repeat(50_000) + '",';
    const file = planFile('wide.json', `{${padding}"version":1,"workloads":[{"name":"w","volume":{"calls":10,"per":"fortnight"},"tokens":{"input":1,"output":1}}]}`);
    const result = await runInProcess(['plan', file]);
    expectCleanError(result);
    expect(result.stderr).toContain('workloads[0].volume.per');
    expect(Math.max(...result.stderr.split('\n').map((line) => line.length))).toBeLessThanOrEqual(401);
  });
});

describe('what the user wrote cannot drive a terminal or a CI log', () => {
  it('a workload name is one line without control characters', async () => {
    const file = planFile('name.yaml', 'version: 1\nworkloads:\n  - name: "ok\\n::error::injected"\n    volume: { calls: 10, per: day }\n    tokens: { input: 100, output: 40 }\n');
    const result = await runInProcess(['plan', file]);
    expectCleanError(result);
    expect(result.stderr).toContain(`${file}:3:11: workloads[0].name: must be one line without control characters`);
    expect(result.stderr).not.toMatch(/^::error::/m);
  });

  it('escape sequences in a title or description print as U+FFFD in the table', async () => {
    const file = planFile('ansi.yaml', 'version: 1\ntitle: "\\e[2J\\e]0;owned\\a cleared"\nworkloads:\n  - name: w\n    description: "\\e[31mred \\u202eevil"\n    volume: { calls: 10, per: day }\n    tokens: { input: 100, output: 40 }\n');
    const result = await runInProcess(['plan', file]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('\u001b');
    expect(result.stdout).not.toContain('\u202e');
    expect(result.stdout).toContain('\ufffd[2J\ufffd]0;owned\ufffd cleared');
    expect(result.stdout).toContain('\ufffd[31mred \ufffdevil');
  });
});

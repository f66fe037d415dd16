// The GitHub Actions recipe of docs/cli.md ("A CI recipe: baseline, comment, gate"), run as
// written: its workflow is read from the page (so the page cannot drift from what is tested),
// and each `run:` step is run as GitHub runs it on Linux, `bash -e <script>`, in order, in a
// pull-request checkout of a real git repository, against the built CLI:
//   - `npx llm-spend` runs dist/cli.js (a shim on PATH), `npm ci` does nothing, and `gh` records
//     the comment it would post (`--edit-last` fails while there is no comment, as gh does);
//   - `uses:` steps are the checkout (made here) and setup-node (this node);
//   - `${{ ... }}` expressions are filled in from a table (an unknown one fails the test);
//   - `KEY=VALUE` lines a step appends to $GITHUB_ENV are in the environment of the steps after it;
//   - a step that exits non-zero ends the job there, as on GitHub.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { cli, ensureBuilt, repo, TODAY } from './helpers.js';

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly env?: Record<string, string>;
}

/** The workflow of the recipe: the first ```yaml block under its heading in docs/cli.md. */
function recipeSteps(): Step[] {
  const text = readFileSync(join(repo, 'docs', 'cli.md'), 'utf8');
  const heading = text.indexOf('## A CI recipe');
  if (heading < 0) throw new Error('docs/cli.md has no "## A CI recipe" section');
  const before = text.slice(0, heading).split('\n').length - 1;
  const fence = text
    .slice(heading)
    .split('\n')
    .findIndex((line) => /^```ya?ml\s*$/.test(line));
  if (fence < 0) throw new Error('the CI recipe has no ```yaml block');
  const lines = text.split('\n');
  const start = before + fence;
  const end = lines.findIndex((line, index) => index > start && /^```\s*$/.test(line));
  const workflow = parseYaml(lines.slice(start + 1, end).join('\n')) as { on?: unknown; jobs?: Record<string, { steps?: Step[] }> };
  const jobs = Object.values(workflow.jobs ?? {});
  if (jobs.length !== 1 || jobs[0]?.steps === undefined) throw new Error('the recipe should have one job with steps');
  return jobs[0].steps;
}

const EXPRESSIONS: Readonly<Record<string, string>> = {
  'github.token': 'test-token',
  'github.event.pull_request.number': '42',
};

function expand(value: string): string {
  return value.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
    const known = EXPRESSIONS[expression];
    if (known === undefined) throw new Error(`the recipe uses \${{ ${expression} }}, which this test does not know`);
    return known;
  });
}

interface StepResult {
  readonly name: string;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface JobResult {
  readonly steps: readonly StepResult[];
  /** The exit code of the step that failed the job, or 0. */
  readonly code: number | null;
  readonly comments: readonly string[];
  readonly ghCalls: readonly string[];
}

/** The steps' exit codes, and what they printed, for a failure message. */
function codes(job: JobResult): (number | null)[] {
  return job.steps.map((step) => step.code);
}
function show(job: JobResult): string {
  return job.steps.map((step) => `${step.name}: exit ${String(step.code)}\n${step.stderr}`).join('\n');
}

let root = '';
let shims = '';

function sh(cwd: string, command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

let scenarios = 0;
/** A repository whose base branch holds `base` and whose pull request changes it to `pr`; runs the job. */
function runJob(base: string, pr: string, edit: (script: string) => string = (script) => script): JobResult {
  scenarios += 1;
  const dir = join(root, `job-${scenarios}`);
  const origin = join(dir, 'origin.git');
  const work = join(dir, 'work');
  const temp = join(dir, 'runner-temp');
  const gh = join(dir, 'gh');
  for (const folder of [dir, work, temp, gh]) mkdirSync(folder, { recursive: true });
  sh(dir, 'git', ['init', '-q', '--bare', origin]);
  sh(work, 'git', ['init', '-q', '-b', 'main']);
  sh(work, 'git', ['remote', 'add', 'origin', origin]);
  writeFileSync(join(work, 'llm-spend.yaml'), base);
  sh(work, 'git', ['add', 'llm-spend.yaml']);
  sh(work, 'git', ['commit', '-q', '-m', 'base']);
  sh(work, 'git', ['push', '-q', 'origin', 'main']);
  sh(work, 'git', ['checkout', '-q', '-b', 'pr']);
  writeFileSync(join(work, 'llm-spend.yaml'), pr);
  sh(work, 'git', ['commit', '-q', '-am', 'pr']);

  const githubEnv = join(dir, 'github-env');
  writeFileSync(githubEnv, '');
  let env: Record<string, string> = {
    PATH: `${shims}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
    HOME: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_BASE_REF: 'main',
    GITHUB_HEAD_REF: 'pr',
    GITHUB_ENV: githubEnv,
    RUNNER_TEMP: temp,
    GH_LOG: gh,
    LLM_SPEND_CLI: cliCopy,
    LLM_SPEND_TODAY: TODAY,
  };
  const steps: StepResult[] = [];
  for (const [index, step] of recipeSteps().entries()) {
    if (step.run === undefined) continue;
    const name = step.name ?? step.run.split('\n')[0] ?? `step ${index}`;
    const script = join(dir, `step-${index}.sh`);
    writeFileSync(script, edit(step.run));
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([key, value]) => [key, expand(String(value))]));
    const result = spawnSync('bash', ['-e', script], { cwd: work, env: { ...env, ...stepEnv }, encoding: 'utf8', timeout: 120_000 });
    steps.push({ name, code: result.status, stdout: result.stdout, stderr: result.stderr });
    // GITHUB_ENV: KEY=VALUE lines, for the steps after this one.
    for (const line of readFileSync(githubEnv, 'utf8').split('\n')) {
      const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
      if (match?.[1] !== undefined) env = { ...env, [match[1]]: match[2] ?? '' };
    }
    if (result.status !== 0) break;
  }
  const posted = readdirSync(gh).filter((name) => name.startsWith('comment-')).sort();
  return {
    steps,
    code: steps.find((step) => step.code !== 0)?.code ?? 0,
    comments: posted.map((name) => readFileSync(join(gh, name), 'utf8')),
    ghCalls: existsSync(join(gh, 'calls')) ? readFileSync(join(gh, 'calls'), 'utf8').trim().split('\n') : [],
  };
}

/** A plan: `calls` a day of 800 in + 40 out on gpt-5.4-nano, a $100 budget, failOverBudget. */
function plan(calls: number | string): string {
  return [
    'version: 1',
    'budget: { usd: 100, per: month }',
    'policies: { failOverBudget: true }',
    'workloads:',
    '  - name: triage',
    `    volume: { calls: ${calls}, per: day }`,
    '    tokens: { input: 800, output: 40 }',
    '    model: gpt-5.4-nano',
    '',
  ].join('\n');
}
// $0.00021 a call (800 × $0.20/M + 40 × $1.25/M); a month is 730 hours.
const WITHIN = plan(10_000); // 304,166.7 calls: $63.875 a month
const WITHIN_PLUS_5 = plan(10_500); // $67.06875: +5%
const OVER = plan(50_000); // $319.375 a month, over $100
const INVALID = plan('"many"');

/** The built CLI, copied where another build (tsup cleans dist/) cannot remove it mid-test. */
let cliCopy = '';

beforeAll(() => {
  ensureBuilt();
  root = mkdtempSync(join(tmpdir(), 'llm-spend-ci-recipe-'));
  shims = join(root, 'bin');
  mkdirSync(shims);
  // Under the repository's node_modules, so that the copy resolves the CLI's dependencies.
  const cache = join(repo, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const copyDir = mkdtempSync(join(cache, 'llm-spend-ci-recipe-'));
  cliCopy = join(copyDir, 'cli.js');
  copyFileSync(cli, cliCopy);
  const shim = (name: string, body: string): void => {
    writeFileSync(join(shims, name), `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(join(shims, name), 0o755);
  };
  shim('npx', 'if [ "$1" = llm-spend ]; then shift; exec node "$LLM_SPEND_CLI" "$@"; fi\necho "npx shim: only llm-spend" >&2; exit 127');
  shim('npm', 'if [ "$1" = ci ]; then exit 0; fi\necho "npm shim: only ci" >&2; exit 127');
  // gh pr comment <n> --body-file <f> [--edit-last]: records the body; --edit-last needs a comment.
  shim(
    'gh',
    [
      'echo "$*" >> "$GH_LOG/calls"',
      '[ "$1 $2" = "pr comment" ] || { echo "gh shim: only pr comment" >&2; exit 1; }',
      '[ -n "$GH_TOKEN" ] || { echo "gh: GH_TOKEN is not set" >&2; exit 4; }',
      'body=""; edit=0; shift 3',
      'while [ $# -gt 0 ]; do case "$1" in --body-file) body="$2"; shift 2;; --edit-last) edit=1; shift;; *) echo "gh shim: unknown $1" >&2; exit 1;; esac; done',
      '[ -f "$body" ] || { echo "gh: open $body: no such file or directory" >&2; exit 1; }',
      'count=$(ls "$GH_LOG" | grep -c "^comment-" || true)',
      'if [ "$edit" = 1 ] && [ "$count" = 0 ]; then echo "no comments found for current user" >&2; exit 1; fi',
      'if [ "$edit" = 1 ]; then cp "$body" "$GH_LOG/comment-$count.md"; else cp "$body" "$GH_LOG/comment-$((count + 1)).md"; fi',
    ].join('\n'),
  );
}, 300_000);

afterAll(() => {
  if (root !== '') rmSync(root, { recursive: true, force: true });
  if (cliCopy !== '') rmSync(dirname(cliCopy), { recursive: true, force: true });
});

describe('the CI recipe of docs/cli.md, run as written', () => {
  it('is a workflow with a baseline, a diff, a comment and a gate, in that order', () => {
    const runs = recipeSteps().flatMap((step) => (step.run === undefined ? [] : [step.run]));
    const at = (pattern: RegExp): number => runs.findIndex((run) => pattern.test(run));
    expect(at(/llm-spend plan .*--no-policies/)).toBeGreaterThanOrEqual(0);
    expect(at(/llm-spend diff/)).toBeGreaterThan(at(/llm-spend plan/));
    expect(at(/gh pr comment/)).toBeGreaterThan(at(/llm-spend diff/));
    expect(runs.at(-1)).toMatch(/^exit /);
  });

  it('the base branch already over budget: the baseline survives, the comment is posted, the job passes', () => {
    const job = runJob(OVER, WITHIN);
    // npm ci, baseline, diff, comment, gate
    expect(codes(job), show(job)).toEqual([0, 0, 0, 0, 0]);
    expect(job.code).toBe(0);
    expect(job.comments).toHaveLength(1);
    expect(job.comments[0]).toContain('<!-- llm-spend -->');
    expect(job.comments[0]).toContain('Monthly LLM spend will decrease by $255.50 (-80%)');
    // first with --edit-last (no comment yet: gh refuses), then a new comment
    expect(job.ghCalls).toEqual(['pr comment 42 --body-file comment.md --edit-last', 'pr comment 42 --body-file comment.md']);
  });

  it('without --no-policies the same job stops at the baseline (the failure the flag prevents)', () => {
    const job = runJob(OVER, WITHIN, (script) => script.replace(' --no-policies', ''));
    expect(codes(job), show(job)).toEqual([0, 1]);
    expect(job.comments).toEqual([]);
  });

  it('the pull request over budget: the comment is posted, then the gate fails the job with exit 1', () => {
    const job = runJob(WITHIN, OVER);
    expect(codes(job), show(job)).toEqual([0, 0, 0, 0, 1]);
    expect(job.steps.at(-1)?.name).toMatch(/^Gate/);
    expect(job.code).toBe(1);
    expect(job.comments).toHaveLength(1);
    expect(job.comments[0]).toContain('Monthly LLM spend will increase by $255.50 (+400%)');
  });

  it('both within budget and within +10%: the comment is posted, the job passes', () => {
    const job = runJob(WITHIN, WITHIN_PLUS_5);
    expect(codes(job), show(job)).toEqual([0, 0, 0, 0, 0]);
    expect(job.comments).toHaveLength(1);
    expect(job.comments[0]).toContain('Monthly LLM spend will increase by $3.19 (+5%)');
  });

  it('a pull request whose plan does not validate: no comment, the gate fails the job with exit 2', () => {
    const job = runJob(WITHIN, INVALID);
    expect(codes(job), show(job)).toEqual([0, 0, 0, 0, 2]);
    expect(job.steps[2]?.stderr).toContain('llm-spend: ');
    expect(job.comments).toEqual([]);
    expect(job.ghCalls).toEqual([]);
  });
});

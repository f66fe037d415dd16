// The CLI's process-level contract under hostile input: generated plan files (random YAML and
// JSON, wrong types, huge numbers, unknown models, aliases, odd unicode), pricing files,
// baselines and command lines. Whatever comes in: the exit code is 0, 1 or 2; exit 2 prints a
// short error on stderr (never "unexpected error", never a stack trace) and nothing on stdout;
// exit 0 or 1 prints a report; and no run hangs.
//
// The CLI runs in this process (no spawn), from a temporary working directory that holds copies
// of the example plans: every path a generated command line names is inside it (a generated
// --out may overwrite any of them; they are restored before each run), never a file of the
// repository. FUZZ_RUNS=<n> for a long run; FC_SEED=<seed> to reproduce.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { FC_SEED } from '../seed.js';
import { repo, TODAY, type CliResult } from './helpers.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 0);
/** Runs per property: small by default (the suite stays under ~30 s on 2 cores), FUZZ_RUNS for more. */
const runs = (normal: number): number => (RUNS > 0 ? RUNS : normal);
/** The time a whole property may take: generous per run, so a long FUZZ_RUNS run is not cut short. */
const budget = (normal: number): number => Math.max(60_000, runs(normal) * 1_000);
/** A hang guard, not a timing assertion: one run of the CLI on a small input never takes this long. */
const HANG_MS = 20_000;
/** "Single-line-ish": an error lists each problem on its line plus a short code frame. */
const MAX_ERROR_LINES = 30;
const MAX_LINE = 401;

let dir = '';
let counter = 0;
/** A real baseline report (support-triage), mutated by the diff property. */
let baseline: unknown = null;
/** Copies of repository files, by their name in the temporary directory. */
const COPIES: Readonly<Record<string, string>> = {
  'support-triage.yaml': join(repo, 'examples', 'support-triage.yaml'),
  'agent-pipeline.yaml': join(repo, 'examples', 'agent-pipeline.yaml'),
  'bad-field.yaml': join(repo, 'test', 'cli', 'fixtures', 'bad-field.yaml'),
  'unknown-model.yaml': join(repo, 'test', 'cli', 'fixtures', 'unknown-model.yaml'),
};
function restoreCopies(): void {
  for (const [name, source] of Object.entries(COPIES)) copyFileSync(source, join(dir, name));
}
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'llm-spend-cli-fuzz-'));
  mkdirSync(join(dir, 'sub'));
  restoreCopies();
  const result = runHere(['plan', 'support-triage.yaml', '--format', 'json']);
  expect(result.code, result.stderr).toBe(0);
  baseline = JSON.parse(result.stdout);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runHere(args: readonly string[]): CliResult & { ms: number } {
  let stdout = '';
  let stderr = '';
  const started = Date.now();
  const code = run(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: { LLM_SPEND_TODAY: TODAY },
    cwd: dir,
    isTTY: false,
  });
  return { code, stdout, stderr, ms: Date.now() - started };
}

function writeTemp(extension: string, text: string): string {
  counter += 1;
  const path = join(dir, `input-${counter}.${extension}`);
  writeFileSync(path, text);
  return path;
}

/** The process-level contract. */
function checkContract(args: readonly string[], result: CliResult & { ms: number }): void {
  const context = `argv: ${JSON.stringify(args).slice(0, 600)}\nstderr: ${result.stderr.slice(0, 1500)}`;
  expect(result.ms, `hang guard\n${context}`).toBeLessThan(HANG_MS);
  expect([0, 1, 2], context).toContain(result.code);
  expect(result.stderr, context).not.toMatch(/unexpected error/);
  expect(result.stderr, context).not.toMatch(/\n\s+at [^\n]+:\d+:\d+\)?(\n|$)/);
  if (result.code === 2) {
    expect(result.stdout, context).toBe('');
    expect(result.stderr, context).toMatch(/^llm-spend/);
    const lines = result.stderr.replace(/\n$/, '').split('\n');
    expect(lines.length, context).toBeLessThanOrEqual(MAX_ERROR_LINES);
    for (const line of lines) expect([...line].length, context).toBeLessThanOrEqual(MAX_LINE);
  } else {
    const wroteFile = args.some((arg) => arg === '-o' || arg.startsWith('--out'));
    if (!wroteFile) expect(result.stdout.length, context).toBeGreaterThan(0);
  }
}

// --- generators -------------------------------------------------------------------------------

const oddStrings = fc.constantFrom(
  '',
  ' ',
  '__proto__',
  'constructor',
  'toString',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'a|b',
  '`rm -rf`',
  '\u0000',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '👩‍👩‍👧‍👦🔥',
  'e\u0301\u0301\u0301',
  '\ud800',
  '\u001b[31mred',
  'x'.repeat(5000),
  'a/'.repeat(400),
  '1e309',
  'NaN',
  '-0',
  '0x10',
  '.inf',
  '~',
  '2026-02-30',
  '0001-01-01',
  '9999-12-31',
);
const anyString = fc.oneof(oddStrings, fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 12 }));

const hugeNumbers = fc.constantFrom(0, -0, -1, 0.5, 1e-300, 1e300, -1e300, 9e15, 2 ** 53, 2 ** 53 + 2, 1e10, 1e13, 1e9, 1e9 + 1, 123456789.123, Number.MAX_VALUE, Number.MIN_VALUE);
const anyNumber = fc.oneof(hugeNumbers, fc.integer({ min: -10, max: 2_000_000 }), fc.double({ noDefaultInfinity: false }));

const wrongTypes = fc.oneof(fc.constant(null), fc.boolean(), fc.constant([]), fc.constant({}), anyString, fc.constant({ __proto__: { polluted: true } }), fc.constant([1, [2, [3]]]));
const anything: fc.Arbitrary<unknown> = fc.oneof({ weight: 3, arbitrary: anyNumber }, { weight: 2, arbitrary: wrongTypes }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) });

const modelId = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('gpt-5.4-mini', 'gpt-5.4-nano', 'gpt-5.4', 'gpt-4.1-nano', 'claude-haiku-4-5', 'openai/gpt-5.4-mini') },
  { weight: 2, arbitrary: fc.constantFrom('gpt-9', 'gpt-5.4-mnii', '', '__proto__', 'constructor', 'a/'.repeat(300), '/'.repeat(500), 'cascade:gpt-5.4-nano>gpt-5.4-mini', 'split:gpt-5.4-nano+gpt-5.4-mini') },
  { weight: 1, arbitrary: anyString },
);

// A valid plan first, then a few of its values replaced by hostile ones: most runs reach the
// projection and the recommender, some fail validation on one field, a few on several.
const goodTokens = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 20_000 }) }, { weight: 1, arbitrary: fc.constantFrom(1, 40, 1800, 150_000, 271_999, 272_001, 390_000) });
const goodDistribution: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: goodTokens },
  { weight: 2, arbitrary: fc.tuple(goodTokens, fc.double({ min: 1, max: 50, noNaN: true })).map(([median, spread]) => ({ lognormal: { median, p95: Math.round(median * spread) } })) },
  { weight: 1, arbitrary: fc.tuple(goodTokens, goodTokens).map(([a, b]) => ({ uniform: [Math.min(a, b), Math.max(a, b)] })) },
  { weight: 1, arbitrary: fc.tuple(goodTokens, fc.double({ min: 0, max: 1, noNaN: true })).map(([mean, cv]) => ({ normal: { mean, sd: Math.round(mean * cv) } })) },
  { weight: 1, arbitrary: fc.array(goodTokens, { minLength: 1, maxLength: 6 }).map((samples) => ({ samples })) },
  { weight: 1, arbitrary: fc.tuple(goodTokens, goodTokens).map(([a, b]) => ({ histogram: [{ upTo: Math.min(a, b), share: 0.25 }, { upTo: Math.max(a, b) + 1, share: 0.75 }] })) },
);
const goodCalls = fc.oneof(
  fc.integer({ min: 0, max: 5_000_000 }),
  fc.integer({ min: 10, max: 1_000_000 }).map((expected) => ({ low: Math.round(expected * 0.8), expected, high: Math.round(expected * 1.2) })),
  fc.integer({ min: 1, max: 1_000_000 }).map((median) => ({ low: Math.round(median / 3), median, high: median * 3 })),
);
const goodModel = fc.constantFrom('gpt-5.4-mini', 'gpt-5.4-nano', 'gpt-5.4', 'gpt-4.1-nano', 'claude-haiku-4-5');
const candidates = fc.uniqueArray(goodModel, { minLength: 2, maxLength: 3 });
const goodPeriod = fc.constantFrom('second', 'minute', 'hour', 'day', 'week', 'month');
const goodName = fc.oneof(fc.constantFrom('triage', 'chat', 'summarize'), anyString.filter((text) => text.trim() !== '' && !text.includes('\ud800')));
const goodWorkload = fc
  .record(
    {
      name: goodName,
      description: anyString,
      volume: fc.record({ calls: goodCalls, per: goodPeriod, growth: fc.record({ rate: fc.double({ min: -0.5, max: 0.5, noNaN: true }), per: fc.constant('month') }) }, { requiredKeys: ['calls', 'per'] }),
      kind: fc.oneof(
        { weight: 4, arbitrary: fc.record({ tokens: fc.record({ input: goodDistribution, output: goodDistribution, reasoning: goodDistribution }, { requiredKeys: ['input', 'output'] }) }) },
        { weight: 1, arbitrary: fc.record({ conversation: fc.record({ turns: fc.oneof(fc.integer({ min: 1, max: 30 }), fc.constant({ lognormal: { median: 6, p95: 20 } })), userTokensPerTurn: goodDistribution, assistantTokensPerTurn: goodDistribution, systemTokens: goodTokens }, { requiredKeys: ['turns', 'userTokensPerTurn', 'assistantTokensPerTurn'] }) }) },
        { weight: 1, arbitrary: fc.record({ steps: fc.array(fc.record({ model: goodModel, callsPerTask: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant({ lognormal: { median: 3, p95: 9 } })), tokens: fc.record({ input: goodDistribution, output: goodDistribution }) }, { requiredKeys: ['tokens'] }), { minLength: 1, maxLength: 3 }) }) },
      ),
      cache: fc.oneof(fc.record({ cachedShare: fc.double({ min: 0, max: 1, noNaN: true }) }), fc.record({ prefixTokens: goodTokens, hitRate: fc.double({ min: 0, max: 1, noNaN: true }) })),
      tier: fc.constantFrom('standard', 'batch', 'flex', 'priority', 'regional'),
      maxOutputTokens: goodTokens,
      model: fc.oneof(goodModel, fc.constant('openai/gpt-5.4-mini')),
      models: candidates,
      budget: fc.record({ usd: fc.constantFrom('900', '1500.50', 0, '0.000001'), per: fc.constantFrom('day', 'week', 'month', 'year') }),
      constraints: fc.oneof(
        fc.record({ task: fc.constantFrom('chat', 'classification', 'coding'), latency: fc.record({ p95Ms: fc.integer({ min: 1, max: 60_000 }) }) }, { requiredKeys: [] }),
        fc.record({ strategies: fc.constant(['single', 'cascade']), escalationRate: fc.double({ min: 0, max: 1, noNaN: true }) }),
        fc.record({ strategies: fc.constant(['single', 'split']), splitShare: fc.double({ min: 0, max: 1, noNaN: true }) }),
      ),
    },
    { requiredKeys: ['name', 'volume', 'kind'] },
  )
  .chain((workload) => sparse(workload, ['name', 'volume', 'kind']))
  .map(({ kind, ...rest }) => ({ ...rest, ...(kind as object) }));

/** Keeps each optional field with probability 1/4, so that a plan has a few options, not all of them. */
function sparse<T extends Record<string, unknown>>(value: T, required: readonly string[]): fc.Arbitrary<T> {
  const keys = Object.keys(value).filter((key) => !required.includes(key));
  return fc.array(fc.nat(3), { minLength: keys.length, maxLength: keys.length }).map((mask) => {
    const out: Record<string, unknown> = { ...value };
    keys.forEach((key, index) => {
      if (mask[index] !== 0) delete out[key];
    });
    return out as T;
  });
}

const goodPlan = fc.record(
  {
    version: fc.constant(1),
    title: anyString,
    models: candidates,
    budget: fc.record({ usd: fc.constantFrom('900', '1500.50', 1, '0.01'), per: fc.constantFrom('day', 'week', 'month', 'year'), percentile: fc.constantFrom('expected', 'p50', 'p90', 'p99') }, { requiredKeys: ['usd', 'per'] }),
    constraints: fc.record({ task: fc.constantFrom('chat', 'classification', 'coding'), latency: fc.record({ p95Ms: fc.integer({ min: 1, max: 60_000 }) }) }, { requiredKeys: [] }),
    at: fc.constantFrom('2026-06-01', '1990-01-01', '2999-01-01', '2026-03-17T12:00:00Z'),
    seed: fc.integer(),
    policies: fc.record({ failOverBudget: fc.boolean(), failOnIncreaseUsd: fc.constantFrom('10', 5) }, { requiredKeys: [] }),
    workloads: fc.array(goodWorkload, { minLength: 1, maxLength: 3 }).map((list) => list.map((item, index) => ({ ...item, name: `${String(item.name)} ${index}` }))),
  },
  { requiredKeys: ['version', 'workloads'] },
).chain((value) => sparse(value, ['version', 'workloads']));

/** Every path to a value inside `value` (objects and arrays). */
function pathsOf(value: unknown, prefix: ReadonlyArray<string | number> = [], out: Array<ReadonlyArray<string | number>> = []): Array<ReadonlyArray<string | number>> {
  if (value === null || typeof value !== 'object') return out;
  for (const [key, child] of Object.entries(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    out.push(path);
    pathsOf(child, path, out);
  }
  return out;
}

/** A copy of `value` with the value at `path` replaced (or, with `key`, a new key added beside it). */
function replaced(value: unknown, path: ReadonlyArray<string | number>, next: unknown, key?: string): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let holder: Record<string | number, unknown> = copy;
  for (const part of path.slice(0, -1)) holder = holder[part] as Record<string | number, unknown>;
  const last = path.at(-1);
  if (last === undefined) return copy;
  if (key !== undefined && !Array.isArray(holder)) Object.defineProperty(holder, key, { value: next, enumerable: true, writable: true, configurable: true });
  else holder[last] = next;
  return copy;
}

/** `base` as it is (half the time) or with 1 to 3 values replaced by hostile ones (or hostile keys added). */
function mutated<T>(base: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  const mutation = fc.tuple(fc.nat(), anything, fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'bogus', 'tokens', 'steps', 'conversation'), anyString) }));
  const mutations = fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) });
  return fc.tuple(base, mutations).map(([value, mutations]) => {
    let current: unknown = value;
    for (const [at, next, key] of mutations) {
      const paths = pathsOf(current);
      const path = paths[at % Math.max(1, paths.length)];
      if (path !== undefined) current = replaced(current, path, next, key ?? undefined);
    }
    return current;
  });
}

const plan = mutated(goodPlan);

/** A plan serialized as YAML or JSON, sometimes damaged. */
const planText = fc.tuple(plan, fc.constantFrom('yaml', 'json'), fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.string({ maxLength: 8 })) })).map(([value, format, damage]) => {
  let text = format === 'json' ? JSON.stringify(value) ?? 'null' : stringify(value, { aliasDuplicateObjects: false });
  if (damage !== null) {
    const [at, insert] = damage;
    const position = at % (text.length + 1);
    text = text.slice(0, position) + insert + text.slice(position);
  }
  return { text, extension: format };
});

/** YAML-shaped noise: anchors, aliases, tags, flow and block collections, odd scalars. */
const yamlNoise = fc
  .array(
    fc.oneof(
      fc.constantFrom('version: 1\n', 'workloads:\n', '  - name: x\n', '    volume: { calls: 10, per: day }\n', '    tokens: { input: 1, output: 1 }\n', '- ', ': ', '? ', '&a ', '*a', '*b ', '&b [*a, *a]\n', '!!binary ', '!!js/function "x"', '!!python/object:os.system ', '%YAML 1.2\n---\n', '...\n', '<<: *a\n', '{', '}', '[', ']', ',', '"', "'", '|\n', '>\n', '#', '\t', '\n', '  ', '\ufeff', '\u0000'),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => ({ text: parts.join(''), extension: 'yaml' }));

/** Nested aliases, from harmless reuse to a bomb far past the expansion limit. */
const aliasNest = fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.boolean()).map(([depth, width, asWorkloads]) => {
  const lines = ['version: 1', `a0: &a0 ${asWorkloads ? '{ name: w, volume: { calls: 10, per: day }, tokens: { input: 100, output: 4 } }' : '[x]'}`];
  for (let level = 1; level <= depth; level += 1) lines.push(`a${level}: &a${level} [${Array.from({ length: width }, () => `*a${level - 1}`).join(', ')}]`);
  lines.push(`workloads: *a${depth}`);
  return { text: `${lines.join('\n')}\n`, extension: 'yaml' };
});

const planFileText = fc.oneof({ weight: 6, arbitrary: planText }, { weight: 2, arbitrary: yamlNoise }, { weight: 1, arbitrary: aliasNest });

const litellmEntry = (provider: string): Record<string, unknown> => ({ litellm_provider: provider, mode: 'chat', input_cost_per_token: 0.000001, output_cost_per_token: 0.000004, cache_read_input_token_cost: 0.0000001, max_input_tokens: 272_000, max_tokens: 128_000, max_output_tokens: 128_000 });
const goodLiteLLM = fc.constant({ sample_spec: { mode: 'chat' }, 'gpt-5.4-mini': litellmEntry('openai'), 'gpt-5.4-nano': litellmEntry('openai'), 'claude-haiku-4-5': litellmEntry('anthropic') });
const pricingJson = fc.oneof({ weight: 4, arbitrary: mutated(goodLiteLLM) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) }, { weight: 1, arbitrary: mutated(fc.constant({ version: 1, checkedAt: '2026-11-20', models: [] })) });

// --- properties -------------------------------------------------------------------------------

describe('llm-spend under hostile input (fast-check)', () => {
  it('plan files: exit 0, 1 or 2, a clean error, no hang', () => {
    fc.assert(
      fc.property(planFileText, fc.constantFrom('table', 'json', 'markdown', 'html'), fc.boolean(), ({ text, extension }, format, gate) => {
        const file = writeTemp(extension, text);
        const args = ['plan', file, '--format', format, ...(gate ? ['--fail-over-budget'] : [])];
        checkContract(args, runHere(args));
      }),
      { seed: FC_SEED, numRuns: runs(120) },
    );
  }, budget(120));

  it('pricing files: exit 0, 1 or 2, a clean error, no hang', () => {
    fc.assert(
      fc.property(pricingJson, fc.constantFrom('plan', 'models', 'cost'), fc.nat(9), (json, command, cut) => {
        const text = JSON.stringify(json) ?? 'null';
        const file = writeTemp('json', cut === 0 ? text.slice(0, text.length / 2) : text);
        const plan = 'support-triage.yaml';
        const checked = ['--pricing', file, '--pricing-checked-at', '2026-11-20'];
        const args = command === 'plan' ? ['plan', plan, ...checked] : command === 'models' ? ['models', ...checked] : ['cost', 'gpt-5.4-mini', '--input', '100', '--output', '10', ...checked];
        checkContract(args, runHere(args));
      }),
      { seed: FC_SEED, numRuns: runs(60) },
    );
  }, budget(60));

  it('baselines for diff: exit 0, 1 or 2, a clean error, no hang', () => {
    const baselines = fc.oneof({ weight: 5, arbitrary: mutated(fc.constant(baseline)) }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) });
    fc.assert(
      fc.property(baselines, fc.constantFrom('table', 'json', 'markdown', 'html'), fc.boolean(), (json, format, gate) => {
        const file = writeTemp('json', JSON.stringify(json) ?? 'null');
        const args = ['diff', '--compare-to', file, 'support-triage.yaml', '--format', format, ...(gate ? ['--fail-on-increase-percent', '5'] : [])];
        checkContract(args, runHere(args));
      }),
      { seed: FC_SEED, numRuns: runs(40) },
    );
  }, budget(40));

  it('command lines: exit 0, 1 or 2, a clean error, no hang', () => {
    const commands = fc.constantFrom('plan', 'diff', 'cost', 'models', 'schema', 'help', '--help', '-h', '--version', '-v', 'version', 'constructor', '__proto__', 'toString', 'plna', '');
    const flags = fc.constantFrom(
      '--format',
      '-f',
      '--out',
      '-o',
      '--pricing',
      '--pricing-checked-at',
      '--today',
      '--at',
      '--tier',
      '--input',
      '--output',
      '--cached',
      '--cache-write',
      '--reasoning',
      '--provider',
      '--compare-to',
      '--fail-over-budget',
      '--fail-on-increase-usd',
      '--fail-on-increase-percent',
      '--help',
      '--',
      '-',
      '--bogus',
      '--format=json',
      '--out=',
    );
    // Values: never a path outside the temporary working directory (no "/" and no ".." of our making).
    const localString = anyString.map((text) => text.replace(/[/\\]/g, '_').replace(/^\.+/, ''));
    const values = fc.oneof(
      fc.constantFrom('table', 'json', 'markdown', 'md', 'html', 'xml', 'gpt-5.4-mini', 'gpt-5.4-nano', 'openai', 'priority', '2026-11-25', '2026-02-30', '1234', '0', '-1', '1e309', '9'.repeat(30), '1_000', '10%', 'out.json', 'sub/out.md', 'sub/', '.', '', '/dev/full', '/dev/null'),
      fc.constantFrom(...Object.keys(COPIES), 'missing/plan.yaml', 'sub'),
      localString,
      fc.integer({ min: -5, max: 100_000 }).map(String),
    );
    fc.assert(
      fc.property(commands, fc.array(fc.oneof(flags, values), { maxLength: 8 }), (command, rest) => {
        const args = command === '' ? rest : [command, ...rest];
        restoreCopies();
        checkContract(args, runHere(args));
      }),
      { seed: FC_SEED, numRuns: runs(200) },
    );
  }, budget(200));
});

// Documentation examples are tests: they cannot drift from the code.
//
// Collected (see collect.ts):
//   - the fenced ```ts block after each `@example` tag in a /** ... */ comment of src/**/*.ts
//     (the leading ` * ` of each line removed);
//   - every fenced ```ts or ```typescript block of README.md and docs/**/*.md.
//
// Which blocks run:
//   - a block whose first non-blank line starts with `// no-run` is skipped (write it for
//     deliberately partial code, e.g. `// no-run: needs an OpenAI client`);
//   - a block that has no `llm-spend` import and no `// →` or `// "` comment is skipped as a
//     snippet (type declarations, config fragments);
//   - every other block runs, as its own test named `<file>:<line of the opening fence>`.
//
// How a block runs:
//   - `from 'llm-spend'` and `from 'llm-spend/<sub>'` are rewritten to the source of that entry
//     point (tsup.config.ts ENTRIES, checked against package.json exports: `llm-spend/projection`
//     is src/projection/index.ts, `llm-spend/convert` src/pricing/convert/index.ts, ...); a block
//     importing a subpath the package does not export gets no test and is counted in the summary;
//   - a top-level statement `EXPR; // <literal> any words` or `const name = EXPR; // <literal>`
//     asserts that EXPR (or name) deep-strictly equals the literal the comment starts with
//     (after an optional `→`): a JSON string, number, array or object (keys may be unquoted),
//     true, false, null or undefined. The rest of the comment is ignored:
//     `// "0.3" (not 0.30000000000000004)` asserts "0.3". The comment must be on the line of
//     the statement's final `;` (a statement may span lines: `estimateCost({\n...\n}).total; // "1"`);
//   - comments that do not start with a literal (`// number of bundled models`), comments on
//     a line of their own (`// result: {...}`), statements without a final `;`, and anything
//     nested (in `try { }`, functions, ...) are run as written, not asserted;
//   - a block fails when it throws, when a named value it imports is not exported, or when any
//     result comment is wrong (all wrong comments of a block are listed in one failure).
//
// The generated modules go to a temporary directory outside the repository (vitest imports
// them from there), so neither tsc nor vitest's include nor git sees them; the directory is
// kept, and its path printed, when an example fails.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkResults, describeMismatch, resetChecks } from './check.js';
import { collectExamples, leadingLiteral, markdownBlocks, packageEntries, prepareExample, resolverFor, tsdocBlocks, type PreparedExample } from './collect.js';

/** Fewer examples than this means collection broke; raise it as examples are added. */
const MIN_EXAMPLES = 30;
/** Fewer asserted result comments than this means the comment parsing broke. */
const MIN_ASSERTIONS = 40;

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const collection = collectExamples(repo, join(here, 'check.ts'));
const assertionCount = collection.examples.reduce((sum, example) => sum + example.assertions.length, 0);

let outDir = '';
let failures = 0;
let checksRun = 0;

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'llm-spend-doc-examples-'));
});

afterAll(() => {
  if (failures === 0) rmSync(outDir, { recursive: true, force: true });
  else console.warn(`documentation examples: generated modules kept in ${outDir}`);
});

function name(example: PreparedExample): string {
  return `${example.block.file}:${example.block.line}`;
}

/** Documentation line of the first frame in the generated module, if the stack has one. */
function docLine(error: unknown, example: PreparedExample, file: string): number | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}:(\\d+)`).exec(stack);
  return match?.[1] === undefined ? undefined : example.block.line + Number(match[1]) - 1;
}

async function run(example: PreparedExample, index: number): Promise<void> {
  const file = join(outDir, `${String(index).padStart(3, '0')}-${name(example).replace(/[^\w.-]+/g, '_')}.ts`);
  writeFileSync(file, example.code);
  const problems: string[] = [];

  for (const use of example.imports) {
    const module = (await import(use.target)) as Record<string, unknown>;
    const missing = use.names.filter((imported) => !(imported in module));
    if (missing.length > 0) {
      problems.push(`imports ${missing.join(', ')} from '${use.specifier}', which does not export ${missing.length === 1 ? 'it' : 'them'} at runtime (a type needs \`import type\`)`);
    }
  }

  resetChecks();
  let thrown: unknown;
  try {
    await import(file);
  } catch (error) {
    thrown = error;
  }
  const results = checkResults();
  checksRun += results.checks;
  problems.push(...results.mismatches.map((mismatch) => `wrong result comment at ${describeMismatch(mismatch)}`));
  if (thrown !== undefined) {
    const line = docLine(thrown, example, file);
    const text = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
    problems.push(`threw at ${line === undefined ? name(example) : `${example.block.file}:${line}`}: ${text}`);
  } else if (results.checks !== example.assertions.length) {
    problems.push(`ran ${results.checks} of its ${example.assertions.length} assertions`);
  }

  if (problems.length > 0) {
    failures += 1;
    const error = new Error(`${name(example)}: ${problems.join('\n  ')}\n  (generated module: ${file})`);
    if (thrown !== undefined) error.cause = thrown;
    throw error;
  }
}

describe('documentation examples', () => {
  collection.examples.forEach((example, index) => {
    it(name(example), { timeout: 30_000 }, () => run(example, index));
  });

  it('finds the examples', () => {
    const list = (items: readonly { block: { file: string; line: number }; reason: string }[]): string =>
      items.map((item) => `\n    ${item.block.file}:${item.block.line} (${item.reason})`).join('');
    const notAsserted = collection.examples.flatMap((example) =>
      example.notAsserted.map((item) => ({ block: { file: example.block.file, line: item.line }, reason: item.reason })),
    );
    const summary =
      `documentation examples: ${collection.examples.length} run, ${assertionCount} result comments asserted (${checksRun} checked)` +
      `\n  skipped, // no-run: ${collection.noRun.length}${list(collection.noRun)}` +
      `\n  skipped, not an example: ${collection.notExamples.length}${list(collection.notExamples)}` +
      `\n  skipped, import without a source file: ${collection.unresolved.length}${list(collection.unresolved)}` +
      `\n  result comments not asserted: ${notAsserted.length}${list(notAsserted)}`;
    console.log(summary);
    expect(collection.examples.length, summary).toBeGreaterThanOrEqual(MIN_EXAMPLES);
    expect(assertionCount, summary).toBeGreaterThanOrEqual(MIN_ASSERTIONS);
  });
});

// The harness itself: if these rules break, the examples above may pass without checking much.
describe('documentation example harness', () => {
  it('reads the literal a result comment starts with, ignoring the rest', () => {
    expect(leadingLiteral(' "0.3" (not 0.30000000000000004)')).toBe('"0.3"');
    expect(leadingLiteral(' ["1.5", "2", "3"]')).toBe('["1.5", "2", "3"]');
    expect(leadingLiteral(' false (max input 272,000)')).toBe('false');
    expect(leadingLiteral(' → { inputTokens: 1, note: undefined } trailing')).toBe('{ inputTokens: 1, note: undefined }');
    expect(leadingLiteral(' 400000')).toBe('400000');
    expect(leadingLiteral(' number of bundled models')).toBeUndefined();
    expect(leadingLiteral(' Unknown model "x"')).toBeUndefined();
    expect(leadingLiteral(' 2x faster')).toBeUndefined();
    expect(leadingLiteral(' result: { a: 1 }')).toBeUndefined();
  });

  it('finds @example blocks and ```ts Markdown blocks with their lines', () => {
    const source = ['/**', ' * Adds.', ' * @example', ' * ```ts', " * import { addUsd } from 'llm-spend';", " * addUsd('1', '2'); // \"3\"", ' * ```', ' */'].join('\n');
    expect(tsdocBlocks('a.ts', source)).toEqual([{ file: 'a.ts', line: 4, kind: 'tsdoc', code: "import { addUsd } from 'llm-spend';\naddUsd('1', '2'); // \"3\"" }]);
    const markdown = ['# x', '```sh', 'npm i', '```', '```typescript', 'f(); // 1', '```'].join('\n');
    expect(markdownBlocks('x.md', markdown)).toEqual([{ file: 'x.md', line: 5, kind: 'markdown', code: 'f(); // 1' }]);
  });

  it('asserts top-level result comments only', () => {
    const code = [
      "import { addUsd, type UsdString } from 'llm-spend';",
      "const a: UsdString = addUsd('1', '2'); // \"3\"",
      "addUsd(a, '1'); // \"4\" (exact)",
      'addUsd(',
      "  a, '2'); // \"5\"",
      "addUsd(a, '0'); // the same",
      "try { addUsd(a, 'x'); // \"never\"",
      '} catch {}',
    ].join('\n');
    const prepared = prepareExample({ file: 'x.md', line: 10, kind: 'markdown', code }, () => '/src/index.ts', '/check.ts');
    if (typeof prepared === 'string') throw new Error(prepared);
    expect(prepared.assertions).toEqual([
      { line: 12, expression: 'a', expected: '"3"' },
      { line: 13, expression: "addUsd(a, '1')", expected: '"4"' },
      { line: 15, expression: "addUsd(\n  a, '2')", expected: '"5"' },
    ]);
    expect(prepared.imports).toEqual([{ specifier: 'llm-spend', target: '/src/index.ts', names: ['addUsd'] }]);
    expect(prepared.code.split('\n')).toHaveLength(code.split('\n').length + 2);
    expect(prepareExample({ file: 'x.md', line: 1, kind: 'markdown', code: "import { x } from 'llm-spend/nope';" }, () => undefined, '/check.ts')).toBe('llm-spend/nope');
  });

  it('maps every import path of the package to the source of its entry point', () => {
    const entries = packageEntries(repo);
    const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
    const subpaths = Object.keys(manifest.exports).filter((subpath) => !subpath.endsWith('.json'));
    expect([...entries.keys()].sort()).toEqual(subpaths.map((subpath) => (subpath === '.' ? 'llm-spend' : `llm-spend/${subpath.slice(2)}`)).sort());
    for (const source of entries.values()) expect(existsSync(source), source).toBe(true);
    const resolve = resolverFor(repo);
    const relativeTo = (specifier: string): string | undefined => {
      const target = resolve(specifier);
      return target === undefined ? undefined : relative(repo, target).split(sep).join('/');
    };
    expect(relativeTo('llm-spend')).toBe('src/index.ts');
    expect(relativeTo('llm-spend/core')).toBe('src/core.ts');
    expect(relativeTo('llm-spend/projection')).toBe('src/projection/index.ts');
    expect(relativeTo('llm-spend/convert')).toBe('src/pricing/convert/index.ts');
    expect(relativeTo('llm-spend/budget')).toBe('src/budget/index.ts');
    expect(relativeTo('llm-spend/redis')).toBe('src/redis/index.ts');
    expect(relativeTo('llm-spend/plan')).toBe('src/cli/plan/index.ts');
    expect(relativeTo('llm-spend/actual')).toBe('src/actual/index.ts');
    expect(relativeTo('llm-spend/nope')).toBeUndefined();
    expect(relativeTo('llm-spend/plan.schema.json')).toBeUndefined();
  });
});

// Collects the TypeScript code examples of the documentation and turns them into runnable
// modules with assertions. The rules are described at the top of examples.test.ts.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

/** A fenced ```ts block found in the documentation. */
export interface CodeBlock {
  /** Path relative to the repository, with `/` separators. */
  readonly file: string;
  /** 1-based line of the opening fence; code line k (0-based) is on line `line + 1 + k`. */
  readonly line: number;
  readonly kind: 'tsdoc' | 'markdown';
  readonly code: string;
}

/** One `EXPR; // literal` line turned into an assertion. */
export interface Assertion {
  /** 1-based line in the documentation file. */
  readonly line: number;
  readonly expression: string;
  readonly expected: string;
}

/** A line with a result comment that is executed but cannot be asserted, and why. */
export interface NotAsserted {
  readonly line: number;
  readonly reason: string;
}

/** Value (not type) names a block imports from one module. */
export interface ImportUse {
  readonly specifier: string;
  readonly target: string;
  readonly names: readonly string[];
}

export interface PreparedExample {
  readonly block: CodeBlock;
  /** The module to run: imports rewritten, result comments turned into assertions. */
  readonly code: string;
  readonly assertions: readonly Assertion[];
  readonly notAsserted: readonly NotAsserted[];
  readonly imports: readonly ImportUse[];
}

export interface SkippedBlock {
  readonly block: CodeBlock;
  readonly reason: string;
}

export interface Collection {
  readonly examples: readonly PreparedExample[];
  readonly noRun: readonly SkippedBlock[];
  readonly notExamples: readonly SkippedBlock[];
  readonly unresolved: readonly SkippedBlock[];
}

const TS_LANGS = new Set(['ts', 'typescript']);
const NO_RUN = /^\/\/\s*no-run\b/;
const ASSERTION_COMMENT = /\/\/\s*(?:→|")/;
const PACKAGE = 'llm-spend';

function walk(dir: string, accept: (name: string) => boolean, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, accept, out);
    else if (accept(name)) out.push(path);
  }
  return out;
}

function fenceOpening(line: string): { indent: number; fence: string; lang: string } | undefined {
  const match = /^(\s*)(`{3,}|~{3,})\s*([^\s`{]*)/.exec(line);
  if (match === null) return undefined;
  return { indent: match[1]?.length ?? 0, fence: match[2] ?? '```', lang: (match[3] ?? '').toLowerCase() };
}

function isFenceClose(line: string, fence: string): boolean {
  const match = /^\s*(`{3,}|~{3,})\s*$/.exec(line);
  const close = match?.[1];
  return close !== undefined && close[0] === fence[0] && close.length >= fence.length;
}

function dedent(line: string, indent: number): string {
  let cut = 0;
  while (cut < indent && cut < line.length && (line[cut] === ' ' || line[cut] === '\t')) cut += 1;
  return line.slice(cut);
}

/** Every ```ts / ```typescript block of a Markdown file. */
export function markdownBlocks(file: string, text: string): CodeBlock[] {
  const lines = text.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const open = fenceOpening(lines[index] ?? '');
    if (open === undefined) continue;
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !isFenceClose(lines[end] ?? '', open.fence)) {
      body.push(dedent(lines[end] ?? '', open.indent));
      end += 1;
    }
    if (TS_LANGS.has(open.lang)) blocks.push({ file, line: index + 1, kind: 'markdown', code: body.join('\n') });
    index = end;
  }
  return blocks;
}

/** The ```ts block after each `@example` tag of each `/** ... *\/` comment of a source file. */
export function tsdocBlocks(file: string, text: string): CodeBlock[] {
  const lines = text.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  let index = 0;
  while (index < lines.length) {
    if (!/^\s*\/\*\*/.test(lines[index] ?? '')) {
      index += 1;
      continue;
    }
    const start = index;
    while (index < lines.length && !(lines[index] ?? '').includes('*/')) index += 1;
    // Comment lines with the ` * ` prefix (and the /** and */ markers) removed.
    const comment = lines.slice(start, index + 1).map((line, offset) => {
      let stripped = offset === 0 ? line.replace(/^\s*\/\*\*\s?/, '') : line.replace(/^\s*\*(?!\/) ?/, '');
      if (start + offset === index) stripped = stripped.replace(/\s*\*\/.*$/, '');
      return stripped;
    });
    for (let at = 0; at < comment.length; at += 1) {
      if (!/^\s*@example\b/.test(comment[at] ?? '')) continue;
      for (let next = at + 1; next < comment.length; next += 1) {
        const line = comment[next] ?? '';
        if (/^\s*@\w/.test(line)) break;
        const open = fenceOpening(line);
        if (open === undefined) continue;
        const body: string[] = [];
        let end = next + 1;
        while (end < comment.length && !isFenceClose(comment[end] ?? '', open.fence)) {
          body.push(dedent(comment[end] ?? '', open.indent));
          end += 1;
        }
        if (TS_LANGS.has(open.lang)) blocks.push({ file, line: start + next + 1, kind: 'tsdoc', code: body.join('\n') });
        at = end;
        break;
      }
    }
    index += 1;
  }
  return blocks;
}

class LiteralParser {
  pos = 0;
  constructor(private readonly text: string) {}

  private space(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] ?? '')) this.pos += 1;
  }

  private fail(): never {
    throw new SyntaxError(`not a literal at ${this.pos}`);
  }

  private boundary(): void {
    if (/[\w$]/.test(this.text[this.pos] ?? '')) this.fail();
  }

  value(): void {
    this.space();
    const char = this.text[this.pos];
    if (char === '"') return this.string();
    if (char === '[') return this.list(']', () => this.value());
    if (char === '{') {
      return this.list('}', () => {
        this.space();
        if (this.text[this.pos] === '"') this.string();
        else {
          const key = /^[A-Za-z_$][\w$]*/.exec(this.text.slice(this.pos));
          if (key === null) this.fail();
          this.pos += key[0].length;
        }
        this.space();
        if (this.text[this.pos] !== ':') this.fail();
        this.pos += 1;
        this.value();
      });
    }
    const rest = this.text.slice(this.pos);
    const word = /^(?:true|false|null|undefined|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(rest);
    if (word === null) this.fail();
    this.pos += word[0].length;
    this.boundary();
  }

  private string(): void {
    const match = /^"(?:[^"\\\n]|\\.)*"/.exec(this.text.slice(this.pos));
    if (match === null) this.fail();
    JSON.parse(match[0]);
    this.pos += match[0].length;
  }

  private list(close: string, item: () => void): void {
    this.pos += 1;
    this.space();
    if (this.text[this.pos] === close) {
      this.pos += 1;
      return;
    }
    for (;;) {
      item();
      this.space();
      const char = this.text[this.pos];
      this.pos += 1;
      if (char === close) return;
      if (char !== ',') this.fail();
      this.space();
      if (this.text[this.pos] === close) {
        this.pos += 1;
        return;
      }
    }
  }
}

/**
 * The JSON-like literal a result comment starts with (`"0.3" (half-even)` gives `"0.3"`), as
 * JavaScript source, or undefined when the comment is prose (`number of bundled models`).
 * A leading `→` or `=>` is allowed.
 */
export function leadingLiteral(comment: string): string | undefined {
  const text = comment.trim().replace(/^(?:→|=>)\s*/, '');
  const parser = new LiteralParser(text);
  try {
    parser.value();
  } catch {
    return undefined;
  }
  return text.slice(0, parser.pos).trim();
}

/**
 * The package's entry points: each import path (`llm-spend`, `llm-spend/projection`, ...) and the
 * source file it is built from. Read from the `ENTRIES` of tsup.config.ts (what the build uses)
 * and checked against package.json `exports` (what users can import): an export whose
 * `dist/<name>.js` has no entry, or an entry that is not exported, throws.
 */
export function packageEntries(repo: string): ReadonlyMap<string, string> {
  const configFile = join(repo, 'tsup.config.ts');
  const config = ts.createSourceFile(configFile, readFileSync(configFile, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const sources = new Map<string, string>();
  for (const statement of config.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || declaration.name.text !== 'ENTRIES' || declaration.initializer === undefined) continue;
      let value: ts.Expression = declaration.initializer;
      while (ts.isAsExpression(value) || ts.isSatisfiesExpression(value) || ts.isParenthesizedExpression(value)) value = value.expression;
      if (!ts.isObjectLiteralExpression(value)) throw new Error('tsup.config.ts: ENTRIES is not an object literal');
      for (const property of value.properties) {
        if (!ts.isPropertyAssignment(property) || !ts.isStringLiteral(property.initializer)) throw new Error(`tsup.config.ts: ENTRIES has an entry that is not \`name: 'src/...'\``);
        const name = ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) ? property.name.text : undefined;
        if (name === undefined) throw new Error('tsup.config.ts: ENTRIES has a computed key');
        sources.set(name, join(repo, ...property.initializer.text.split('/')));
      }
    }
  }
  if (sources.size === 0) throw new Error('tsup.config.ts exports no ENTRIES');
  const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
  const entries = new Map<string, string>();
  const unused = new Set(sources.keys());
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    if (subpath.endsWith('.json')) continue;
    const text = JSON.stringify(target);
    const name = /"\.\/dist\/([\w-]+)\.js"/.exec(text)?.[1];
    const source = name === undefined ? undefined : sources.get(name);
    if (name === undefined || source === undefined) throw new Error(`package.json exports ${subpath} (${text}), which has no source in tsup.config.ts ENTRIES`);
    unused.delete(name);
    entries.set(subpath === '.' ? PACKAGE : `${PACKAGE}/${subpath.slice(2)}`, source);
  }
  if (unused.size > 0) throw new Error(`tsup.config.ts ENTRIES builds ${[...unused].join(', ')}, which package.json does not export`);
  return entries;
}

/** Maps `llm-spend` and `llm-spend/<sub>` to the source file of that entry; undefined when there is none. */
export function resolverFor(repo: string): (specifier: string) => string | undefined {
  const entries = packageEntries(repo);
  return (specifier) => entries.get(specifier);
}

function isPackageSpecifier(specifier: string): boolean {
  return specifier === PACKAGE || specifier.startsWith(`${PACKAGE}/`);
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * Rewrites a block into a module: package imports point at the sources, and each top-level
 * `EXPR; // literal` or `const name = EXPR; // literal` calls `__docCheck` (a statement may
 * span lines; the comment follows its final `;`).
 * Returns a string naming the unresolved import instead when a subpath has no source.
 */
export function prepareExample(block: CodeBlock, resolve: (specifier: string) => string | undefined, checkModule: string): PreparedExample | string {
  const source = ts.createSourceFile('example.ts', block.code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edits: Edit[] = [];
  const imports: ImportUse[] = [];
  const assertions: Assertion[] = [];
  const notAsserted: NotAsserted[] = [];
  const lineOf = (position: number): number => block.line + 1 + source.getLineAndCharacterOfPosition(position).line;
  let unresolved: string | undefined;

  const rewrite = (literal: ts.Expression | undefined, names: string[]): void => {
    if (literal === undefined || !ts.isStringLiteral(literal) || !isPackageSpecifier(literal.text)) return;
    const target = resolve(literal.text);
    if (target === undefined) {
      unresolved ??= literal.text;
      return;
    }
    edits.push({ start: literal.getStart(source), end: literal.end, text: JSON.stringify(target) });
    imports.push({ specifier: literal.text, target, names });
  };

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const names: string[] = [];
      const clause = node.importClause;
      if (clause !== undefined && !clause.isTypeOnly) {
        if (clause.name !== undefined) names.push('default');
        const bindings = clause.namedBindings;
        if (bindings !== undefined && ts.isNamedImports(bindings)) {
          for (const element of bindings.elements) if (!element.isTypeOnly) names.push((element.propertyName ?? element.name).text);
        }
      }
      rewrite(node.moduleSpecifier, names);
    } else if (ts.isExportDeclaration(node)) {
      rewrite(node.moduleSpecifier, []);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      rewrite(node.arguments[0], []);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (unresolved !== undefined) return unresolved;

  for (const statement of source.statements) {
    const comment = ts.getTrailingCommentRanges(block.code, statement.end)?.[0];
    if (comment === undefined || comment.kind !== ts.SyntaxKind.SingleLineCommentTrivia) continue;
    const expected = leadingLiteral(block.code.slice(comment.pos + 2, comment.end));
    if (expected === undefined) continue;
    const start = statement.getStart(source);
    // The line of the comment, which is the statement's last line.
    const line = lineOf(statement.end);
    const where = `${block.file}:${line}`;
    if (!block.code.slice(start, statement.end).endsWith(';')) {
      notAsserted.push({ line, reason: 'the statement does not end in ;' });
      continue;
    }
    if (ts.isExpressionStatement(statement)) {
      const expression = block.code.slice(statement.expression.getStart(source), statement.expression.end);
      edits.push({ start, end: statement.end, text: `__docCheck(${JSON.stringify(where)}, ${JSON.stringify(expression)}, (${expression}), (${expected}));` });
      assertions.push({ line, expression, expected });
      continue;
    }
    const declarations = ts.isVariableStatement(statement) ? statement.declarationList.declarations : undefined;
    const name = declarations?.length === 1 ? declarations[0]?.name : undefined;
    if (name !== undefined && ts.isIdentifier(name)) {
      edits.push({ start: statement.end, end: statement.end, text: ` __docCheck(${JSON.stringify(where)}, ${JSON.stringify(name.text)}, ${name.text}, (${expected}));` });
      assertions.push({ line, expression: name.text, expected });
      continue;
    }
    notAsserted.push({ line, reason: 'only expression statements and single `const name = ...` declarations are asserted' });
  }

  // A claim written on a line of its own cannot be tied to a statement: list it, so the
  // summary shows what is not checked.
  block.code.split('\n').forEach((text, index) => {
    if (/^\s*\/\/\s*(?:result\s*:|→|=>)/i.test(text)) {
      notAsserted.push({ line: block.line + 1 + index, reason: "result comment on a line of its own; write it after the statement's final ;" });
    }
  });
  notAsserted.sort((a, b) => a.line - b.line);

  let code = block.code;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) code = code.slice(0, edit.start) + edit.text + code.slice(edit.end);
  // One header line, so generated line N is documentation line `block.line + N - 1`.
  const header = `import { docCheck as __docCheck } from ${JSON.stringify(checkModule)}; // generated from ${block.file}:${block.line}`;
  return { block, code: `${header}\n${code}\n`, assertions, notAsserted, imports };
}

/** The blocks of README.md, docs/**\/*.md and the @example tags of src/**\/*.ts, sorted by rules. */
export function collectExamples(repo: string, checkModule: string): Collection {
  const relativePath = (path: string): string => relative(repo, path).split(sep).join('/');
  const blocks: CodeBlock[] = [];
  for (const path of walk(join(repo, 'src'), (name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))) {
    blocks.push(...tsdocBlocks(relativePath(path), readFileSync(path, 'utf8')));
  }
  const readme = join(repo, 'README.md');
  const markdown = [...(existsSync(readme) ? [readme] : []), ...walk(join(repo, 'docs'), (name) => name.endsWith('.md'))];
  for (const path of markdown) blocks.push(...markdownBlocks(relativePath(path), readFileSync(path, 'utf8')));

  const resolve = resolverFor(repo);
  const examples: PreparedExample[] = [];
  const noRun: SkippedBlock[] = [];
  const notExamples: SkippedBlock[] = [];
  const unresolved: SkippedBlock[] = [];
  for (const block of blocks) {
    const first = block.code.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
    if (NO_RUN.test(first)) {
      noRun.push({ block, reason: first });
      continue;
    }
    const importsPackage = /\bfrom\s+['"]llm-spend(?:\/[^'"]*)?['"]|\bimport\s*\(\s*['"]llm-spend(?:\/[^'"]*)?['"]/.test(block.code);
    if (!importsPackage && !ASSERTION_COMMENT.test(block.code)) {
      notExamples.push({ block, reason: 'no llm-spend import and no // → or // " comment' });
      continue;
    }
    const prepared = prepareExample(block, resolve, checkModule);
    if (typeof prepared === 'string') unresolved.push({ block, reason: `imports ${prepared}, which has no source file` });
    else examples.push(prepared);
  }
  return { examples, noRun, notExamples, unresolved };
}

// Every public export has TSDoc: values (functions, constants, classes) with an @example,
// types and interfaces with at least a summary. Read with the TypeScript compiler API from the
// source of every entry point of the package (tsup.config.ts ENTRIES, checked against
// package.json exports: `llm-spend`, `llm-spend/projection`, `llm-spend/convert`, ...),
// following re-exports to the declaration.
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { packageEntries } from './collect.js';

const root = path.resolve(import.meta.dirname, '../..');
const entries = packageEntries(root);
const program = ts.createProgram([...entries.values()], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true });
const checker = program.getTypeChecker();

interface Documented {
  name: string;
  kind: 'value' | 'type';
  summary: string;
  tags: string[];
  where: string;
}

function exportsOf(file: string): Documented[] {
  const source = program.getSourceFile(file);
  if (source === undefined) throw new Error(`${file} not found`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  // A module with no export at all (an entry waiting for its API) has no symbol.
  if (moduleSymbol === undefined) return [];
  return checker.getExportsOfModule(moduleSymbol).map((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const declaration = target.declarations?.[0];
    const isValue = (target.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable | ts.SymbolFlags.Class)) !== 0;
    const tags = target.getJsDocTags(checker).map((tag) => tag.name);
    const summary = ts.displayPartsToString(target.getDocumentationComment(checker));
    const where = declaration === undefined ? '?' : `${path.relative(root, declaration.getSourceFile().fileName)}:${declaration.getSourceFile().getLineAndCharacterOfPosition(declaration.getStart()).line + 1}`;
    return { name: symbol.name, kind: isValue ? 'value' : 'type', summary, tags, where };
  });
}

/** The fewest exports each entry point has; fewer means the entry or this test broke. */
const MIN_EXPORTS: Readonly<Record<string, number>> = {
  'llm-spend': 40,
  // the per-call API without the bundled catalog (src/core.ts), once it is built and exported
  'llm-spend/core': 20,
  'llm-spend/projection': 40,
  'llm-spend/convert': 5,
  'llm-spend/budget': 10,
  'llm-spend/redis': 1,
  'llm-spend/plan': 3,
  // issue 14 fills it; until then it exports nothing
  'llm-spend/actual': 0,
};

describe('TSDoc on every public export of every entry point', () => {
  it('knows every entry point (a new one needs its minimum above)', () => {
    expect([...entries.keys()].filter((specifier) => !Object.hasOwn(MIN_EXPORTS, specifier))).toEqual([]);
    expect(entries.size).toBeGreaterThanOrEqual(7);
  });

  for (const [specifier, file] of entries) {
    describe(specifier, () => {
      const exported = exportsOf(file);

      it(`finds the exports of ${path.relative(root, file)}`, () => {
        expect(exported.length).toBeGreaterThanOrEqual(MIN_EXPORTS[specifier] ?? 1);
      });

      it('every export has a summary', () => {
        const missing = exported.filter((item) => item.summary.trim().length < 10).map((item) => `${item.name} (${item.where})`);
        expect(missing).toEqual([]);
      });

      it('every exported function, constant and class has an @example', () => {
        const missing = exported.filter((item) => item.kind === 'value' && !item.tags.includes('example')).map((item) => `${item.name} (${item.where})`);
        expect(missing).toEqual([]);
      });
    });
  }
});

// Every public export has TSDoc: values (functions, constants, classes) with an @example,
// types and interfaces with at least a summary. Read with the TypeScript compiler API from
// src/index.ts, following re-exports to the declaration.
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const entry = path.join(root, 'src/index.ts');
const program = ts.createProgram([entry], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, strict: true });
const checker = program.getTypeChecker();
const source = program.getSourceFile(entry);
if (source === undefined) throw new Error('src/index.ts not found');
const moduleSymbol = checker.getSymbolAtLocation(source);
if (moduleSymbol === undefined) throw new Error('src/index.ts has no exports');

interface Documented {
  name: string;
  kind: 'value' | 'type';
  summary: string;
  tags: string[];
  where: string;
}

const exported: Documented[] = checker.getExportsOfModule(moduleSymbol).map((symbol) => {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const declaration = target.declarations?.[0];
  const isValue = (target.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable | ts.SymbolFlags.Class)) !== 0;
  const tags = target.getJsDocTags(checker).map((tag) => tag.name);
  const summary = ts.displayPartsToString(target.getDocumentationComment(checker));
  const where = declaration === undefined ? '?' : `${path.relative(root, declaration.getSourceFile().fileName)}:${declaration.getSourceFile().getLineAndCharacterOfPosition(declaration.getStart()).line + 1}`;
  return { name: symbol.name, kind: isValue ? 'value' : 'type', summary, tags, where };
});

describe('TSDoc on every public export', () => {
  it('finds the exports', () => {
    expect(exported.length).toBeGreaterThan(40);
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

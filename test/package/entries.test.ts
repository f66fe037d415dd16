// The package's manifest against its build (no build needed): every entry point tsup builds is
// exported for import and require with its types first, resolvable by TypeScript's node10
// resolution too, and the package ships what README links to, without source maps.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import config, { ENTRIES } from '../../tsup.config.js';
import { repo } from '../cli/helpers.js';

interface Manifest {
  readonly exports: Record<string, unknown>;
  readonly typesVersions?: Record<string, Record<string, string[]>>;
  readonly files: string[];
  readonly repository?: { type: string; url: string };
  readonly main: string;
  readonly module: string;
  readonly types: string;
  readonly sideEffects: boolean;
}

const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as Manifest;
const names = Object.keys(ENTRIES) as (keyof typeof ENTRIES)[];
const subpathOf = (name: string): string => (name === 'index' ? '.' : `./${name}`);

describe('package.json exports match the entry points tsup builds', () => {
  it('each entry has a source file', () => {
    for (const name of names) expect(existsSync(join(repo, ENTRIES[name])), ENTRIES[name]).toBe(true);
  });

  it('each entry is exported: import (d.ts, js) and require (d.cts, cjs), types first', () => {
    for (const name of names) {
      const target = manifest.exports[subpathOf(name)];
      expect(target, subpathOf(name)).toEqual({
        import: { types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` },
        require: { types: `./dist/${name}.d.cts`, default: `./dist/${name}.cjs` },
      });
      for (const condition of Object.values(target as Record<string, Record<string, string>>)) expect(Object.keys(condition)[0]).toBe('types');
    }
  });

  it('exports nothing else but plan.schema.json and package.json', () => {
    const others = Object.keys(manifest.exports).filter((subpath) => !names.some((name) => subpathOf(name) === subpath));
    expect(others.sort()).toEqual(['./package.json', './plan.schema.json']);
    expect(manifest.exports['./plan.schema.json']).toBe('./schema/plan.schema.json');
  });

  it('main, module and types are the root entry', () => {
    expect([manifest.main, manifest.module, manifest.types]).toEqual(['./dist/index.cjs', './dist/index.js', './dist/index.d.cts']);
    expect(manifest.sideEffects).toBe(false);
  });

  it('node10 resolution (no exports) finds the types of every subpath: typesVersions or a folder', () => {
    for (const name of names.filter((entry) => entry !== 'index')) {
      const mapped = manifest.typesVersions?.['*']?.[name];
      const folder = join(repo, name, 'package.json');
      if (mapped !== undefined) expect(mapped, name).toEqual([`./dist/${name}.d.cts`]);
      else {
        expect(existsSync(folder), `${name}: neither typesVersions nor ${name}/package.json`).toBe(true);
        expect(manifest.files).toContain(name);
      }
    }
  });
});

describe('what the package ships', () => {
  it('docs/, so that README links resolve in node_modules', () => {
    expect(manifest.files).toContain('docs');
    for (const match of readFileSync(join(repo, 'README.md'), 'utf8').matchAll(/\]\((docs\/[^)#\s]+)/g)) {
      expect(existsSync(join(repo, match[1] ?? '')), match[1]).toBe(true);
    }
  });

  it('no source maps: every build has sourcemap off', () => {
    const builds = Array.isArray(config) ? config : [config];
    expect(builds.length).toBeGreaterThan(0);
    for (const build of builds) expect((build as { sourcemap?: unknown }).sourcemap).toBe(false);
  });

  it('a repository field (a placeholder until the repository is public)', () => {
    expect(manifest.repository).toEqual({ type: 'git', url: 'git+https://github.com/llm-spend/llm-spend.git' });
  });
});

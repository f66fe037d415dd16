import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The rooms of src/, lowest first, as shared/DESIGN.md draws them: a file may import
 * its own room or a lower one, never a higher one. `index.ts` files at the top are entry points.
 */
const ROOMS = ['base', 'money', 'pricing', 'estimate', 'workload', 'projection', 'recommend', 'budget', 'actual', 'redis', 'cli'] as const;
const SRC = resolve(__dirname, '../../src');

function roomOf(file: string): string {
  const rel = relative(SRC, file);
  const first = rel.split(/[\\/]/)[0] ?? '';
  if (!rel.includes('/') && !rel.includes('\\')) return rel.startsWith('index') || rel.startsWith('entry') ? 'entry' : 'base';
  return first;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const files = walk(SRC);
const edges = files.flatMap((file) => {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((spec) => ({ from: file, to: resolve(dirname(file), spec) }));
});

describe('layout: imports point down', () => {
  it('has no internal/ drawer', () => {
    expect(files.some((f) => relative(SRC, f).startsWith('internal'))).toBe(false);
  });

  it('every file lives in a known room', () => {
    const unknown = files.map(roomOf).filter((room) => room !== 'entry' && !(ROOMS as readonly string[]).includes(room));
    expect(unknown).toEqual([]);
  });

  it('no room imports a higher room', () => {
    const upward = edges
      .filter(({ from, to }) => {
        const a = roomOf(from);
        const b = roomOf(to);
        if (a === 'entry') return false;
        if (b === 'entry') return true;
        // the Redis store implements the budget store contract; the CLI sits on top of everything
        return ROOMS.indexOf(b as (typeof ROOMS)[number]) > ROOMS.indexOf(a as (typeof ROOMS)[number]);
      })
      .map(({ from, to }) => `${relative(SRC, from)} -> ${relative(SRC, to)}`);
    expect(upward).toEqual([]);
  });
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageEntries } from '../docs/collect.js';

/**
 * The rooms of src/, lowest first, as shared/DESIGN.md draws them: a file may import
 * its own room or a lower one, never a higher one. `index.ts` files at the top are entry points.
 */
const ROOMS = ['base', 'money', 'pricing', 'estimate', 'workload', 'projection', 'recommend', 'budget', 'actual', 'redis', 'cli'] as const;
const SRC = resolve(__dirname, '../../src');
/** The package's entry points (tsup.config.ts `ENTRIES`): an entry gathers what one import path offers, from any room. */
const ENTRY_FILES = new Set([...packageEntries(resolve(__dirname, '../..')).values()].map((file) => resolve(file)));

function roomOf(file: string): string {
  const rel = relative(SRC, file);
  const first = rel.split(/[\\/]/)[0] ?? '';
  if (!rel.includes('/') && !rel.includes('\\')) return ENTRY_FILES.has(resolve(SRC, rel.replace(/\.js$/, '.ts'))) ? 'entry' : 'base';
  return first;
}

const rank = (room: string): number => ROOMS.indexOf(room as (typeof ROOMS)[number]);
const tsOf = (file: string): string => file.replace(/\.js$/, '.ts');

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
    // An entry that gathers several rooms (for example llm-spend/projection, which also offers the
    // recommender) may import upward; no file of a room may import such an entry.
    const upwardEntries = new Set(
      edges.filter(({ from, to }) => ENTRY_FILES.has(from) && roomOf(from) !== 'entry' && rank(roomOf(to)) > rank(roomOf(from))).map(({ from }) => from),
    );
    const upward = edges
      .filter(({ from, to }) => {
        const a = roomOf(from);
        const target = tsOf(to);
        if (a === 'entry' || ENTRY_FILES.has(from)) return false;
        if (roomOf(target) === 'entry' || upwardEntries.has(target)) return true;
        return rank(roomOf(target)) > rank(a);
      })
      .map(({ from, to }) => `${relative(SRC, from)} -> ${relative(SRC, to)}`);
    expect(upward).toEqual([]);
  });

  it('every package entry is a file of src/', () => {
    expect(ENTRY_FILES.size).toBeGreaterThanOrEqual(8);
    for (const file of ENTRY_FILES) expect(files).toContain(file);
  });
});

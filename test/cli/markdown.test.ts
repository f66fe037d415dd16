// Markdown reports go into pull-request comments: what the user wrote (workload names, titles,
// descriptions, model ids, pricing-file providers) is escaped, never rendered as HTML or markdown.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mdCode, mdText } from '../../src/cli/format/markdown.js';
import { runInProcess } from './helpers.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'llm-spend-cli-markdown-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The tags llm-spend itself writes in a comment; anything else came from user text. */
const OWN_TAGS = new Set(['<!-- llm-spend -->', '<details>', '</details>', '<summary>', '</summary>', '<sub>', '</sub>']);

function foreignTags(markdown: string): string[] {
  return [...markdown.matchAll(/<[A-Za-z/!?][^>\n]*>?/g)].map((match) => match[0]).filter((tag) => !OWN_TAGS.has(tag));
}

/** Cells of a table row, split on the pipes that GFM splits on (not `\|`). */
function cells(line: string): number {
  return line.replace(/\\\|/g, '').split('|').length - 2;
}

function tablesAreRectangular(markdown: string): void {
  const lines = markdown.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    if (!/^\|(---|:?-+:?)/.test(lines[index + 1] ?? '') || !(lines[index] ?? '').startsWith('|')) continue;
    const width = cells(lines[index] ?? '');
    for (let at = index + 1; at < lines.length && (lines[at] ?? '').startsWith('|'); at += 1) expect(cells(lines[at] ?? ''), lines[at]).toBe(width);
  }
}

const HOSTILE_NAME = '<script>alert(1)</script> | [click](https://evil.example) *x* `y`';
const HOSTILE_PLAN = `version: 1
title: "<img src=x onerror=alert(1)> | pwned"
description: "desc <iframe src=//evil>"
budget: { usd: 1, per: month }
workloads:
  - name: "${HOSTILE_NAME.replace(/"/g, '\\"')}"
    description: "<img src=x onerror=alert(2)>\\n# heading"
    volume: { calls: 1000, per: day }
    tokens: { input: 1000, output: 40 }
  - name: "a|b"
    volume: { calls: 10, per: day }
    tokens: { input: 100, output: 10 }
`;

describe('markdown escapes user strings', () => {
  it('mdText: HTML becomes entities, pipes cannot split cells, markdown syntax is inert, lines are joined', () => {
    expect(mdText('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mdText('a | b & c')).toBe('a &#124; b &amp; c');
    expect(mdText('[x](https://e) *b* _i_ `c` ~s~ #h \\')).toBe('\\[x\\](https://e) \\*b\\* \\_i\\_ \\`c\\` \\~s\\~ \\#h \\\\');
    expect(mdText('one\ntwo\r\nthree')).toBe('one two three');
    expect(mdText('gpt-5.4-nano')).toBe('gpt-5.4-nano');
    expect(mdCode('cascade:gpt-5.4-nano>gpt-5.4-mini')).toBe('`cascade:gpt-5.4-nano>gpt-5.4-mini`');
    expect(mdCode('a`b<i>')).toBe('a\\`b&lt;i&gt;');
  });

  it('plan --format markdown: no user HTML, tables keep their columns', async () => {
    const file = join(dir, 'hostile.yaml');
    writeFileSync(file, HOSTILE_PLAN);
    const result = await runInProcess(['plan', file, '--format', 'markdown']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const markdown = result.stdout;
    expect(foreignTags(markdown)).toEqual([]);
    expect(markdown).toContain('## LLM spend: &lt;img src=x onerror=alert(1)&gt; &#124; pwned');
    expect(markdown).toContain('#### &lt;script&gt;alert(1)&lt;/script&gt; &#124; \\[click\\](https://evil.example) \\*x\\* \\`y\\`');
    expect(markdown).toContain('&lt;img src=x onerror=alert(2)&gt; \\# heading');
    expect(markdown).toContain('| a&#124;b | `gpt-5.4-nano` |');
    tablesAreRectangular(markdown);
  });

  it('diff --format markdown: names in the change table are escaped too', async () => {
    const file = join(dir, 'hostile-head.yaml');
    writeFileSync(file, HOSTILE_PLAN);
    const baseFile = join(dir, 'base.json');
    const base = await runInProcess(['plan', 'examples/support-triage.yaml', '--format', 'json', '--out', baseFile]);
    expect(base.code, base.stderr).toBe(0);
    const result = await runInProcess(['diff', '--compare-to', baseFile, file, '--format', 'markdown']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(foreignTags(result.stdout)).toEqual([]);
    expect(result.stdout).toContain('| &lt;script&gt;alert(1)&lt;/script&gt; &#124;');
    tablesAreRectangular(result.stdout);
  });

  it('models --format markdown from a pricing file: ids and providers are escaped', async () => {
    const pricing = join(dir, 'litellm.json');
    writeFileSync(
      pricing,
      JSON.stringify({
        'evil<b>|model': { litellm_provider: '<img src=x onerror=alert(3)>', mode: 'chat', input_cost_per_token: 0.000001, output_cost_per_token: 0.000002, max_input_tokens: 1000, max_output_tokens: 100 },
        'plain-model': { litellm_provider: 'openai', mode: 'chat', input_cost_per_token: 0.000001, output_cost_per_token: 0.000002, max_input_tokens: 1000, max_output_tokens: 100 },
      }),
    );
    const result = await runInProcess(['models', '--pricing', pricing, '--pricing-checked-at', '2026-11-20', '--format', 'markdown']);
    expect(result.code, result.stderr).toBe(0);
    expect(foreignTags(result.stdout)).toEqual([]);
    expect(result.stdout).toContain('`plain-model`');
    tablesAreRectangular(result.stdout);
  });
});

// Reading a plan file's text: YAML (JSON is YAML 1.2 too) with line and column for every
// error, money read from the source text of its scalar, then the zod schema. No `node:`
// import: the caller reads the file.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { LlmSpendError } from '../../errors.js';
import { closest, didYouMean } from '../../suggest.js';
import { expandUnionIssues, formatPath, valueAt } from '../../pricing/zod-error.js';
import { MONEY_PATHS, planSchema, type Plan } from './schema.js';

/** Where something is in a plan file: 1-based line and column. */
export interface PlanPosition {
  readonly line: number;
  readonly column: number;
}

/** One problem of a plan file, with its field path and position. */
export interface PlanIssue {
  /** `workloads[0].tokens.input`, or `(root)`. */
  readonly path: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

/** Options of {@link parsePlan}. */
export interface ParsePlanOptions {
  /** The file name shown in errors. @defaultValue "plan" */
  readonly file?: string;
}

/** @internal A parsed plan with the means to locate any of its fields (for later checks). */
export interface PlanSource {
  readonly plan: Plan;
  readonly file: string;
  readonly text: string;
  /** The position of the value at `path` (or of its nearest existing ancestor). */
  locate(path: readonly PropertyKey[]): PlanPosition;
  /** The position of the key `key` of the map at `path` (or of the map). */
  locateKey(path: readonly PropertyKey[], key: string): PlanPosition;
  /** Whether the file has a value at `path`. */
  has(path: readonly PropertyKey[]): boolean;
}

type Path = readonly PropertyKey[];

function matches(path: Path, pattern: readonly (string | '*')[]): boolean {
  return path.length === pattern.length && pattern.every((part, index) => part === '*' ? typeof path[index] === 'number' : part === path[index]);
}

/**
 * @internal The most values that YAML aliases (`*name`) may expand to in one plan. Aliases copy
 * what they name, so a few hundred bytes of nested aliases can stand for billions of values
 * (the "billion laughs"); a real plan reuses a distribution or a few constraints.
 */
export const MAX_ALIAS_VALUES = 100_000;
/** @internal The deepest nesting of a plan's values (aliases expanded). */
export const MAX_PLAN_DEPTH = 64;

/** A plan that cannot be turned into plain values (too deep, an alias bomb, a binary or other typed scalar). */
class PlanUnreadable extends Error {
  constructor(
    message: string,
    readonly offset?: number,
    readonly path?: readonly PropertyKey[],
  ) {
    super(message);
  }
}

/** Counts the values produced through aliases, to stop an alias bomb early. */
interface Expansion {
  aliased: number;
}

/** Converts YAML nodes to plain values; money scalars keep their source text. */
function toValue(node: unknown, path: PropertyKey[], doc: Document, expansion: Expansion, inAlias = false, depth = 0): unknown {
  if (depth > MAX_PLAN_DEPTH) throw new PlanUnreadable(`the plan nests deeper than ${MAX_PLAN_DEPTH} levels (aliases in a loop?)`);
  if (inAlias) {
    expansion.aliased += 1;
    if (expansion.aliased > MAX_ALIAS_VALUES) throw new PlanUnreadable(`the plan's aliases (*name) expand to more than ${MAX_ALIAS_VALUES.toLocaleString('en-US')} values, the limit of llm-spend (an alias bomb?)`);
  }
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return toValue(node.resolve(doc), path, doc, expansion, true, depth + 1);
  if (isScalar(node)) {
    const value = node.value;
    // Only plain scalars: a tag such as !!binary or !!timestamp makes bytes or a Date, which no field takes.
    if (value !== null && typeof value === 'object') throw new PlanUnreadable(`a YAML tag that makes ${value instanceof Uint8Array ? 'binary data' : 'a typed value'} (${node.tag ?? 'a tag'}) is not supported in a plan; write a plain string or number`, node.range?.[0], path);
    if (typeof value === 'number' && MONEY_PATHS.some((pattern) => matches(path, pattern))) return node.source ?? String(value);
    return value;
  }
  if (isSeq(node)) return node.items.map((item, index) => toValue(item, [...path, index], doc, expansion, inAlias, depth + 1));
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const keyNode = pair.key;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(toValue(keyNode, path, doc, expansion, inAlias, depth + 1));
      // defineProperty: a key named __proto__ is data, never the object's prototype.
      Object.defineProperty(out, key, { value: toValue(pair.value, [...path, key], doc, expansion, inAlias, depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return null;
}

interface Located {
  readonly node: YamlNode | null;
  /** The key node of the pair holding `node`, when it is a map value. */
  readonly key: YamlNode | null;
  /** Whether the whole path was found. */
  readonly complete: boolean;
}

function walk(doc: Document, path: Path): Located {
  let node = doc.contents as YamlNode | null;
  let key: YamlNode | null = null;
  for (const part of path) {
    if (node !== null && isAlias(node)) node = node.resolve(doc) as YamlNode | null;
    if (node !== null && isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(part));
      if (pair === undefined) return { node, key, complete: false };
      key = pair.key as YamlNode;
      node = (pair.value ?? null) as YamlNode | null;
      if (node === null) return { node: key, key, complete: true };
    } else if (node !== null && isSeq(node) && typeof part === 'number') {
      const item = node.items[part] as YamlNode | undefined;
      if (item === undefined) return { node, key, complete: false };
      node = item;
      key = null;
    } else {
      return { node, key, complete: false };
    }
  }
  return { node, key, complete: true };
}

function positionIn(lineCounter: LineCounter, offset: number | undefined): PlanPosition {
  const pos = lineCounter.linePos(offset ?? 0);
  return { line: pos.line, column: pos.col };
}

function makeLocator(doc: Document, lineCounter: LineCounter): Pick<PlanSource, 'locate' | 'locateKey' | 'has'> {
  const offsetOf = (node: YamlNode | null): number | undefined => (node as { range?: [number, number, number] } | null)?.range?.[0];
  return {
    has(path) {
      return walk(doc, path).complete;
    },
    locate(path) {
      const found = walk(doc, path);
      if (found.complete) {
        // A collection is shown at its key ("volume:"), a scalar at its value.
        const collection = found.node !== null && (isMap(found.node) || isSeq(found.node));
        return positionIn(lineCounter, offsetOf(collection && found.key !== null ? found.key : found.node));
      }
      // A missing field: the map that should hold it, at its key.
      return positionIn(lineCounter, offsetOf(found.key ?? found.node));
    },
    locateKey(path, key) {
      const found = walk(doc, path);
      if (found.complete && found.node !== null && isMap(found.node)) {
        const pair = found.node.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
        if (pair !== undefined) return positionIn(lineCounter, offsetOf(pair.key as YamlNode));
      }
      return positionIn(lineCounter, offsetOf(found.key ?? found.node));
    },
  };
}

// --- zod issues -------------------------------------------------------------------------------

interface RawIssue {
  readonly path: PropertyKey[];
  readonly message: string;
  /** For an unknown key: the key (the position is the key's). */
  readonly key?: string;
}

interface ZodDef {
  readonly type?: string;
  readonly shape?: Record<string, unknown>;
  readonly element?: unknown;
  readonly innerType?: unknown;
  readonly options?: readonly unknown[];
  readonly in?: unknown;
  readonly valueType?: unknown;
  readonly items?: readonly unknown[];
}

function defOf(schema: unknown): ZodDef | undefined {
  return (schema as { _zod?: { def?: ZodDef } } | undefined)?._zod?.def;
}

/** The field names of the object schemas at `path` (for "did you mean"). */
function knownKeys(schema: unknown, path: Path): string[] {
  const out = new Set<string>();
  const visit = (current: unknown, rest: Path, depth: number): void => {
    const def = defOf(current);
    if (def === undefined || depth > 40) return;
    switch (def.type) {
      case 'optional':
      case 'nullable':
      case 'default':
      case 'readonly':
        visit(def.innerType, rest, depth + 1);
        return;
      case 'pipe':
        visit(def.in, rest, depth + 1);
        return;
      case 'union':
        for (const option of def.options ?? []) visit(option, rest, depth + 1);
        return;
      case 'array':
        if (rest.length > 0 && typeof rest[0] === 'number') visit(def.element, rest.slice(1), depth + 1);
        return;
      case 'tuple':
        if (rest.length > 0 && typeof rest[0] === 'number') visit(def.items?.[rest[0]], rest.slice(1), depth + 1);
        return;
      case 'record':
        if (rest.length > 0) visit(def.valueType, rest.slice(1), depth + 1);
        return;
      case 'object':
        if (rest.length === 0) for (const key of Object.keys(def.shape ?? {})) out.add(key);
        else visit(def.shape?.[String(rest[0])], rest.slice(1), depth + 1);
        return;
      default:
        return;
    }
  };
  visit(schema, path, 0);
  return [...out];
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null (an empty value)';
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  return 'an object';
}

function flatten(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[], input: unknown, out: RawIssue[]): void {
  for (const { path: leafPath, issue } of expandUnionIssues(issues, prefix)) {
    const path = [...leafPath];
    const value = valueAt(input, path);
    if (issue.code === 'invalid_union') {
      out.push({ path, message: value === undefined ? 'is required' : `${issue.message}; got ${describe(value)}` });
      continue;
    }
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(planSchema, path);
      for (const key of issue.keys) {
        const hint = didYouMean(closest(key, known));
        out.push({ path: [...path, key], key, message: `unknown field "${key}".${hint}${known.length > 0 ? ` Expected one of: ${known.join(', ')}` : ''}` });
      }
      continue;
    }
    let message = issue.message;
    if (value === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) message = message.startsWith('Invalid input') ? 'is required' : `is required (${message})`;
    else if (issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_format') message = `${message}; got ${describe(value)}`;
    out.push({ path, message });
  }
}

/** @internal Formats one located problem: `file:line:col: path: message`. */
export function issueLine(file: string, issue: PlanIssue): string {
  return `${file}:${issue.line}:${issue.column}: ${issue.path}: ${issue.message}`;
}

const FRAME_WIDTH = 120;

/** @internal A few lines of the file around a position, with a caret under the column. */
export function codeFrame(text: string, position: PlanPosition): string {
  const lines = text.split(/\r?\n/);
  const first = Math.max(1, position.line - 1);
  const last = Math.min(lines.length, position.line + 1);
  const width = String(last).length;
  const out: string[] = [];
  // A long line (a one-line JSON plan) is shown as a window around the column.
  const start = Math.max(0, position.column - 1 - FRAME_WIDTH / 2);
  const cut = (line: string): string => (line.length <= FRAME_WIDTH && start === 0 ? line : `${start > 0 ? '…' : ''}${line.slice(start, start + FRAME_WIDTH)}${line.length > start + FRAME_WIDTH ? '…' : ''}`);
  const caret = position.column - 1 - start + (start > 0 ? 1 : 0);
  for (let number = first; number <= last; number += 1) {
    const marker = number === position.line ? '>' : ' ';
    out.push(`${marker} ${String(number).padStart(width)} | ${cut(lines[number - 1] ?? '')}`.trimEnd());
    if (number === position.line) out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, caret))}^`);
  }
  return out.join('\n');
}

/** The most problems an INVALID_PLAN message lists (details.issues has them all). */
const MAX_SHOWN_ISSUES = 20;

/** @internal The INVALID_PLAN error for located issues: every issue on its own line, the first with a code frame. */
export function planError(file: string, text: string, issues: readonly PlanIssue[]): LlmSpendError {
  const first = issues[0] ?? { path: '(root)', message: 'invalid', line: 1, column: 1 };
  const shown = issues.slice(0, MAX_SHOWN_ISSUES).map((issue) => issueLine(file, issue));
  const more = issues.length - shown.length;
  const lines = more > 0 ? [...shown, `... and ${more} more problem${more === 1 ? '' : 's'}`] : shown;
  const message = `Invalid plan ${file}:\n${lines.map((line) => `  ${line}`).join('\n')}\n\n${codeFrame(text, first)}`;
  return new LlmSpendError('INVALID_PLAN', message, { file, line: first.line, column: first.column, path: first.path, issues });
}

/** @internal Parses a plan's text and keeps the means to locate its fields. */
export function readPlanSource(text: string, options: ParsePlanOptions = {}): PlanSource {
  const file = options.file ?? 'plan';
  if (typeof text !== 'string') throw new LlmSpendError('INVALID_PLAN', `A plan must be given as text (YAML or JSON); got ${typeof text}.`, { file });
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((error): PlanIssue => {
      const at = error.linePos?.[0] ?? { line: 1, col: 1 };
      const message = error.message.split(' at line ')[0] ?? error.message;
      return { path: '(syntax)', message: `${message} (${error.code})`, line: at.line, column: at.col };
    });
    throw planError(file, text, issues);
  }
  const locator = makeLocator(doc, lineCounter);
  let input: unknown;
  try {
    input = toValue(doc.contents, [], doc, { aliased: 0 });
  } catch (error) {
    if (!(error instanceof PlanUnreadable) && !(error instanceof RangeError)) throw error;
    const at = positionIn(lineCounter, error instanceof PlanUnreadable ? error.offset : undefined);
    const where = error instanceof PlanUnreadable && error.path !== undefined && error.path.length > 0 ? formatPath(error.path) : '(root)';
    throw planError(file, text, [{ path: where, message: error instanceof PlanUnreadable ? error.message : 'the plan is too large or nests too deeply to read', ...at }]);
  }
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    const what = input === null ? 'the file is empty' : `got ${describe(input)}`;
    throw planError(file, text, [{ path: '(root)', message: `a plan is a map with version: 1 and workloads; ${what}`, line: 1, column: 1 }]);
  }
  const result = planSchema.safeParse(input);
  if (!result.success) {
    const raw: RawIssue[] = [];
    flatten(result.error.issues, [], input, raw);
    // An unknown distribution kind also leaves the distribution without one: say it once.
    const kept = raw.filter((issue) => !(issue.message.startsWith('a distribution needs one kind') && raw.some((other) => other !== issue && formatPath(other.path).startsWith(formatPath(issue.path)))));
    const issues = kept.map((issue): PlanIssue => {
      const position = issue.key === undefined ? locator.locate(issue.path) : locator.locateKey(issue.path.slice(0, -1), issue.key);
      return { path: formatPath(issue.path), message: issue.message, line: position.line, column: position.column };
    });
    issues.sort((a, b) => a.line - b.line || a.column - b.column);
    throw planError(file, text, issues);
  }
  return { plan: result.data, file, text, ...locator };
}

/**
 * Reads a plan file's text (YAML, or JSON, which is YAML too) and validates it. Money (`budget.usd`,
 * `policies.failOnIncreaseUsd`) is read from the source text of its scalar, so `1500.50` is the
 * decimal string `"1500.50"`, never a binary float. Model ids are checked when the plan is run
 * (they depend on the pricing table).
 *
 * @param text - the file's text
 * @param options - `file`, the name shown in errors
 * @returns the validated plan
 * @throws LlmSpendError `INVALID_PLAN` whose message names the file, line and column, the field
 *   path and what was expected, for every problem; `details` has `line`, `column`, `path` (the
 *   first) and `issues` (all)
 * @example
 * ```ts
 * import { parsePlan } from 'llm-spend/plan';
 * const plan = parsePlan(`
 * version: 1
 * budget: { usd: 1500.50, per: month }
 * workloads:
 *   - name: triage
 *     volume: { calls: 50000, per: day }
 *     tokens: { input: 800, output: 40 }
 * `);
 * plan.budget?.usd; // "1500.50"
 * plan.workloads[0]?.tokens?.input; // { fixed: 800 }
 * try {
 *   parsePlan('version: 1\nworkloads:\n  - name: triage\n    volume: { calls: 10, per: fortnight }\n    tokens: { input: 1, output: 1 }\n', { file: 'plan.yaml' });
 * } catch (error) {
 *   // LlmSpendError INVALID_PLAN: "plan.yaml:4:30: workloads[0].volume.per: must be one of second, minute, ..."
 * }
 * ```
 */
export function parsePlan(text: string, options: ParsePlanOptions = {}): Plan {
  return readPlanSource(text, options).plan;
}

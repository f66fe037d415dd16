// `llm-spend catalog update`: a pricing table from a file or an https URL (llm-spend's own,
// genai-prices, LiteLLM or models.dev), validated and written as an llm-spend table file that
// `--pricing` reads, with what changed against the bundled catalog.
import { parseArgs } from 'node:util';
import { LlmSpendError } from '../../errors.js';
import { fetchPricingText, pricingFromSource, PRICING_FORMATS, type LoadedPricingSource, type PricingSourceFormat } from '../../pricing/load.js';
import type { ModelEntry, PriceSet } from '../../pricing/schema.js';
import { defaultPricing, selectPricePeriod, type PricingTable } from '../../pricing/table.js';
import { terminalText } from '../format/text.js';

/** @internal The help of `llm-spend catalog`. */
export const CATALOG_HELP = `Usage: llm-spend catalog update --from <file or https URL> --out <prices.json> [options]

Reads a pricing table (llm-spend's own, genai-prices data, LiteLLM's
model_prices_and_context_window.json or models.dev's api.json), converts and validates it, writes
it as an llm-spend table file, and prints what changed against the bundled catalog: price changes
per model (old → new, standard prices of the newest period; a price the source does not
give is not a change), new models, and removed models (bundled
models of the providers the source covers that it does not have). Use the file with --pricing.

Options:
  --from <file|URL>          the source: a file, or an https URL (fetched; http only on localhost)
  -o, --out <file>           the llm-spend table file to write (required)
  -f, --format <format>      the source's format: ${PRICING_FORMATS.join(', ')} (default: detected);
                             and/or the report's: table (default) or json
  --checked-at <YYYY-MM-DD>  when the source was fetched, for prices without a date of their own
                             (default: the file's modification date, or the URL's Date header)
  --timeout <ms>             how long a URL may take (default: 30000)
  -h, --help                 this help

Example:
  llm-spend catalog update --from https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json \\
    --format litellm --out prices.json
  llm-spend plan plan.yaml --pricing prices.json
`;

/** @internal What the command borrows from the CLI (src/cli/main.ts): its byte-capped reader, its errors and writer. */
export interface CatalogTools {
  /** Reads a file as UTF-8 text, refusing more than `limit` bytes. */
  readonly readText: (path: string, display: string, what: string, limit: number) => { text: string; mtime: Date };
  /** The largest pricing file read, in bytes. */
  readonly maxBytes: number;
  /** A mistake in the command line (exit 2 with the usage hint). */
  readonly usage: (message: string) => Error;
  /** Writes `text` to `out` (relative to the working directory) and says so on stderr. */
  readonly write: (text: string, out: string) => void;
  /** Resolves a path against the working directory. */
  readonly resolve: (path: string) => string;
}

/** One standard price that changed. */
interface PriceChange {
  readonly id: string;
  readonly bundledId: string;
  readonly field: string;
  readonly from: string | null;
  readonly to: string | null;
}

/** @internal What changed between the bundled catalog and a new table. */
export interface CatalogDiff {
  readonly changed: readonly PriceChange[];
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly unchanged: number;
}

const FIELDS: ReadonlyArray<keyof PriceSet> = ['inputPerMillion', 'cachedInputPerMillion', 'cacheWritePerMillion', 'cacheWrite1hPerMillion', 'outputPerMillion', 'audioInputPerMillion'];
const REPORT_FORMATS = ['table', 'json'] as const;

/** The standard prices of the newest period (a future-dated price included). */
function newestStandard(entry: ModelEntry): PriceSet {
  return selectPricePeriod(entry).standard;
}

/**
 * @internal Compares a table with the bundled one. A model matches a bundled one by id, or by
 * any of its names (id, aliases) that is a bundled id or alias. Removed: bundled models of the
 * providers and hosts the table covers that no model of the table matches.
 */
export function diffCatalog(table: PricingTable, bundled: PricingTable = defaultPricing): CatalogDiff {
  const byName = new Map<string, ModelEntry>();
  for (const entry of bundled.models) byName.set(entry.id, entry);
  for (const entry of bundled.models) for (const alias of entry.aliases) if (!byName.has(alias)) byName.set(alias, entry);
  const matched = new Set<string>();
  const changed: PriceChange[] = [];
  const added: string[] = [];
  let unchanged = 0;
  for (const entry of table.models) {
    const old = byName.get(entry.id) ?? [...entry.aliases].map((name) => byName.get(name)).find((found) => found !== undefined);
    if (old === undefined || matched.has(old.id)) {
      added.push(entry.id);
      continue;
    }
    matched.add(old.id);
    const before = newestStandard(old);
    const after = newestStandard(entry);
    // A field the source does not give is not a change (the source is silent, not free).
    const fields = FIELDS.filter((field) => after[field] !== undefined && before[field] !== after[field]);
    if (fields.length === 0) unchanged += 1;
    for (const field of fields) changed.push({ id: entry.id, bundledId: old.id, field, from: before[field] ?? null, to: after[field] ?? null });
  }
  const covered = new Set(table.models.map((entry) => entry.host ?? entry.provider));
  const removed = bundled.models.filter((entry) => covered.has(entry.host ?? entry.provider) && !matched.has(entry.id)).map((entry) => entry.id);
  return { changed, added, removed, unchanged };
}

function isoDate(tools: CatalogTools, value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))) throw tools.usage(`--checked-at must be a date such as 2026-11-25; got "${value}".`);
  return value;
}

interface Plan {
  readonly from: string;
  readonly out: string;
  readonly format: PricingSourceFormat | undefined;
  readonly report: (typeof REPORT_FORMATS)[number];
  readonly checkedAt: string | undefined;
  readonly timeoutMs: number;
}

/** Reads the command line: the plan, or a number (help was printed). */
function planOf(args: readonly string[], io: { stdout: (text: string) => void }, tools: CatalogTools): Plan | number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        from: { type: 'string' },
        out: { type: 'string', short: 'o' },
        format: { type: 'string', short: 'f', multiple: true },
        'checked-at': { type: 'string' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw tools.usage(`${(error instanceof Error ? error.message : String(error)).replace(/\. To specify a positional argument.*$/s, '').replace(/\.?$/, '.')}`);
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.stdout(CATALOG_HELP);
    return 0;
  }
  const [sub, ...extra] = positionals;
  if (sub === undefined) throw tools.usage('which catalog command? The one there is: llm-spend catalog update --from <file or URL> --out prices.json.');
  if (sub !== 'update') throw tools.usage(`unknown catalog command "${sub.slice(0, 80)}"; the one there is: update.`);
  if (extra.length > 0) throw tools.usage(`unexpected argument "${(extra[0] ?? '').slice(0, 80)}" (name the source with --from).`);
  if (values.from === undefined || values.from.trim() === '') throw tools.usage('--from is required: a pricing file, or an https URL.');
  if (values.out === undefined || values.out.trim() === '') throw tools.usage('--out is required: the llm-spend table file to write, such as prices.json.');
  if (/[\\/]$/.test(values.out) || values.out === '.' || values.out === '..') throw tools.usage(`--out needs a file name, not a directory; got "${values.out}".`);
  let format: PricingSourceFormat | undefined;
  let report: (typeof REPORT_FORMATS)[number] | undefined;
  for (const value of values.format ?? []) {
    const name = value.toLowerCase() === 'models-dev' ? 'models.dev' : value.toLowerCase();
    if ((PRICING_FORMATS as readonly string[]).includes(name)) {
      if (format !== undefined && format !== name) throw tools.usage(`two source formats: ${format} and ${name}.`);
      format = name as PricingSourceFormat;
    } else if ((REPORT_FORMATS as readonly string[]).includes(name)) {
      if (report !== undefined && report !== name) throw tools.usage(`two report formats: ${report} and ${name}.`);
      report = name as (typeof REPORT_FORMATS)[number];
    } else throw tools.usage(`--format must be a source format (${PRICING_FORMATS.join(', ')}) or a report format (${REPORT_FORMATS.join(', ')}); got "${value.slice(0, 80)}".`);
  }
  const timeoutText = values.timeout ?? '30000';
  if (!/^\d+$/.test(timeoutText) || Number(timeoutText) < 1 || !Number.isSafeInteger(Number(timeoutText))) throw tools.usage(`--timeout must be a whole number of milliseconds such as 30000; got "${timeoutText.slice(0, 80)}".`);
  return {
    from: values.from,
    out: values.out,
    format,
    report: report ?? 'table',
    checkedAt: values['checked-at'] === undefined ? undefined : isoDate(tools, values['checked-at']),
    timeoutMs: Number(timeoutText),
  };
}

const isUrl = (source: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(source.trim());

/** Converts, writes and reports: the part after the source is read. */
function finish(plan: Plan, text: string, checkedAt: string | undefined, sourceUrl: string | undefined, io: { stdout: (text: string) => void }, tools: CatalogTools): number {
  const loaded = pricingFromSource(text, { format: plan.format, checkedAt, where: plan.from, sourceUrl });
  const diff = diffCatalog(loaded.table);
  tools.write(`${JSON.stringify({ version: loaded.table.version, checkedAt: loaded.table.checkedAt, models: loaded.table.models }, null, 2)}\n`, plan.out);
  io.stdout(plan.report === 'json' ? `${JSON.stringify(reportJson(plan, loaded, diff), null, 2)}\n` : reportText(plan, loaded, diff));
  return 0;
}

function reportJson(plan: Plan, loaded: LoadedPricingSource, diff: CatalogDiff): Record<string, unknown> {
  return {
    source: plan.from,
    format: loaded.format,
    out: plan.out,
    checkedAt: loaded.table.checkedAt,
    models: loaded.table.models.length,
    bundled: { checkedAt: defaultPricing.checkedAt, models: defaultPricing.models.length },
    changed: diff.changed,
    added: diff.added,
    removed: diff.removed,
    unchanged: diff.unchanged,
    skipped: loaded.skipped,
    warnings: loaded.warnings,
  };
}

const FIELD_NAMES: Readonly<Record<string, string>> = {
  inputPerMillion: 'input',
  cachedInputPerMillion: 'cached input',
  cacheWritePerMillion: 'cache write',
  cacheWrite1hPerMillion: 'cache write 1h',
  outputPerMillion: 'output',
  audioInputPerMillion: 'audio input',
};

/** Names as indented lines of at most about 100 characters. */
function wrapped(names: readonly string[]): string[] {
  const lines: string[] = [];
  let line = '';
  for (const name of names) {
    if (line !== '' && line.length + name.length + 2 > 98) {
      lines.push(`  ${line},`);
      line = '';
    }
    line = line === '' ? name : `${line}, ${name}`;
  }
  if (line !== '') lines.push(`  ${line}`);
  return lines;
}

function reportText(plan: Plan, loaded: LoadedPricingSource, diff: CatalogDiff): string {
  const lines: string[] = [];
  lines.push(`llm-spend catalog update: ${loaded.table.models.length} models from ${plan.from} (${loaded.format}, checked ${loaded.table.checkedAt}) written to ${plan.out}`);
  lines.push(`Against the bundled catalog (${defaultPricing.models.length} models, checked ${defaultPricing.checkedAt}); standard prices per million tokens, newest period:`);
  lines.push('');
  const byModel = new Map<string, PriceChange[]>();
  for (const change of diff.changed) byModel.set(change.id, [...(byModel.get(change.id) ?? []), change]);
  lines.push(`Price changes (${byModel.size}):`);
  for (const [id, changes] of byModel) {
    const first = changes[0];
    const name = first !== undefined && first.bundledId !== id ? `${id} (bundled: ${first.bundledId})` : id;
    lines.push(`  ${name}: ${changes.map((change) => `${FIELD_NAMES[change.field] ?? change.field} ${change.from ?? '—'} → ${change.to ?? '—'}`).join('; ')}`);
  }
  lines.push('', `New models (${diff.added.length}):`);
  lines.push(...wrapped(diff.added));
  lines.push('', `Removed models (${diff.removed.length}; bundled models of the providers the source covers that it does not have):`);
  lines.push(...wrapped(diff.removed));
  lines.push('', `Unchanged: ${diff.unchanged} models.`);
  if (loaded.skipped.length > 0) lines.push(`Left out of the source: ${loaded.skipped.length} entries (not text generation, no price, or a name already taken; --format json lists them).`);
  for (const warning of loaded.warnings) lines.push(`Warning (${warning.code}): ${warning.message}`);
  return `${terminalText(lines.join('\n'))}\n`;
}

/** The source of a plan read from a file (synchronously, byte-capped). */
function readSource(plan: Plan, tools: CatalogTools): { text: string; checkedAt: string } {
  const path = tools.resolve(plan.from);
  const { text, mtime } = tools.readText(path, plan.from, 'pricing source', tools.maxBytes);
  return { text, checkedAt: plan.checkedAt ?? mtime.toISOString().slice(0, 10) };
}

/**
 * @internal `llm-spend catalog ...`, synchronously: a file source only (the in-process runner
 * `run`); a URL needs {@link runCatalog}.
 */
export function runCatalogSync(args: readonly string[], io: { stdout: (text: string) => void }, tools: CatalogTools): number {
  const plan = planOf(args, io, tools);
  if (typeof plan === 'number') return plan;
  if (isUrl(plan.from)) throw tools.usage('fetching a URL needs the asynchronous runner (the llm-spend executable, or runAsync in process).');
  const { text, checkedAt } = readSource(plan, tools);
  return finish(plan, text, checkedAt, undefined, io, tools);
}

/** @internal `llm-spend catalog update --from <file or URL> ...`: fetches a URL, reads a file. */
export async function runCatalog(args: readonly string[], io: { stdout: (text: string) => void }, tools: CatalogTools): Promise<number> {
  const plan = planOf(args, io, tools);
  if (typeof plan === 'number') return plan;
  if (!isUrl(plan.from)) {
    const { text, checkedAt } = readSource(plan, tools);
    return finish(plan, text, checkedAt, undefined, io, tools);
  }
  let url: URL;
  try {
    url = new URL(plan.from.trim());
  } catch {
    throw tools.usage(`--from: not a URL: "${plan.from.slice(0, 120)}".`);
  }
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)))) {
    throw new LlmSpendError('PRICING_UNAVAILABLE', `refusing to fetch ${plan.from.slice(0, 120)}: only https URLs are fetched (http only on localhost).`, { url: plan.from, reason: 'protocol' });
  }
  const fetched = await fetchPricingText(url, { timeoutMs: plan.timeoutMs, maxBytes: tools.maxBytes });
  return finish(plan, fetched.text, plan.checkedAt ?? fetched.date, url.href, io, tools);
}

// The `llm-spend` command: plan files in, spend reports and CI gates out.
// Exit codes: 0 within policy, 1 a policy failed (the report is still written), 2 bad input.
// The one place it reads the clock is `today` (override with --today or LLM_SPEND_TODAY).
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { version as packageVersion } from '../../package.json';
import { isLlmSpendError, LlmSpendError } from '../errors.js';
import { SERVICE_TIERS, type ServiceTier } from '../pricing/schema.js';
import { defaultPricing, listModels, type PricingTable } from '../pricing/table.js';
import { closest, didYouMean } from '../suggest.js';
import { ACTUAL_HELP, runActual } from './commands/actual.js';
import type { CommandTools } from './commands/actual-io.js';
import { CATALOG_HELP, runCatalog, runCatalogSync, type CatalogTools } from './commands/catalog.js';
import { FIT_HELP, runFit } from './commands/fit.js';
import { runSql, SQL_HELP } from './commands/sql.js';
import { costMarkdown, costReport, costTable, modelsMarkdown, modelsReport, modelsTable } from './commands/lookup.js';
import { costHtml, diffHtml, modelsHtml, planHtml } from './format/html.js';
import { diffMarkdown, planMarkdown } from './format/markdown.js';
import { diffTable, planTable } from './format/table.js';
import { terminalText } from './format/text.js';
import { readPlanSource, type PlanSource } from './plan/parse.js';
import { planJsonSchema } from './plan/schema.js';
import { pricingFromFile, type PricingFormat } from './pricing-file.js';
import { buildPlanReport, MAX_MODEL_ID_LENGTH } from './report/build.js';
import { diffReports, parseBaseline } from './report/diff.js';
import { evaluatePolicies, resolvePolicies, type PolicyFlags } from './report/policies.js';
import type { DiffReport, PlanReport, PolicyResult } from './report/types.js';

/** @internal The CLI's version (the package's). */
export const VERSION: string = packageVersion;

/** @internal What the CLI talks to; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Whether stdout is a terminal (colour is used there, or where FORCE_COLOR asks for it). */
  readonly isTTY: boolean;
  /** Standard input, for `actual -` and `fit -`. @defaultValue process.stdin */
  readonly stdin?: AsyncIterable<Uint8Array | string> | undefined;
  /** Whether stderr is a terminal (the progress bar of `actual` and `fit` is drawn only there). @defaultValue process.stderr.isTTY */
  readonly stderrIsTTY?: boolean | undefined;
  /** The width of stderr's terminal. @defaultValue process.stderr.columns */
  readonly stderrColumns?: number | undefined;
}

/**
 * The documentation's folder in the installed package: `docs/` next to `dist/` (the built bin is
 * dist/cli.js) or, run from the sources, next to `src/`. Undefined when it cannot be found.
 */
function docsFolder(): string | undefined {
  let here: string;
  try {
    here = dirname(fileURLToPath(import.meta.url));
  } catch {
    return undefined;
  }
  for (const up of ['..', join('..', '..')]) {
    const folder = resolve(here, up, 'docs');
    if (existsSync(join(folder, 'cli.md'))) return folder;
  }
  return undefined;
}

const DOCS = docsFolder();
/** Where the help says the docs are: their paths in this installation. */
const DOCS_LINE =
  DOCS === undefined
    ? 'Docs: docs/cli.md and docs/plan-file.md in the llm-spend package (node_modules/llm-spend/docs/).'
    : `Docs: ${join(DOCS, 'cli.md')} (commands, CI recipe)\n      ${join(DOCS, 'plan-file.md')} (plan files); README.md links the rest.`;

const FORMATS = ['table', 'json', 'markdown', 'html'] as const;
type Format = (typeof FORMATS)[number];

/**
 * @internal The largest plan file read, in bytes (1 MiB). YAML parsing costs about a second and
 * 250 MB of memory per MiB, so a larger file is refused before it is parsed.
 */
export const MAX_PLAN_BYTES = 1024 * 1024;
/** @internal The largest pricing file or baseline report read, in bytes (64 MiB of JSON). */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;

/** A file that cannot be read or written: exit 2 with a one-line message. */
class FileError extends Error {}

/** A mistake in the command line: exit 2 with the command's usage hint. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly command: string | undefined,
  ) {
    super(message);
  }
}

const COMMON_HELP = `
Output:
  -f, --format <table|json|markdown|html>   default: table (or from --out's extension)
  -o, --out <file>                          write the report to a file instead of stdout
  -h, --help                                this help`;

const HELP: Readonly<Record<string, string>> = {
  main: `llm-spend ${VERSION}: what your LLM calls will cost, before you deploy them

Usage: llm-spend <command> [options]

Commands:
  plan <file>                  spend per workload and model, the recommendation, totals against the budget
  diff --compare-to <base.json> <file>
                               the change against a baseline report, for a pull-request comment
  cost <model> --input N --output N [--cached N] [--tier T]
                               the exact cost of one call
  models [--provider P]        the pricing table: prices, limits, tiers, when each was checked
  schema                       the JSON Schema of plan files
  catalog update --from <file|URL> --out prices.json
                               a newer pricing table (genai-prices, LiteLLM, models.dev) as a --pricing file
  actual <files…> [--what-if M] [--bill F]
                               what usage logs actually cost, each record at its own date; what-if; the bill
  fit <files…> --out plan.yaml a plan file fitted from usage logs (volumes, token distributions, cache)
  sql --dialect duckdb|postgres --table T
                               SQL that prices a usage table in the warehouse, exactly

Options:
  -h, --help                   help (also: llm-spend <command> --help)
  -v, --version                the version

Exit codes: 0 within policy, 1 a policy failed (the report is still written), 2 bad input.
${DOCS_LINE}
`,
  plan: `Usage: llm-spend plan <file> [options]

Reads a plan file (YAML or JSON, version: 1) and reports, per workload and candidate model, the
monthly spend part by part (input, cached input, output, reasoning, images, fees); the
recommended option with its reasons; the totals against the budget; the next twelve months with
growth; and warnings (context overflow, clamped outputs, unknown figures, stale prices).

Options:
  --pricing <file>                    a pricing file (llm-spend's own, LiteLLM's or models.dev's);
                                      replaces the plan's \`pricing\`
  --pricing-checked-at <YYYY-MM-DD>   when that file was fetched (default: its modification date)
  --today <YYYY-MM-DD>                the date stale prices count from (or LLM_SPEND_TODAY;
                                      default: the clock)

Policies (override the plan's \`policies\`; exit 1 when one fails):
  --fail-over-budget                  the total spend is over the plan's budget
  --fail-on-increase-usd <usd>        checked by \`llm-spend diff\` (skipped here: no baseline)
  --fail-on-increase-percent <pct>    checked by \`llm-spend diff\` (skipped here: no baseline)
  --no-policies                       check no policy (each is reported as skipped): exit 0
                                      unless the input is bad (2); for a CI baseline
${COMMON_HELP}

Example:
  llm-spend plan examples/support-triage.yaml --format html --out spend.html
`,
  diff: `Usage: llm-spend diff --compare-to <base.json> <file> [options]

Compares a plan with a baseline report (the JSON of \`llm-spend plan --format json\` on the base
branch): the change per workload and the headline "Monthly LLM spend will increase by $X (+Y%)".
Use --format markdown for a pull-request comment.

Options:
  --compare-to <base.json>            the baseline report (required)
  --pricing <file>, --pricing-checked-at <date>, --today <date>: as for \`llm-spend plan\`

Policies (override the plan's \`policies\`; exit 1 when one fails):
  --fail-over-budget                  the total spend is over the plan's budget
  --fail-on-increase-usd <usd>        the monthly spend grows by more than this (USD)
  --fail-on-increase-percent <pct>    the monthly spend grows by more than this (percent)
  --no-policies                       check no policy (each is reported as skipped)
${COMMON_HELP}

Example:
  llm-spend diff --compare-to base.json plan.yaml --format markdown --out comment.md
`,
  cost: `Usage: llm-spend cost <model> --input N --output N [options]

The exact cost of one call, part by part.

Options:
  --input <N>          all input tokens, cached ones included (required)
  --output <N>         all output tokens, reasoning included (required)
  --cached <N>         of the input: tokens read from cache
  --cache-write <N>    of the input: tokens written to cache (5-minute TTL price)
  --reasoning <N>      of the output: hidden reasoning tokens
  --tier <T>           ${SERVICE_TIERS.join(', ')} (default: standard)
  --at <YYYY-MM-DD>    prices in effect at this date (default: the newest)
  --pricing <file>     a pricing file instead of the bundled table
${COMMON_HELP}

Example:
  llm-spend cost gpt-5.4-mini --input 1234 --cached 1000 --output 567
`,
  models: `Usage: llm-spend models [--provider P] [options]

The pricing table: standard prices per million tokens, context window, max output, the service
tiers with a price, and when each price was last checked.

Options:
  --provider <P>       only this provider's models (openai, anthropic, google, meta, mistral, ...)
  --pricing <file>     a pricing file instead of the bundled table
  --today <date>       the date stale prices count from (or LLM_SPEND_TODAY)
${COMMON_HELP}
`,
  catalog: CATALOG_HELP,
  actual: ACTUAL_HELP,
  fit: FIT_HELP,
  sql: SQL_HELP,
  schema: `Usage: llm-spend schema [--out FILE]

Prints the JSON Schema (draft 2020-12) of plan files, for editors and validators:
  # yaml-language-server: $schema=./plan.schema.json

Options:
  -o, --out <file>     write it to a file
  -h, --help           this help
`,
};

const OUTPUT_OPTIONS = {
  format: { type: 'string', short: 'f' },
  out: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

const PLAN_OPTIONS = {
  ...OUTPUT_OPTIONS,
  pricing: { type: 'string' },
  'pricing-checked-at': { type: 'string' },
  today: { type: 'string' },
  'fail-over-budget': { type: 'boolean' },
  'fail-on-increase-usd': { type: 'string' },
  'fail-on-increase-percent': { type: 'string' },
  'no-policies': { type: 'boolean' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

function parse<T extends NonNullable<ParseArgsConfig['options']>>(command: string, args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /Unknown option '([^']+)'/.exec(message)?.[1];
    const hint = unknown === undefined ? '' : didYouMean(closest(unknown.replace(/^-+/, ''), Object.keys(options)).map((name) => `--${name}`));
    throw new UsageError(`${message.replace(/\. To specify a positional argument.*$/s, '').replace(/\.?$/, '.')}${hint}`, command);
  }
}

function formatOf(command: string, value: string | undefined, out: string | undefined): Format {
  if (value === undefined) {
    const extension = out?.toLowerCase().split('.').pop();
    if (extension === 'json') return 'json';
    if (extension === 'md' || extension === 'markdown') return 'markdown';
    if (extension === 'html' || extension === 'htm') return 'html';
    return 'table';
  }
  const name = value === 'md' ? 'markdown' : value;
  if (!(FORMATS as readonly string[]).includes(name)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}; got "${value}".${didYouMean(closest(value, FORMATS))}`, command);
  return name as Format;
}

function isoDate(command: string, flag: string, value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw new UsageError(`${flag} must be a date such as 2026-11-25; got "${value}".`, command);
  }
  return value;
}

/** The date the report is for: --today, LLM_SPEND_TODAY, else the clock (the CLI's only read of it). */
function todayOf(command: string, flag: string | undefined, io: CliIo): string {
  if (flag !== undefined) return isoDate(command, '--today', flag);
  const fromEnv = io.env['LLM_SPEND_TODAY'];
  if (fromEnv !== undefined && fromEnv !== '') return isoDate(command, 'LLM_SPEND_TODAY', fromEnv);
  return new Date().toISOString().slice(0, 10);
}

function wholeTokens(command: string, flag: string, value: string | undefined, required: boolean): number | undefined {
  if (value === undefined) {
    if (required) throw new UsageError(`${flag} is required: a number of tokens such as ${flag} 1200.`, command);
    return undefined;
  }
  const text = value.replace(/_/g, '');
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new UsageError(`${flag} must be a whole number of tokens; got "${value}".`, command);
  return Number(text);
}

const ERRNO_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EEXIST: 'a file is in the way of a directory of the path',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  EFBIG: 'the file is too large for the file system',
  ENAMETOOLONG: 'the file name is too long',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'an input/output error',
  ENXIO: 'no such device',
  ENODEV: 'no such device',
  EBUSY: 'the file is busy',
  ETXTBSY: 'the file is busy',
  EINVAL: 'not a file that can be used here',
};

/** One line saying why a file operation failed (errno codes in words; never a stack trace). */
function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && Object.hasOwn(ERRNO_REASONS, code)) return `${ERRNO_REASONS[code] ?? code} (${code})`;
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? message).replace(/\.$/, '');
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Reads a file as UTF-8 text, at most `limit` bytes: a larger file, a device that never ends
 * (/dev/zero) or a pipe that keeps writing is refused as soon as it passes the limit.
 */
function readText(path: string, display: string, what: string, limit: number): { text: string; mtime: Date } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new FileError(`cannot read ${what} ${display}: ${reasonOf(error)}.`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new FileError(`cannot read ${what} ${display}: it is a directory (EISDIR).`);
    const tooLarge = (): FileError => new FileError(`${what} ${display} is larger than ${limit / 1024 / 1024} MiB, the limit of llm-spend; refused before parsing.`);
    if (stat.isFile() && stat.size > limit) throw tooLarge();
    const chunks: Buffer[] = [];
    const buffer = Buffer.alloc(64 * 1024);
    let total = 0;
    for (;;) {
      let read: number;
      try {
        read = readSync(fd, buffer, 0, buffer.length, null);
      } catch (error) {
        // A non-blocking pipe with nothing yet: wait a little for its writer.
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
          sleepMs(10);
          continue;
        }
        throw new FileError(`cannot read ${what} ${display}: ${reasonOf(error)}.`);
      }
      if (read === 0) break;
      total += read;
      if (total > limit) throw tooLarge();
      chunks.push(Buffer.from(buffer.subarray(0, read)));
    }
    return { text: Buffer.concat(chunks).toString('utf8'), mtime: stat.mtime };
  } finally {
    closeSync(fd);
  }
}

function readJson(path: string, display: string, what: string): { json: unknown; mtime: Date } {
  const { text, mtime } = readText(path, display, what, MAX_JSON_BYTES);
  try {
    return { json: JSON.parse(text) as unknown, mtime };
  } catch (error) {
    throw new LlmSpendError('INVALID_PLAN', `${display} is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`, { file: display });
  }
}

interface PricingChoice {
  readonly table: PricingTable;
  readonly source: string;
  readonly format: string;
}

function loadPricing(spec: { file: string; display: string; format?: PricingFormat | undefined; checkedAt?: string | undefined; providers?: readonly string[] | undefined }): PricingChoice {
  const { json, mtime } = readJson(spec.file, spec.display, 'pricing file');
  let checkedAt = spec.checkedAt;
  if (checkedAt === undefined) checkedAt = mtime.toISOString().slice(0, 10);
  const loaded = pricingFromFile(json, { file: spec.display, format: spec.format, checkedAt, providers: spec.providers });
  if (loaded.table.models.length === 0) throw new LlmSpendError('INVALID_PRICING', `${spec.display} (${loaded.format}): no model could be converted.`, { file: spec.display });
  return { table: loaded.table, source: spec.display, format: loaded.format };
}

function pricingFlag(command: string, io: CliIo, values: { pricing?: string | undefined; 'pricing-checked-at'?: string | undefined }): PricingChoice | undefined {
  if (values.pricing === undefined) {
    if (values['pricing-checked-at'] !== undefined) throw new UsageError('--pricing-checked-at needs --pricing.', command);
    return undefined;
  }
  const checkedAt = values['pricing-checked-at'] === undefined ? undefined : isoDate(command, '--pricing-checked-at', values['pricing-checked-at']);
  return loadPricing({ file: resolve(io.cwd, values.pricing), display: values.pricing, checkedAt });
}

function policyFlags(command: string, values: { 'fail-over-budget'?: boolean | undefined; 'fail-on-increase-usd'?: string | undefined; 'fail-on-increase-percent'?: string | undefined; 'no-policies'?: boolean | undefined }): PolicyFlags {
  if (values['no-policies'] === true) {
    const set = (['fail-over-budget', 'fail-on-increase-usd', 'fail-on-increase-percent'] as const).filter((flag) => values[flag] !== undefined);
    if (set.length > 0) throw new UsageError(`--no-policies checks no policy; it cannot be combined with ${set.map((flag) => `--${flag}`).join(', ')}.`, command);
  }
  const usdText = values['fail-on-increase-usd'];
  if (usdText !== undefined && !/^\d+(?:\.\d+)?$/.test(usdText)) throw new UsageError(`--fail-on-increase-usd must be an amount in USD such as 100 or 99.50; got "${usdText}".`, command);
  const percentText = values['fail-on-increase-percent'];
  let percent: number | undefined;
  if (percentText !== undefined) {
    const cleaned = percentText.replace(/%$/, '');
    percent = Number(cleaned);
    if (!/^\d+(?:\.\d+)?$/.test(cleaned) || !Number.isFinite(percent)) throw new UsageError(`--fail-on-increase-percent must be a percentage such as 10 or 12.5; got "${percentText}".`, command);
  }
  return {
    ...(values['fail-over-budget'] === true ? { failOverBudget: true } : {}),
    ...(usdText === undefined ? {} : { failOnIncreaseUsd: usdText }),
    ...(percent === undefined ? {} : { failOnIncreasePercent: percent }),
  };
}

/** Checks --out before any work is done: a name, not a directory. */
function checkOut(command: string, out: string | undefined): void {
  if (out === undefined) return;
  if (out.trim() === '') throw new UsageError('--out needs a file name such as spend.md; got an empty one.', command);
  if (/[\\/]$/.test(out) || out === '.' || out === '..') throw new UsageError(`--out needs a file name, not a directory; got "${out}" (try ${out.replace(/[\\/]*$/, '')}/spend.md).`, command);
}

function emit(io: CliIo, text: string, out: string | undefined): void {
  if (out === undefined) {
    io.stdout(text);
    return;
  }
  const path = resolve(io.cwd, out);
  let existing;
  try {
    existing = statSync(path, { throwIfNoEntry: false });
  } catch {
    existing = undefined;
  }
  if (existing?.isDirectory() === true) throw new FileError(`cannot write ${out}: it is a directory (EISDIR); name a file in it, such as ${out.replace(/[\\/]*$/, '')}/spend.md.`);
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw new FileError(`cannot create the directory of ${out}: ${reasonOf(error)}.`);
  }
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new FileError(`cannot write ${out}: ${reasonOf(error)}.`);
  }
  io.stderr(`llm-spend: wrote ${out}\n`);
}

/**
 * Whether the table on stdout is coloured. Colour is for a terminal's table only: never in
 * json/markdown/html, never in a file written with --out. Then, in this order:
 * - FORCE_COLOR set and not empty: `0` or `false` turns colour off; any other value (`1`, `2`,
 *   `3`, `true`) turns it on even off a terminal (a CI log) and with TERM=dumb, and wins over
 *   NO_COLOR (Node.js's own rule; force-color.org: present and not empty forces colour);
 * - NO_COLOR set and not empty: no colour (no-color.org);
 * - otherwise colour on a terminal whose TERM is not `dumb`.
 */
function useColor(io: CliIo, format: Format, out: string | undefined): boolean {
  if (format !== 'table' || out !== undefined) return false;
  const force = io.env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  const noColor = io.env['NO_COLOR'];
  return io.isTTY && (noColor === undefined || noColor === '') && io.env['TERM'] !== 'dumb';
}

/** Policies as `--no-policies` reports them: each one skipped, its finding kept in the message. */
function policiesOff(policies: readonly PolicyResult[]): PolicyResult[] {
  return policies.map((policy) => ({ ...policy, status: 'skipped', message: `skipped (--no-policies): ${policy.message.replace(/^skipped: /, '')}` }));
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Reads and runs a plan: the report with its policies evaluated (no diff). */
function planReportOf(command: string, file: string, io: CliIo, values: Record<string, string | boolean | undefined>, today: string): { source: PlanSource; report: PlanReport } {
  const path = resolve(io.cwd, file);
  const source = readPlanSource(readText(path, file, 'plan file', MAX_PLAN_BYTES).text, { file });
  let pricing = pricingFlag(command, io, values as { pricing?: string; 'pricing-checked-at'?: string });
  const fromPlan = source.plan.pricing;
  if (pricing === undefined && fromPlan !== undefined) {
    const spec = typeof fromPlan === 'string' ? { file: fromPlan } : fromPlan;
    const resolved = isAbsolute(spec.file) ? spec.file : resolve(dirname(path), spec.file);
    pricing = loadPricing({
      file: resolved,
      display: spec.file,
      ...(typeof fromPlan === 'string' ? {} : { format: fromPlan.format, checkedAt: fromPlan.checkedAt, providers: fromPlan.providers }),
    });
  }
  let report: PlanReport;
  try {
    report = buildPlanReport(source, { today, toolVersion: VERSION, pricing });
  } catch (error) {
    // A library error that names no file is still about this plan.
    if (isLlmSpendError(error) && typeof error.details['file'] !== 'string') throw new LlmSpendError(error.code, error.message, { ...error.details, file });
    throw error;
  }
  return { source, report };
}

function runPlan(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parse('plan', args, PLAN_OPTIONS);
  if (values.help === true) return help(io, 'plan');
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'a plan file is required: llm-spend plan <file>.' : `one plan file at a time; got ${positionals.length}.`, 'plan');
  checkOut('plan', values.out);
  const format = formatOf('plan', values.format, values.out);
  const today = todayOf('plan', values.today, io);
  const flags = policyFlags('plan', values);
  const { source, report: base } = planReportOf('plan', positionals[0] as string, io, values, today);
  const evaluated = evaluatePolicies(resolvePolicies(source.plan.policies, flags), base.budget, undefined);
  const policies = values['no-policies'] === true ? policiesOff(evaluated) : evaluated;
  const report: PlanReport = { ...base, policies, status: policies.some((policy) => policy.status === 'fail') ? 'fail' : 'pass' };
  const text = format === 'json' ? json(report) : format === 'markdown' ? planMarkdown(report) : format === 'html' ? planHtml(report) : planTable(report, useColor(io, format, values.out));
  emit(io, text, values.out);
  return report.status === 'fail' ? 1 : 0;
}

function runDiff(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parse('diff', args, { ...PLAN_OPTIONS, 'compare-to': { type: 'string' } });
  if (values.help === true) return help(io, 'diff');
  const baseFile = values['compare-to'];
  if (baseFile === undefined) throw new UsageError('--compare-to <base.json> is required: the baseline report (llm-spend plan <file> --format json --out base.json).', 'diff');
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'a plan file is required: llm-spend diff --compare-to <base.json> <file>.' : `one plan file at a time; got ${positionals.length}.`, 'diff');
  checkOut('diff', values.out);
  const format = formatOf('diff', values.format, values.out);
  const today = todayOf('diff', values.today, io);
  const flags = policyFlags('diff', values);
  const baseline = parseBaseline(readJson(resolve(io.cwd, baseFile), baseFile, 'baseline report').json, baseFile);
  const { source, report: current } = planReportOf('diff', positionals[0] as string, io, values, today);
  const diff = diffReports(baseline, baseFile, current);
  const evaluated = evaluatePolicies(resolvePolicies(source.plan.policies, flags), current.budget, { base: diff.base.total, current: diff.current.total });
  const policies = values['no-policies'] === true ? policiesOff(evaluated) : evaluated;
  const status = policies.some((policy) => policy.status === 'fail') ? 'fail' : 'pass';
  const report: DiffReport = { ...diff, policies, status };
  const text = format === 'json' ? json(report) : format === 'markdown' ? diffMarkdown(report) : format === 'html' ? diffHtml(report) : diffTable(report, useColor(io, format, values.out));
  emit(io, text, values.out);
  return status === 'fail' ? 1 : 0;
}

function runCost(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parse('cost', args, {
    ...OUTPUT_OPTIONS,
    input: { type: 'string' },
    output: { type: 'string' },
    cached: { type: 'string' },
    'cache-write': { type: 'string' },
    reasoning: { type: 'string' },
    tier: { type: 'string' },
    at: { type: 'string' },
    pricing: { type: 'string' },
    'pricing-checked-at': { type: 'string' },
  });
  if (values.help === true) return help(io, 'cost');
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'a model is required: llm-spend cost <model> --input N --output N.' : `one model at a time; got ${positionals.join(', ')}.`, 'cost');
  checkOut('cost', values.out);
  const format = formatOf('cost', values.format, values.out);
  const model = positionals[0] as string;
  if (model.length > MAX_MODEL_ID_LENGTH) throw new UsageError(`a model id is at most ${MAX_MODEL_ID_LENGTH} characters; got one of ${model.length}.`, 'cost');
  const tier = values.tier;
  if (tier !== undefined && !(SERVICE_TIERS as readonly string[]).includes(tier)) {
    throw new UsageError(`--tier must be one of ${SERVICE_TIERS.join(', ')}; got "${tier}".${didYouMean(closest(tier, SERVICE_TIERS))}`, 'cost');
  }
  const report = costReport({
    model,
    inputTokens: wholeTokens('cost', '--input', values.input, true) as number,
    outputTokens: wholeTokens('cost', '--output', values.output, true) as number,
    cachedInputTokens: wholeTokens('cost', '--cached', values.cached, false),
    cacheWriteTokens: wholeTokens('cost', '--cache-write', values['cache-write'], false),
    reasoningTokens: wholeTokens('cost', '--reasoning', values.reasoning, false),
    tier: tier as ServiceTier | undefined,
    at: values.at === undefined ? undefined : isoDate('cost', '--at', values.at),
    pricing: pricingFlag('cost', io, values)?.table,
    toolVersion: VERSION,
  });
  const text = format === 'json' ? json(report) : format === 'markdown' ? costMarkdown(report) : format === 'html' ? costHtml(report) : costTable(report, useColor(io, format, values.out));
  emit(io, text, values.out);
  return 0;
}

function runModels(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parse('models', args, { ...OUTPUT_OPTIONS, provider: { type: 'string' }, pricing: { type: 'string' }, 'pricing-checked-at': { type: 'string' }, today: { type: 'string' } });
  if (values.help === true) return help(io, 'models');
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0] ?? ''}" (filter with --provider).`, 'models');
  checkOut('models', values.out);
  const format = formatOf('models', values.format, values.out);
  const today = todayOf('models', values.today, io);
  const pricing = pricingFlag('models', io, values);
  const table = pricing?.table ?? defaultPricing;
  if (values.provider !== undefined) {
    const providers = [...new Set(listModels({ pricing: table }).map((entry) => entry.provider))].sort();
    if (!providers.includes(values.provider)) {
      throw new UsageError(`no models of provider "${values.provider}".${didYouMean(closest(values.provider, providers))} Providers: ${providers.join(', ')}.`, 'models');
    }
  }
  const report = modelsReport({ provider: values.provider, pricing: table, today, toolVersion: VERSION, checkedAt: table.checkedAt });
  const text = format === 'json' ? json(report) : format === 'markdown' ? modelsMarkdown(report) : format === 'html' ? modelsHtml(report) : modelsTable(report, useColor(io, format, values.out));
  emit(io, text, values.out);
  return 0;
}

function runSchema(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parse('schema', args, { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } });
  if (values.help === true) return help(io, 'schema');
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0] ?? ''}".`, 'schema');
  checkOut('schema', values.out);
  emit(io, json(planJsonSchema()), values.out);
  return 0;
}

function help(io: CliIo, command: string): number {
  io.stdout((Object.hasOwn(HELP, command) ? HELP[command] : undefined) ?? HELP['main'] ?? '');
  return 0;
}

/** `llm-spend help [command]`: the help of a known command; an unknown one is a usage error. */
function helpCommand(io: CliIo, args: readonly string[]): number {
  const [name, ...extra] = args;
  if (name === undefined) return help(io, 'main');
  if (!Object.hasOwn(COMMANDS, name)) {
    throw new UsageError(`no help for "${clip(name, 80)}": not a command.${didYouMean(closest(name, Object.keys(COMMANDS)))} Commands: ${Object.keys(COMMANDS).join(', ')}.`, undefined);
  }
  if (extra.length > 0) throw new UsageError(`help takes one command; got ${args.length}.`, undefined);
  return help(io, name);
}

/** A user string shortened for a message. */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/** The longest line an error message prints (a one-line file can be a megabyte). */
const MAX_MESSAGE_LINE = 400;

/** An error message with every line clipped, ending in one newline. */
function errorText(text: string): string {
  const lines = terminalText(text).replace(/\n+$/, '').split('\n').map((line) => ([...line].length > MAX_MESSAGE_LINE ? `${[...line].slice(0, MAX_MESSAGE_LINE).join('')}…` : line));
  return `${lines.join('\n')}\n`;
}

/** What `llm-spend catalog` borrows: the byte-capped reader, the usage error and the writer. */
function catalogTools(io: CliIo): CatalogTools {
  return {
    readText,
    maxBytes: MAX_JSON_BYTES,
    usage: (message) => new UsageError(message, 'catalog'),
    write: (text, out) => emit(io, text, out),
    resolve: (path) => resolve(io.cwd, path),
  };
}

const COMMANDS: Readonly<Record<string, (args: readonly string[], io: CliIo) => number>> = {
  plan: runPlan,
  diff: runDiff,
  cost: runCost,
  models: runModels,
  schema: runSchema,
  catalog: (args, io) => runCatalogSync(args, io, catalogTools(io)),
  sql: (args, io) => runSql(args, io, commandTools(io, 'sql')),
  actual: (args, io) => needsAsync('actual', args, io),
  fit: (args, io) => needsAsync('fit', args, io),
};

/** `actual` and `fit` stream their logs: only their help runs without the asynchronous runner. */
function needsAsync(command: string, args: readonly string[], io: CliIo): number {
  if (args.includes('--help') || args.includes('-h')) return help(io, command);
  throw new UsageError('reading usage logs needs the asynchronous runner (the llm-spend executable, or runAsync in process).', command);
}

/** What `actual`, `fit` and `sql` borrow from this file: the parser, errors, readers and writer. */
function commandTools(io: CliIo, command: string): CommandTools {
  return {
    parse: (args, options) => parse(command, args, options) as ReturnType<CommandTools['parse']>,
    usage: (message) => new UsageError(message, command),
    fileError: (message) => new FileError(message),
    format: (value, out) => formatOf(command, value, out),
    checkOut: (out) => checkOut(command, out),
    write: (text, out) => emit(io, text, out),
    resolve: (path) => resolve(io.cwd, path),
    readText,
    maxJsonBytes: MAX_JSON_BYTES,
    pricing: (values) => pricingFlag(command, io, values)?.table,
    color: (format, out) => useColor(io, format, out),
    version: VERSION,
  };
}

/** An LlmSpendError's message, naming its file (and line) when the message does not already. */
function errorWithFile(error: LlmSpendError): string {
  const file = error.details['file'];
  if (typeof file !== 'string' || file === '' || error.message.includes(file)) return error.message;
  const line = error.details['line'];
  return `${file}${typeof line === 'number' ? `:${line}` : ''}: ${error.message}`;
}

/**
 * @internal Runs the CLI on `argv` (without `node` and the script) and returns the exit code:
 * 0 within policy, 1 a policy failed (the report is still written), 2 bad input.
 */
export function run(argv: readonly string[], io: CliIo): number {
  const [first, ...rest] = argv;
  try {
    if (first === undefined) {
      io.stderr(HELP['main'] ?? '');
      return 2;
    }
    if (first === '--version' || first === '-v' || first === 'version') {
      io.stdout(`${VERSION}\n`);
      return 0;
    }
    if (first === '--help' || first === '-h') return help(io, 'main');
    if (first === 'help') return helpCommand(io, rest);
    const command = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
    if (command === undefined) {
      throw new UsageError(`unknown command "${clip(first, 80)}".${didYouMean(closest(first, Object.keys(COMMANDS)))} Commands: ${Object.keys(COMMANDS).join(', ')}.`, undefined);
    }
    return command(rest, io);
  } catch (error) {
    return failure(error, io);
  }
}

/**
 * @internal Runs the CLI like {@link run}, and also what waits for the network
 * (`catalog update --from https://…`) or streams files (`actual`, `fit`). The executable uses this one.
 */
export async function runAsync(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first !== 'catalog' && first !== 'actual' && first !== 'fit') return run(argv, io);
  try {
    if (first === 'actual') return await runActual(rest, io, commandTools(io, 'actual'));
    if (first === 'fit') return await runFit(rest, io, commandTools(io, 'fit'));
    return await runCatalog(rest, io, catalogTools(io));
  } catch (error) {
    return failure(error, io);
  }
}

/** An error as the CLI reports it: one line (a stack only for a bug), exit 2. */
function failure(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    const name = error.command === undefined ? 'llm-spend' : `llm-spend ${error.command}`;
    io.stderr(errorText(`${name}: ${error.message}\nRun \`${name} --help\` for usage.`));
    return 2;
  }
  if (error instanceof FileError) {
    io.stderr(errorText(`llm-spend: ${error.message}`));
    return 2;
  }
  if (isLlmSpendError(error, 'UNKNOWN_MODEL') && Array.isArray(error.details['suggestions'])) {
    const suggestions = error.details['suggestions'] as string[];
    io.stderr(errorText(`llm-spend: unknown model ${clip(JSON.stringify(error.details['id']), 120)}.${didYouMean(suggestions)} Run \`llm-spend models\` for the known ids, or pass a pricing file with --pricing.`));
    return 2;
  }
  if (isLlmSpendError(error)) {
    io.stderr(errorText(`llm-spend: ${errorWithFile(error)}`));
    return 2;
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(`llm-spend: unexpected error (please report it): ${text}\n`);
  return 2;
}

// Reading usage where it is: logs, traces and provider exports, streamed line by line.
import { LlmSpendError, showValue } from '../errors.js';
import { USAGE_LOG_FORMATS, type ReadItem, type UsageLogFormat } from './record.js';
import { fail, isRecord } from './read/common.js';
import { ReadContext, type FormatReader, type ItemSink, type ReadStats } from './read/context.js';
import { csvReader, parseCsvRow } from './read/csv.js';
import { documentReader } from './read/document.js';
import { isBlank, jsonlReader } from './read/jsonl.js';
import { isSource, LineSplitter, textsOf, type LineSink, type UsageLogSource } from './read/lines.js';
import { otelDocument } from './read/otel.js';
import { providerReader } from './read/provider.js';
import { anthropicUsageDocument, openAiUsageDocument } from './read/usage-reports.js';

export type { UsageLogSource } from './read/lines.js';
export type { ItemSink, ReadStats } from './read/context.js';
export type { PlainRecord } from './read/jsonl.js';

/**
 * The longest line {@link readUsageLog} reads by default: 8 MiB (a provider body with a long answer fits).
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_LINE_BYTES } from 'llm-spend/actual';
 * DEFAULT_MAX_LINE_BYTES; // 8388608
 * ```
 */
export const DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;
/**
 * The largest multi-line JSON document (a pretty-printed export page) read by default: 256 MiB.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_DOCUMENT_BYTES } from 'llm-spend/actual';
 * DEFAULT_MAX_DOCUMENT_BYTES; // 268435456
 * ```
 */
export const DEFAULT_MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

/** Options of {@link readUsageLog}. */
export interface ReadUsageLogOptions {
  /**
   * The format. @defaultValue detected from the first non-blank line: a JSON object with
   * `resourceSpans` is `otel-json`; with `object: "page"` or buckets holding
   * `organization.usage.completions.result` (or `start_time`) `openai-usage`; with buckets holding
   * `starting_at` or results with `uncached_input_tokens` `anthropic-usage`; with `model` and
   * `inputTokens` (at the top or under `usage`) `llm-spend-jsonl`; any other object
   * `provider-jsonl`. A line that starts a JSON value without completing it starts one document
   * spread over lines (an export page saved pretty-printed), detected the same way once read. A
   * line that is not JSON and names a `model` column is the header of `llm-spend-csv`.
   */
  readonly format?: UsageLogFormat | undefined;
  /** The file name, for origins. */
  readonly file?: string | undefined;
  /** The longest line read, in UTF-8 bytes; a longer line is a problem, never buffered. @defaultValue {@link DEFAULT_MAX_LINE_BYTES} */
  readonly maxLineBytes?: number | undefined;
  /** The largest JSON document spread over lines. @defaultValue {@link DEFAULT_MAX_DOCUMENT_BYTES} */
  readonly maxDocumentBytes?: number | undefined;
}

function positive(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  throw new LlmSpendError('INVALID_USAGE', `${name} must be a positive whole number of bytes; got ${showValue(value)}.`, { path: name, value: showValue(value) });
}

function has(fields: Readonly<Record<string, unknown>>, key: string): boolean {
  return fields[key] !== undefined && fields[key] !== null;
}

/** The format a parsed JSON value looks like (see {@link ReadUsageLogOptions.format}). */
function detectJson(value: unknown): UsageLogFormat {
  if (!isRecord(value)) return 'provider-jsonl';
  if (Array.isArray(value['resourceSpans'])) return 'otel-json';
  const data = value['data'];
  if (Array.isArray(data)) {
    const bucket = data.find(isRecord);
    const results = bucket === undefined ? undefined : bucket['results'];
    const result = Array.isArray(results) ? results.find(isRecord) : undefined;
    if (value['object'] === 'page' || (bucket !== undefined && has(bucket, 'start_time')) || (result !== undefined && typeof result['object'] === 'string' && result['object'].startsWith('organization.usage.'))) return 'openai-usage';
    if ((bucket !== undefined && has(bucket, 'starting_at')) || (result !== undefined && has(result, 'uncached_input_tokens'))) return 'anthropic-usage';
  }
  const usage = value['usage'];
  if (has(value, 'model') && (has(value, 'inputTokens') || (isRecord(usage) && has(usage, 'inputTokens')))) return 'llm-spend-jsonl';
  return 'provider-jsonl';
}

function readerOf(format: UsageLogFormat, context: ReadContext, maxDocumentBytes: number): FormatReader {
  switch (format) {
    case 'llm-spend-jsonl':
      return jsonlReader(context);
    case 'llm-spend-csv':
      return csvReader(context);
    case 'provider-jsonl':
      return providerReader(context);
    case 'otel-json':
      return documentReader(context, maxDocumentBytes, otelDocument(context));
    case 'openai-usage':
      return documentReader(context, maxDocumentBytes, openAiUsageDocument(context));
    case 'anthropic-usage':
      return documentReader(context, maxDocumentBytes, anthropicUsageDocument(context));
  }
}

const DOCUMENT_FORMATS: ReadonlySet<UsageLogFormat> = new Set(['otel-json', 'openai-usage', 'anthropic-usage']);

/** A reader that decides the format on the first non-blank line, then hands every line to it. */
function detectingReader(context: ReadContext, maxDocumentBytes: number): FormatReader {
  let inner: FormatReader | undefined;
  let document: FormatReader | undefined;
  return {
    line(text, line) {
      if (inner !== undefined) return inner.line(text, line);
      if (document !== undefined) return document.line(text, line);
      if (isBlank(text)) return;
      let parsed: { value: unknown } | undefined;
      try {
        parsed = { value: JSON.parse(text) };
      } catch {
        parsed = undefined;
      }
      if (parsed !== undefined) {
        context.format = detectJson(parsed.value);
        context.known = true;
        inner = readerOf(context.format, context, maxDocumentBytes);
        return inner.line(text, line);
      }
      const first = text.trimStart().charCodeAt(0);
      if (first === 123 || first === 91) {
        // One JSON document over many lines: gathered, then detected from its shape.
        document = documentReader(context, maxDocumentBytes, (value, start) => {
          const format = detectJson(value);
          if (!DOCUMENT_FORMATS.has(format)) {
            fail('a JSON document spread over several lines that is neither an OTLP export nor a usage report; JSON Lines need one object per line.');
          }
          context.format = format;
          context.known = true;
          const handle = format === 'otel-json' ? otelDocument(context) : format === 'openai-usage' ? openAiUsageDocument(context) : anthropicUsageDocument(context);
          handle(value, start);
        });
        return document.line(text, line);
      }
      let fields: string[] | undefined;
      try {
        fields = parseCsvRow(text);
      } catch {
        fields = undefined;
      }
      if (fields !== undefined && fields.some((field) => field.trim() === 'model')) {
        context.format = 'llm-spend-csv';
        context.known = true;
        inner = csvReader(context);
        return inner.line(text, line);
      }
      throw new LlmSpendError(
        'INVALID_USAGE',
        `readUsageLog cannot tell the format of ${context.file ?? 'the log'} from line ${line} (${JSON.stringify(text.slice(0, 60))}): it is neither JSON nor a CSV header with a model column. Pass { format } (one of ${USAGE_LOG_FORMATS.join(', ')}).`,
        { line, ...(context.file === undefined ? {} : { file: context.file }) },
      );
    },
    end() {
      (inner ?? document)?.end();
    },
  };
}

/** One read: the source and options, checked when the read starts (as a generator's body would). */
class ReadSession {
  /** Whether someone started reading (the generator, or summarizeSpend's fast path). */
  started = false;

  constructor(
    private readonly source: UsageLogSource,
    private readonly options: ReadUsageLogOptions,
  ) {}

  /** Checks the options and prepares the reader: lines in with `feed`, items out to `sink`. */
  open(sink: ItemSink): { feed(text: string): void; end(): ReadStats } {
    this.started = true;
    const { source, options } = this;
    if (typeof options !== 'object' || options === null) throw new LlmSpendError('INVALID_USAGE', `readUsageLog options must be an object such as { format, file }; got ${showValue(options)}.`, { path: 'options' });
    if (!isSource(source)) {
      throw new LlmSpendError('INVALID_USAGE', `readUsageLog reads a string, or an (async) iterable of string or Uint8Array chunks such as a file stream; got ${showValue(source)}.`, { path: 'source' });
    }
    const format = options.format;
    if (format !== undefined && !(USAGE_LOG_FORMATS as readonly string[]).includes(format)) {
      throw new LlmSpendError('INVALID_USAGE', `Unknown usage log format ${showValue(format)}; use one of ${USAGE_LOG_FORMATS.join(', ')}.`, { path: 'format', value: showValue(format) });
    }
    const file = options.file;
    if (file !== undefined && typeof file !== 'string') throw new LlmSpendError('INVALID_USAGE', `file must be a string; got ${showValue(file)}.`, { path: 'file' });
    const maxLineBytes = positive(options.maxLineBytes, 'maxLineBytes', DEFAULT_MAX_LINE_BYTES);
    const maxDocumentBytes = positive(options.maxDocumentBytes, 'maxDocumentBytes', DEFAULT_MAX_DOCUMENT_BYTES);
    const context = new ReadContext(file, format ?? 'llm-spend-jsonl', sink, maxLineBytes);
    context.known = format !== undefined;
    const reader = format === undefined ? detectingReader(context, maxDocumentBytes) : readerOf(format, context, maxDocumentBytes);
    const lines: LineSink = {
      line(text, line) {
        context.lines += 1;
        reader.line(text, line);
      },
      tooLong(bytes, line) {
        context.lines += 1;
        context.problem(line, tooLong(bytes, maxLineBytes));
      },
    };
    const splitter = new LineSplitter(maxLineBytes);
    return {
      feed: (text) => splitter.push(text, lines),
      end: () => {
        splitter.end(lines);
        reader.end();
        return { format: context.known ? context.format : undefined, lines: context.lines, records: context.records, problems: context.problems, skipped: { ...context.skipped } };
      },
    };
  }

  /** Reads everything into `sink`: one await per chunk of the source, none per item. */
  async drain(sink: ItemSink): Promise<ReadStats> {
    const reader = this.open(sink);
    for await (const text of textsOf(this.source)) reader.feed(text);
    return reader.end();
  }

  /** The items one by one, as readUsageLog's generator yields them. */
  async *items(): AsyncGenerator<ReadItem, ReadStats, undefined> {
    const out: ReadItem[] = [];
    const reader = this.open({ item: (item) => out.push(item) });
    for await (const text of textsOf(this.source)) {
      reader.feed(text);
      for (let index = 0; index < out.length; index += 1) yield out[index]!;
      out.length = 0;
    }
    const stats = reader.end();
    for (let index = 0; index < out.length; index += 1) yield out[index]!;
    out.length = 0;
    return stats;
  }
}

const sessions = new WeakMap<object, ReadSession>();

/**
 * @internal When `items` is a generator of {@link readUsageLog} that nobody has started, takes
 * its read over and returns a function that reads it whole into a sink (the generator is closed,
 * as if read to its end); otherwise undefined. summarizeSpend's fast path: the items of a chunk
 * are handed over in one synchronous pass instead of one await each.
 */
export function takeRead(items: unknown): ((sink: ItemSink) => Promise<ReadStats>) | undefined {
  if (typeof items !== 'object' || items === null) return undefined;
  const session = sessions.get(items);
  if (session === undefined || session.started) return undefined;
  session.started = true;
  sessions.delete(items);
  void (items as AsyncGenerator<ReadItem, ReadStats, undefined>).return(undefined as unknown as ReadStats);
  return (sink) => session.drain(sink);
}

/**
 * Reads a usage log, trace export or provider usage report, streaming: lines are read as chunks
 * arrive (constant memory, whatever the file's size) and yielded as {@link ReadItem}s in file
 * order: a record, or a problem with its line and reason for anything that cannot be read (bad
 * JSON or CSV, a missing or invalid count, a part larger than its whole, an unknown tier, a line
 * longer than `maxLineBytes`). Entries skipped on purpose (OpenTelemetry spans without GenAI
 * usage) are counted in the {@link ReadStats} the generator returns when it finishes
 * (`summarizeSpend` reads them).
 *
 * @param source - the whole text, or chunks of text or bytes (UTF-8): an array, a Node
 *   `fs.createReadStream(path)`, a web `ReadableStream` (async-iterable), any (async) iterable
 * @param options - `format` (see {@link UsageLogFormat}; detected when omitted), `file` (for
 *   origins), `maxLineBytes`, `maxDocumentBytes`
 * @returns an async generator of items, returning the read's counts
 * @throws LlmSpendError `INVALID_USAGE` for bad options, a chunk that is neither text nor bytes,
 *   or a format that cannot be detected
 * @example
 * ```ts
 * import { readUsageLog } from 'llm-spend/actual';
 * const log = '{"at":"2026-08-01T12:00:00Z","model":"gpt-5.4-mini","usage":{"inputTokens":1000,"outputTokens":200}}\n';
 * for await (const item of readUsageLog(log)) {
 *   if (item.ok) item.record.usage.inputTokens; // 1000
 * }
 * ```
 */
export function readUsageLog(source: UsageLogSource, options: ReadUsageLogOptions = {}): AsyncGenerator<ReadItem, ReadStats, undefined> {
  const session = new ReadSession(source, options);
  const generator = session.items();
  sessions.set(generator, session);
  return generator;
}

function tooLong(bytes: number, max: number): unknown {
  try {
    return fail(`the line is ${bytes} bytes or more, longer than maxLineBytes (${max}); it was skipped without being read.`);
  } catch (error) {
    return error;
  }
}

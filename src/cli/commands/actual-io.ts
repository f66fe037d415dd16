// What `llm-spend actual` and `llm-spend fit` share: the tools main.ts lends them, usage logs
// opened as byte streams (a file, or `-` for stdin), a progress bar on stderr, the files read one
// after the other as one stream of items, and that stream shared by several consumers (the
// summary, the what-if and the reconciliation read the log once, together).
import { closeSync, createReadStream, fstatSync, openSync } from 'node:fs';
import type { ParseArgsConfig } from 'node:util';
import { readUsageLog, type ReadStats } from '../../actual/read.js';
import { USAGE_LOG_FORMATS, type ReadItem, type UsageLogFormat } from '../../actual/record.js';
import type { PricingTable } from '../../pricing/table.js';
import { closest, didYouMean } from '../../suggest.js';

/** @internal The output formats of the CLI. */
export type ReportFormat = 'table' | 'json' | 'markdown' | 'html';

/** @internal What the CLI's io gives a command (a subset of main.ts's CliIo, plus what only the log readers need). */
export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly isTTY: boolean;
  /** Standard input, for the file `-`. @defaultValue process.stdin */
  readonly stdin?: AsyncIterable<Uint8Array | string> | undefined;
  /** Whether stderr is a terminal (the progress bar is drawn only there). @defaultValue process.stderr.isTTY */
  readonly stderrIsTTY?: boolean | undefined;
  /** The terminal's width for the progress bar. @defaultValue process.stderr.columns, else 80 */
  readonly stderrColumns?: number | undefined;
}

/** @internal What main.ts lends the commands: its argument parser, errors, writer and readers. */
export interface CommandTools {
  /** node:util parseArgs with the CLI's error messages (a usage error, exit 2). */
  readonly parse: <T extends NonNullable<ParseArgsConfig['options']>>(args: readonly string[], options: T) => { values: Record<string, string | boolean | string[] | boolean[] | undefined>; positionals: string[] };
  /** A usage error of this command (exit 2 with the usage hint). */
  readonly usage: (message: string) => Error;
  /** A file that cannot be read or written (exit 2, one line). */
  readonly fileError: (message: string) => Error;
  /** The format from --format, or from --out's extension. */
  readonly format: (value: string | undefined, out: string | undefined) => ReportFormat;
  /** Checks --out before any work. */
  readonly checkOut: (out: string | undefined) => void;
  /** Writes the report to stdout, or to --out (saying so on stderr). */
  readonly write: (text: string, out: string | undefined) => void;
  /** A path as the user gave it, resolved against the working directory. */
  readonly resolve: (path: string) => string;
  /** Reads a text file, at most `limit` bytes (a larger one is refused). */
  readonly readText: (path: string, display: string, what: string, limit: number) => { text: string; mtime: Date };
  /** The largest JSON file read (a bill export). */
  readonly maxJsonBytes: number;
  /** --pricing (and --pricing-checked-at), loaded as main.ts loads them; undefined when absent. */
  readonly pricing: (values: { pricing?: string | undefined; 'pricing-checked-at'?: string | undefined }) => PricingTable | undefined;
  /** Whether the table format is coloured. */
  readonly color: (format: ReportFormat, out: string | undefined) => boolean;
  /** The CLI's version. */
  readonly version: string;
}

/** @internal One usage log to read: its name as given, its size when known, its bytes. */
export interface LogSource {
  readonly display: string;
  readonly size: number | undefined;
  readonly open: () => AsyncIterable<Uint8Array | string>;
  readonly close: () => void;
}

/**
 * @internal Opens every file before anything is read (so an unreadable file fails at once, exit 2):
 * a path, or `-` for stdin (once).
 */
export function openLogs(files: readonly string[], io: CommandIo, tools: CommandTools): LogSource[] {
  if (files.filter((file) => file === '-').length > 1) throw tools.usage('stdin (-) can be read once; name it once.');
  const opened: LogSource[] = [];
  try {
    for (const file of files) {
      if (file === '-') {
        const stdin = io.stdin ?? (process.stdin as AsyncIterable<Uint8Array>);
        opened.push({ display: '(stdin)', size: undefined, open: () => stdin, close: () => undefined });
        continue;
      }
      let fd: number;
      try {
        fd = openSync(tools.resolve(file), 'r');
      } catch (error) {
        throw tools.fileError(`cannot read usage log ${file}: ${reasonOf(error)}.`);
      }
      const stat = fstatSync(fd);
      if (stat.isDirectory()) {
        closeSync(fd);
        throw tools.fileError(`cannot read usage log ${file}: it is a directory (EISDIR).`);
      }
      let closed = false;
      const close = (): void => {
        if (closed) return;
        closed = true;
        try {
          closeSync(fd);
        } catch {
          // already closed by the stream
        }
      };
      opened.push({
        display: file,
        size: stat.isFile() ? stat.size : undefined,
        open: () => {
          closed = true; // the stream owns the descriptor from now on and closes it
          return createReadStream('', { fd, highWaterMark: 256 * 1024 });
        },
        close,
      });
    }
  } catch (error) {
    for (const source of opened) source.close();
    throw error;
  }
  return opened;
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const words: Readonly<Record<string, string>> = { ENOENT: 'no such file or directory', EACCES: 'permission denied', EISDIR: 'it is a directory', ENOTDIR: 'a part of the path is a file, not a directory', EPERM: 'operation not permitted', EIO: 'an input/output error' };
  if (typeof code === 'string') return `${words[code] ?? 'cannot open it'} (${code})`;
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}

/** @internal Bytes as people read them: "812 B", "3.4 MB". */
export function bytesText(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
  if (bytes < 1e9) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${(bytes / 1e9).toFixed(2)} GB`;
}

/**
 * @internal A progress bar on stderr: bytes read of the files' size, redrawn at most every
 * `intervalMs` on one line (carriage return), erased by `finish`. Drawn only when stderr is a
 * terminal; otherwise every call does nothing, so a pipe or a CI log gets no extra byte.
 */
export class ProgressBar {
  private done = 0;
  private last = Number.NEGATIVE_INFINITY;
  private drawn = false;
  private label = '';
  private readonly started: number;

  /**
   * @param delayMs - nothing is drawn before this much time has passed (a quick read shows no bar)
   * @param intervalMs - the least time between two redraws
   */
  constructor(
    private readonly write: (text: string) => void,
    private readonly enabled: boolean,
    private readonly total: number | undefined,
    private readonly columns: number,
    private readonly now: () => number = Date.now,
    private readonly delayMs = 250,
    private readonly intervalMs = 100,
  ) {
    this.started = enabled ? now() : 0;
  }

  /** The file being read (shown after the bar). */
  file(name: string): void {
    this.label = name;
  }

  /** `bytes` more were read. */
  add(bytes: number): void {
    this.done += bytes;
    if (!this.enabled) return;
    const time = this.now();
    if (time - this.started < this.delayMs || time - this.last < this.intervalMs) return;
    this.last = time;
    this.draw();
  }

  private draw(): void {
    const total = this.total;
    let text: string;
    if (total !== undefined && total > 0) {
      const share = Math.min(1, this.done / total);
      const width = Math.max(10, Math.min(30, this.columns - 50));
      const full = Math.round(share * width);
      text = `reading [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(share * 100).toFixed(0).padStart(3)}% ${bytesText(this.done)} / ${bytesText(total)}`;
    } else {
      text = `reading ${bytesText(this.done)}`;
    }
    const name = this.label === '' ? '' : ` ${this.label}`;
    const line = `${text}${name}`;
    const max = Math.max(20, this.columns - 1);
    this.write(`\r\u001b[K${[...line].length > max ? `${[...line].slice(0, max - 1).join('')}…` : line}`);
    this.drawn = true;
  }

  /** Erases the bar (when one was drawn). */
  finish(): void {
    if (!this.drawn) return;
    this.write('\r\u001b[K');
    this.drawn = false;
  }
}

/** @internal The counts the readers returned, summed over the files (as summarizeSpend reads them). */
export interface ChainStats {
  readonly files: number;
  readonly lines: number;
  readonly formats: readonly (UsageLogFormat | undefined)[];
  readonly skipped: Readonly<Record<string, number>>;
}

/** @internal Checks --log-format. */
export function logFormatOf(value: string | undefined, tools: CommandTools): UsageLogFormat | undefined {
  if (value === undefined) return undefined;
  if (!(USAGE_LOG_FORMATS as readonly string[]).includes(value)) {
    throw tools.usage(`--log-format must be one of ${USAGE_LOG_FORMATS.join(', ')}; got "${value}".${didYouMean(closest(value, USAGE_LOG_FORMATS))}`);
  }
  return value as UsageLogFormat;
}

/**
 * @internal The files read one after the other as one stream of items (each with its own format,
 * detected unless `format` says), counting bytes into the progress bar; returns the summed counts
 * (also left in `sink`, for a caller whose consumers took the return value).
 */
export async function* readLogs(sources: readonly LogSource[], format: UsageLogFormat | undefined, progress: ProgressBar, tools: CommandTools, sink?: { stats?: ChainStats }): AsyncGenerator<ReadItem, ChainStats, undefined> {
  const skipped: Record<string, number> = {};
  const formats: (UsageLogFormat | undefined)[] = [];
  let lines = 0;
  for (const source of sources) {
    progress.file(source.display);
    const counted = countBytes(source, progress, tools);
    const stats: ReadStats = yield* readUsageLog(counted, { file: source.display, ...(format === undefined ? {} : { format }) });
    formats.push(stats.format);
    lines += stats.lines;
    for (const [reason, count] of Object.entries(stats.skipped)) skipped[reason] = (skipped[reason] ?? 0) + count;
  }
  const stats = { files: sources.length, lines, formats, skipped };
  if (sink !== undefined) sink.stats = stats;
  return stats;
}

async function* countBytes(source: LogSource, progress: ProgressBar, tools: CommandTools): AsyncGenerator<Uint8Array | string> {
  const iterator = source.open()[Symbol.asyncIterator]();
  for (;;) {
    let step: IteratorResult<Uint8Array | string>;
    try {
      step = await iterator.next();
    } catch (error) {
      throw tools.fileError(`cannot read usage log ${source.display}: ${reasonOf(error)}.`);
    }
    if (step.done === true) return;
    const chunk = step.value;
    progress.add(typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength);
    yield chunk;
  }
}

/**
 * @internal One async iterator read by `count` consumers at once: each gets every item and the
 * return value. An item is pulled from the source when a consumer has none left and kept until
 * every consumer has taken it; consumers that await each item (as the library's do) stay within
 * a few items of each other, so memory stays small whatever the log's size.
 */
export function tee<T, R>(source: AsyncIterator<T, R>, count: number): AsyncIterable<T>[] {
  const queues: T[][] = Array.from({ length: count }, () => []);
  const heads: number[] = new Array<number>(count).fill(0);
  let end: { value: R } | undefined;
  let failure: { error: unknown } | undefined;
  let pulling: Promise<void> | undefined;
  const pull = (): Promise<void> =>
    (pulling ??= source.next().then(
      (step) => {
        pulling = undefined;
        if (step.done === true) end = { value: step.value };
        else for (const queue of queues) queue.push(step.value);
      },
      (error: unknown) => {
        pulling = undefined;
        failure = { error };
      },
    ));
  return queues.map((queue, index) => ({
    [Symbol.asyncIterator](): AsyncIterator<T, R> {
      return {
        async next(): Promise<IteratorResult<T, R>> {
          for (;;) {
            const head = heads[index] ?? 0;
            if (head < queue.length) {
              const value = queue[head] as T;
              heads[index] = head + 1;
              // Compact now and then, so the queue does not grow with the log.
              if (head + 1 >= 1024) {
                queue.splice(0, head + 1);
                heads[index] = 0;
              }
              return { done: false, value };
            }
            if (failure !== undefined) throw failure.error;
            if (end !== undefined) return { done: true, value: end.value };
            await pull();
          }
        },
      };
    },
  }));
}

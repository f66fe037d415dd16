// The state one read shares between its format readers: where items go, the file name, counts.
import type { ReadItem, RecordOrigin, UsageLogFormat } from '../record.js';
import { ReadFailure } from './common.js';
import type { PlainRecord } from './jsonl.js';

/** Counts of a read, returned by {@link readUsageLog}'s generator when it finishes. */
export interface ReadStats {
  /** The format read (given, or detected). */
  readonly format: UsageLogFormat | undefined;
  /** Lines read (blank lines included). */
  readonly lines: number;
  /** Records yielded. */
  readonly records: number;
  /** Problems yielded. */
  readonly problems: number;
  /** Entries skipped on purpose, by reason (such as OpenTelemetry spans without GenAI usage): counted, not problems. */
  readonly skipped: Readonly<Record<string, number>>;
}

/**
 * Where a read's items go, in file order: `item` takes every record and problem; `plain`, when
 * set, is offered each plain llm-spend JSONL record first, already checked, before any object is
 * built for it, and returns whether it took it (when not, the record is built and given to `item`).
 */
export interface ItemSink {
  item(item: ReadItem): void;
  readonly plain?: ((record: PlainRecord) => boolean) | undefined;
}

export class ReadContext {
  records = 0;
  problems = 0;
  lines = 0;
  /** Whether the format is known (given, or detected). */
  known = false;
  readonly skipped: Record<string, number> = Object.create(null) as Record<string, number>;

  constructor(
    readonly file: string | undefined,
    public format: UsageLogFormat,
    readonly sink: ItemSink,
    readonly maxLineBytes: number,
  ) {}

  /** Hands an item on. */
  emit(item: ReadItem): void {
    this.sink.item(item);
  }

  origin(line: number): RecordOrigin {
    return this.file === undefined ? { line, format: this.format } : { file: this.file, line, format: this.format };
  }

  problem(line: number, error: unknown): void {
    if (!(error instanceof ReadFailure)) throw error;
    this.problems += 1;
    this.sink.item({ ok: false, problem: { code: error.code, message: error.message, origin: this.origin(line), ...(error.model === undefined ? {} : { model: error.model }) } });
  }

  skip(reason: string, count = 1): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + count;
  }
}

/** A format's reader: items from each line, and from the end (a document spread over lines). */
export interface FormatReader {
  line(text: string, line: number): void;
  end(): void;
}

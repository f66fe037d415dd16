// Bytes or text in chunks, lines out: UTF-8 decoded with a streaming TextDecoder (a character split
// across two chunks is decoded whole), lines split on LF with a trailing CR removed (CRLF), a BOM
// dropped at the start, and a line longer than the limit reported by its length, never buffered.
// Memory is bounded by the limit plus one chunk.
import { LlmSpendError } from '../../errors.js';

/** What a source may be: a whole string, or chunks of text or bytes, sync or async. */
export type UsageLogSource = string | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

interface Decoder {
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}

function newDecoder(): Decoder {
  // The core imports no node: module and no DOM types: TextDecoder is a global of every runtime
  // llm-spend supports (Node ≥ 20, browsers, Deno, Bun, edge runtimes).
  const Decoder = (globalThis as unknown as { TextDecoder: new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => Decoder }).TextDecoder;
  // ignoreBOM: keep a BOM as text, so that it is removed once, at the start only, by the splitter.
  return new Decoder('utf-8', { ignoreBOM: true });
}

/** One line: its text (without the newline), its 1-based number, or `tooLong` with its length in bytes (at least). */
export interface Line {
  readonly text: string;
  readonly line: number;
  /** Set when the line was longer than the limit: its text is empty and this is its length in bytes (at least). */
  readonly tooLong?: number;
}

/** The UTF-8 length of a string (exact). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        index += 1;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Splits text chunks into lines. `push` returns the lines a chunk completes; `end` the last one.
 * A UTF-16 code unit is at least one UTF-8 byte, so a pending line longer than `maxLineBytes`
 * code units is certainly too long and is dropped (counted) until its newline.
 */
export class LineSplitter {
  private pending = '';
  private overflow = -1; // bytes seen of a line being dropped, or -1
  private next = 1;
  private started = false;

  constructor(private readonly maxLineBytes: number) {}

  push(chunk: string, out: Line[]): void {
    if (chunk.length === 0) return;
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf('\n', start);
      if (newline < 0) break;
      const piece = chunk.slice(start, newline);
      start = newline + 1;
      if (this.overflow >= 0) {
        out.push({ text: '', line: this.next, tooLong: this.overflow + utf8Length(piece) });
        this.overflow = -1;
      } else {
        this.finish(this.pending.length === 0 ? piece : this.pending + piece, out);
      }
      this.pending = '';
      this.next += 1;
    }
    const rest = start === 0 ? chunk : chunk.slice(start);
    if (this.overflow >= 0) {
      this.overflow += utf8Length(rest);
    } else if (this.pending.length + rest.length > this.maxLineBytes) {
      this.overflow = utf8Length(this.pending) + utf8Length(rest);
      this.pending = '';
    } else {
      this.pending = this.pending.length === 0 ? rest : this.pending + rest;
    }
  }

  end(out: Line[]): void {
    if (this.overflow >= 0) {
      out.push({ text: '', line: this.next, tooLong: this.overflow });
      this.overflow = -1;
    } else if (this.pending.length > 0) {
      this.finish(this.pending, out);
    }
    this.pending = '';
  }

  private finish(text: string, out: Line[]): void {
    if (text.length > 0 && text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    if (text.length * 3 > this.maxLineBytes) {
      const bytes = utf8Length(text);
      if (bytes > this.maxLineBytes) {
        out.push({ text: '', line: this.next, tooLong: bytes });
        return;
      }
    }
    out.push({ text, line: this.next });
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}

function isIterable(value: unknown): value is Iterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

/** @internal Whether a value is a source {@link readUsageLog} takes. */
export function isSource(value: unknown): value is UsageLogSource {
  return typeof value === 'string' || isAsyncIterable(value) || isIterable(value);
}

/**
 * @internal The lines of a source, in batches (one per chunk), as an async iterable.
 * @throws LlmSpendError `INVALID_USAGE` for a chunk that is neither a string nor a Uint8Array
 */
export async function* linesOf(source: UsageLogSource, maxLineBytes: number): AsyncGenerator<Line[], void, undefined> {
  const splitter = new LineSplitter(maxLineBytes);
  const decoder = newDecoder();
  let batch: Line[] = [];
  const take = (chunk: unknown): void => {
    if (typeof chunk === 'string') splitter.push(chunk, batch);
    else if (chunk instanceof Uint8Array) splitter.push(decoder.decode(chunk, { stream: true }), batch);
    else {
      const got = chunk === null ? 'null' : Array.isArray(chunk) ? 'an array' : typeof chunk;
      throw new LlmSpendError('INVALID_USAGE', `readUsageLog reads chunks of text (strings) or bytes (Uint8Array, such as a Node Buffer); a chunk was ${got}.`, { chunk: got });
    }
  };
  if (typeof source === 'string') {
    splitter.push(source, batch);
  } else if (isAsyncIterable(source)) {
    for await (const chunk of source) {
      take(chunk);
      if (batch.length > 0) {
        yield batch;
        batch = [];
      }
    }
  } else {
    for (const chunk of source) {
      take(chunk);
      if (batch.length > 0) {
        yield batch;
        batch = [];
      }
    }
  }
  splitter.push(decoder.decode(), batch);
  splitter.end(batch);
  if (batch.length > 0) yield batch;
}

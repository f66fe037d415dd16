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

/** Where the lines of a source go: each line's text (without the newline) and 1-based number, or a line too long to read. */
export interface LineSink {
  line(text: string, line: number): void;
  /** A line longer than the limit: its length in bytes (at least); its text was never kept. */
  tooLong(bytes: number, line: number): void;
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
 * Splits text chunks into lines. `push` hands the lines a chunk completes to the sink; `end` the last one.
 * A UTF-16 code unit is at least one UTF-8 byte, so a pending line longer than `maxLineBytes`
 * code units is certainly too long and is dropped (counted) until its newline.
 */
export class LineSplitter {
  private pending = '';
  private overflow = -1; // bytes seen of a line being dropped, or -1
  private next = 1;
  private started = false;

  constructor(private readonly maxLineBytes: number) {}

  push(chunk: string, out: LineSink): void {
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
        out.tooLong(this.overflow + utf8Length(piece), this.next);
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

  end(out: LineSink): void {
    if (this.overflow >= 0) {
      out.tooLong(this.overflow, this.next);
      this.overflow = -1;
    } else if (this.pending.length > 0) {
      this.finish(this.pending, out);
    }
    this.pending = '';
  }

  private finish(text: string, out: LineSink): void {
    if (text.length > 0 && text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    if (text.length * 3 > this.maxLineBytes) {
      const bytes = utf8Length(text);
      if (bytes > this.maxLineBytes) {
        out.tooLong(bytes, this.next);
        return;
      }
    }
    out.line(text, this.next);
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

/** The size of the slices a whole-string source is read in (so that items stream out of a large string too). */
const SLICE = 1 << 16;

/**
 * @internal The text of a source, in chunks as they arrive (bytes decoded as UTF-8, a character
 * split between chunks decoded whole; a whole string in slices), as an async iterable.
 * @throws LlmSpendError `INVALID_USAGE` for a chunk that is neither a string nor a Uint8Array
 */
export async function* textsOf(source: UsageLogSource): AsyncGenerator<string, void, undefined> {
  const decoder = newDecoder();
  const text = (chunk: unknown): string => {
    if (typeof chunk === 'string') return chunk;
    if (chunk instanceof Uint8Array) return decoder.decode(chunk, { stream: true });
    const got = chunk === null ? 'null' : Array.isArray(chunk) ? 'an array' : typeof chunk;
    throw new LlmSpendError('INVALID_USAGE', `readUsageLog reads chunks of text (strings) or bytes (Uint8Array, such as a Node Buffer); a chunk was ${got}.`, { chunk: got });
  };
  if (typeof source === 'string') {
    let start = 0;
    while (start < source.length) {
      let end = Math.min(start + SLICE, source.length);
      // Never between the two halves of a surrogate pair.
      const last = source.charCodeAt(end - 1);
      if (end < source.length && last >= 0xd800 && last <= 0xdbff) end += 1;
      yield source.slice(start, end);
      start = end;
    }
  } else if (isAsyncIterable(source)) {
    for await (const chunk of source) yield text(chunk);
  } else {
    for (const chunk of source) yield text(chunk);
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}

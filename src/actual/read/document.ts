// The JSON exports (OTLP spans, the OpenAI and Anthropic usage reports) come either as JSON Lines,
// one document per line (an OpenTelemetry collector's file exporter; pages of an API saved one per
// line), or as one document spread over many lines (a page saved pretty-printed). The first
// non-blank line decides: a complete JSON value there means one document per line; otherwise the
// lines are gathered into one document, up to `maxDocumentBytes`, and parsed at the end.
import { fail } from './common.js';
import type { FormatReader, ReadContext } from './context.js';
import { isBlank } from './jsonl.js';

export function documentReader(context: ReadContext, maxDocumentBytes: number, handle: (document: unknown, line: number) => void): FormatReader {
  let mode: 'unknown' | 'lines' | 'document' = 'unknown';
  let parts: string[] = [];
  let size = 0;
  let start = 0;
  let overflow = false;

  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch (error) {
      return fail(`not valid JSON (${error instanceof Error ? error.message.slice(0, 120) : 'parse error'}).`);
    }
  };

  return {
    line(text, line) {
      if (mode === 'document') {
        if (overflow) return;
        size += text.length + 1;
        if (size > maxDocumentBytes) {
          overflow = true;
          parts = [];
          return;
        }
        parts.push(text);
        return;
      }
      if (isBlank(text)) return;
      if (mode === 'unknown') {
        let complete = true;
        try {
          JSON.parse(text);
        } catch {
          complete = false;
        }
        const first = text.trimStart().charCodeAt(0);
        if (!complete && (first === 123 || first === 91)) {
          mode = 'document';
          start = line;
          parts = [text];
          size = text.length + 1;
          return;
        }
        mode = 'lines';
      }
      try {
        handle(parse(text), line);
      } catch (error) {
        context.problem(line, error);
      }
    },
    end() {
      if (mode !== 'document') return;
      try {
        if (overflow) fail(`the JSON document starting here is larger than maxDocumentBytes (${maxDocumentBytes}); save it as JSON Lines (one document per line) or raise the limit.`);
        const text = parts.join('\n');
        parts = [];
        handle(parse(text), start);
      } catch (error) {
        context.problem(start, error);
      }
    },
  };
}

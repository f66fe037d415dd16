// llm-spend's CSV: a header row naming the columns (`at,model,tier,inputTokens,outputTokens,...`),
// then one record per row. Fields follow RFC 4180: a field in double quotes may hold commas,
// newlines and doubled quotes (""). Columns are matched by name in any order; any column that is
// not a record field becomes a tag (an empty cell: no tag). Counts must be plain digits.
import { OPTIONAL_USAGE_PARTS, type Usage } from '../../estimate/usage.js';
import type { UsageRecord } from '../record.js';
import { atOf, checkParts, fail, modelOf, tierOf } from './common.js';
import type { FormatReader, ReadContext } from './context.js';
import { isBlank } from './jsonl.js';

const RECORD_COLUMNS = new Set<string>(['at', 'model', 'tier', 'inputTokens', 'outputTokens', ...OPTIONAL_USAGE_PARTS, 'session', 'requestId', 'calls', 'aggregate', 'contextWindow']);

/** The fields of one CSV row, or undefined when a quoted field is still open at the end. */
export function parseCsvRow(text: string): string[] | undefined {
  const fields: string[] = [];
  let index = 0;
  const length = text.length;
  for (;;) {
    if (index < length && text.charCodeAt(index) === 34) {
      let value = '';
      index += 1;
      for (;;) {
        const quote = text.indexOf('"', index);
        if (quote < 0) return undefined;
        value += text.slice(index, quote);
        if (text.charCodeAt(quote + 1) === 34) {
          value += '"';
          index = quote + 2;
          continue;
        }
        index = quote + 1;
        break;
      }
      // Anything between the closing quote and the comma is refused (a stray character).
      if (index < length && text.charCodeAt(index) !== 44) fail(`a quoted field is followed by ${JSON.stringify(text[index])} instead of a comma.`);
      fields.push(value);
    } else {
      const comma = text.indexOf(',', index);
      const end = comma < 0 ? length : comma;
      fields.push(text.slice(index, end));
      index = end;
    }
    if (index >= length) return fields;
    index += 1; // the comma
    if (index === length) {
      fields.push('');
      return fields;
    }
  }
}

const DIGITS = /^\d{1,16}$/;

function countCell(text: string | undefined, column: string, required: boolean): number | undefined {
  if (text === undefined || text === '') {
    if (required) fail(`${column} is empty; a missing count is never read as 0.`, 'invalid-usage');
    return undefined;
  }
  const value = DIGITS.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value)) fail(`${column} must be a whole, non-negative number of tokens; got ${JSON.stringify(text.slice(0, 40))}.`, 'invalid-usage');
  return value;
}

export function csvReader(context: ReadContext): FormatReader {
  let header: string[] | undefined;
  let columns: Map<string, number> | undefined;
  let tagColumns: Array<[string, number]> = [];
  let open: { text: string; line: number } | undefined;

  const readHeader = (fields: string[]): void => {
    header = fields.map((field) => field.trim());
    columns = new Map();
    tagColumns = [];
    header.forEach((name, index) => {
      if (columns!.has(name)) return;
      columns!.set(name, index);
      if (!RECORD_COLUMNS.has(name) && name !== '') tagColumns.push([name, index]);
    });
  };

  const row = (fields: string[], line: number): void => {
    const cols = columns!;
    const cell = (name: string): string | undefined => {
      const index = cols.get(name);
      return index === undefined ? undefined : fields[index];
    };
    if (fields.length !== header!.length) fail(`the row has ${fields.length} fields; the header has ${header!.length}.`);
    const usage: { -readonly [K in keyof Usage]: Usage[K] } = {
      inputTokens: countCell(cell('inputTokens'), 'inputTokens', true)!,
      outputTokens: countCell(cell('outputTokens'), 'outputTokens', true)!,
    };
    for (const part of OPTIONAL_USAGE_PARTS) {
      const value = countCell(cell(part), part, false);
      if (value !== undefined && value > 0) usage[part] = value;
    }
    checkParts(usage);
    const aggregateText = cell('aggregate');
    if (aggregateText !== undefined && aggregateText !== '' && aggregateText !== 'true' && aggregateText !== 'false') fail(`aggregate must be true or false; got ${JSON.stringify(aggregateText.slice(0, 40))}.`);
    const tags: Record<string, string> = {};
    for (const [name, index] of tagColumns) {
      const value = fields[index];
      if (value !== undefined && value !== '') Object.defineProperty(tags, name, { value, enumerable: true, writable: true, configurable: true });
    }
    const record: { -readonly [K in keyof UsageRecord]: UsageRecord[K] } = {
      at: atOf(cell('at'), 'at'),
      model: modelOf(cell('model'), 'model'),
      usage,
      calls: countCell(cell('calls'), 'calls', false) ?? 1,
      aggregate: aggregateText === 'true',
      tags,
      origin: context.origin(line),
    };
    const tier = tierOf(cell('tier'), 'tier');
    if (tier !== undefined) record.tier = tier;
    const session = cell('session');
    if (session !== undefined && session !== '') record.session = session;
    const contextWindow = cell('contextWindow');
    if (contextWindow !== undefined && contextWindow !== '') record.contextWindow = contextWindow;
    context.records += 1;
    context.emit({ ok: true, record });
  };

  return {
    line(text, line) {
      let start = line;
      if (open !== undefined) {
        text = `${open.text}\n${text}`;
        start = open.line;
        open = undefined;
      } else if (isBlank(text)) {
        return;
      }
      try {
        const fields = parseCsvRow(text);
        if (fields === undefined) {
          if (text.length > context.maxLineBytes) fail(`a quoted field stays open for more than ${context.maxLineBytes} bytes (maxLineBytes); a closing " is missing.`);
          open = { text, line: start };
          return;
        }
        if (header === undefined) {
          readHeader(fields);
          const missing = ['at', 'model', 'inputTokens', 'outputTokens'].filter((name) => !columns!.has(name));
          if (missing.length > 0) {
            const names = header!;
            header = undefined;
            fail(`the header row lacks ${missing.join(', ')}; it names ${names.slice(0, 20).join(', ')}. Columns: at, model, tier, inputTokens, outputTokens, ${OPTIONAL_USAGE_PARTS.join(', ')}, session, calls, aggregate, contextWindow; any other is a tag.`);
          }
          return;
        }
        row(fields, start);
      } catch (error) {
        context.problem(start, error);
      }
    },
    end() {
      if (open !== undefined) {
        const { line } = open;
        open = undefined;
        try {
          fail('a quoted field is never closed (a missing " before the end of the file).');
        } catch (error) {
          context.problem(line, error);
        }
      }
    },
  };
}

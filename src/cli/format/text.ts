// Plain-text building blocks: money and percent for people, fixed-width tables that fit a
// width, word wrapping, and optional ANSI colour.
import { Dec, ROUNDING } from '../../money/decimal.js';
import { formatUsd } from '../../money/usd.js';

/** @internal The widest line the table format prints. */
export const MAX_WIDTH = 100;

/** @internal ANSI styles, or identity functions when colour is off. */
export interface Style {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly green: (text: string) => string;
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly cyan: (text: string) => string;
}

const ansi = (open: number, close: number) => (text: string): string => (text === '' ? text : `\u001b[${open}m${text}\u001b[${close}m`);
const plain = (text: string): string => text;

/** @internal Colour on or off. */
export function style(color: boolean): Style {
  if (!color) return { bold: plain, dim: plain, green: plain, red: plain, yellow: plain, cyan: plain };
  return { bold: ansi(1, 22), dim: ansi(2, 22), green: ansi(32, 39), red: ansi(31, 39), yellow: ansi(33, 39), cyan: ansi(36, 39) };
}

/** @internal "$1,234.57"; "<$0.01" for an amount that would show as $0.00 but is not 0. */
export function usd(value: string, decimals = 2): string {
  const amount = new Dec(value);
  if (!amount.isZero() && amount.abs().lt(new Dec(10).pow(-decimals).div(2))) return amount.isNegative() ? `-<$0.${'0'.repeat(decimals - 1)}1` : `<$0.${'0'.repeat(decimals - 1)}1`;
  return formatUsd(value, { decimals });
}

/** @internal "+$120.00", "-$35.10", "$0.00". */
export function signedUsd(value: string): string {
  const amount = new Dec(value);
  if (amount.isZero()) return '$0.00';
  return `${amount.isNegative() ? '-' : '+'}${usd(amount.abs().toFixed())}`;
}

/** @internal A percentage string (e.g. "17.348") for people: "17.3%", "1,728%" (sign with `signed`). */
export function percentText(value: string | null, signed = false): string {
  if (value === null) return 'n/a';
  const amount = new Dec(value);
  const rounded = amount.abs().toDecimalPlaces(amount.abs().gte(100) ? 0 : 1, ROUNDING['half-even']);
  let text = rounded.toFixed();
  if (rounded.isZero() && !amount.isZero()) text = '<0.1';
  const [whole = '0', fraction] = text.split('.');
  const grouped = `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction === undefined ? '' : `.${fraction}`}`;
  const sign = amount.isZero() ? '' : amount.isNegative() ? '-' : signed ? '+' : '';
  return `${sign}${grouped}%`;
}

/** @internal A share in [0, 1] as a percentage ("0.0030%", "77.2%"). */
export function shareText(share: number): string {
  if (share === 0) return '0%';
  if (share >= 0.001) return `${(share * 100).toFixed(1)}%`;
  return `${(share * 100).toPrecision(2)}%`;
}

/** @internal Milliseconds for people: "850 ms", "4.85 s", "2.3 min". */
export function msText(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return 'n/a';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

/** @internal A whole number with grouping ("1,520,833"). */
export function count(value: string | number): string {
  const amount = new Dec(value).toDecimalPlaces(0, ROUNDING['half-even']);
  return amount.toFixed().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** @internal Display width of plain text (every character of ours is one column). */
export function width(text: string): number {
  return [...text].length;
}

function truncate(text: string, size: number): string {
  const chars = [...text];
  if (chars.length <= size) return text;
  if (size <= 1) return chars.slice(0, size).join('');
  return `${chars.slice(0, size - 1).join('')}…`;
}

/** @internal A table column. */
export interface Column {
  readonly header: string;
  readonly align?: 'left' | 'right';
  /** May be shortened (with …) to make the table fit. */
  readonly shrink?: boolean;
  /** Styles a padded cell (the text before padding is given too). */
  readonly paint?: (padded: string, raw: string, row: number) => string;
}

/**
 * @internal Renders rows under headers, columns two spaces apart, within `maxWidth` (after
 * `indent`): shrinkable columns are cut with … when the table is too wide.
 */
export function table(columns: readonly Column[], rows: readonly (readonly string[])[], options: { indent?: number; maxWidth?: number; headerStyle?: (text: string) => string } = {}): string[] {
  const indent = ' '.repeat(options.indent ?? 0);
  const max = (options.maxWidth ?? MAX_WIDTH) - (options.indent ?? 0);
  const widths = columns.map((column, index) => Math.max(width(column.header), ...rows.map((row) => width(row[index] ?? ''))));
  const gap = 2;
  let total = widths.reduce((sum, value) => sum + value, 0) + gap * (columns.length - 1);
  for (let index = 0; index < columns.length && total > max; index += 1) {
    if (columns[index]?.shrink !== true) continue;
    const current = widths[index] ?? 0;
    const next = Math.max(width(columns[index]?.header ?? '') , 8, current - (total - max));
    total -= current - next;
    widths[index] = next;
  }
  const pad = (text: string, index: number): string => {
    const size = widths[index] ?? 0;
    const cut = truncate(text, size);
    const fill = ' '.repeat(Math.max(0, size - width(cut)));
    return columns[index]?.align === 'right' ? fill + cut : cut + fill;
  };
  const header = columns.map((column, index) => pad(column.header, index)).join(' '.repeat(gap)).trimEnd();
  const out = [indent + (options.headerStyle ?? plain)(header)];
  rows.forEach((row, rowIndex) => {
    const cells = columns.map((column, index) => {
      const raw = row[index] ?? '';
      const padded = pad(raw, index);
      return column.paint === undefined ? padded : column.paint(padded, raw, rowIndex);
    });
    out.push(indent + cells.join(' '.repeat(gap)).trimEnd());
  });
  return out;
}

/** @internal Wraps text to `maxWidth` columns; continuation lines are indented by `hanging`. */
export function wrap(text: string, options: { indent?: number; hanging?: number; maxWidth?: number } = {}): string[] {
  const max = options.maxWidth ?? MAX_WIDTH;
  const first = ' '.repeat(options.indent ?? 0);
  const rest = ' '.repeat(options.hanging ?? options.indent ?? 0);
  const out: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter((item) => item !== '')) {
    const candidate = empty ? line + word : `${line} ${word}`;
    if (!empty && width(candidate) > max) {
      out.push(line);
      line = rest + word;
    } else {
      line = candidate;
    }
    empty = false;
  }
  out.push(line);
  // A single word longer than the line is cut, so that nothing passes the width.
  return out.flatMap((item) => (width(item) <= max ? [item] : chunk(item, max, rest)));
}

function chunk(line: string, max: number, rest: string): string[] {
  const chars = [...line];
  const out: string[] = [chars.slice(0, max).join('')];
  for (let at = max; at < chars.length; at += max - rest.length) out.push(rest + chars.slice(at, at + max - rest.length).join(''));
  return out;
}

/** Control characters (but tab and newline) and bidirectional overrides: they could move the cursor, recolour or hide text in a terminal or CI log. */
const UNSAFE_FOR_TERMINAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** @internal Text with terminal control characters shown as U+FFFD (what the user wrote cannot drive the terminal). */
export function terminalText(text: string): string {
  return text.replace(UNSAFE_FOR_TERMINAL, '\ufffd');
}

/** @internal A deep copy of a report with every string passed through {@link terminalText}. */
export function terminalSafe<T>(value: T): T {
  if (typeof value === 'string') return terminalText(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => terminalSafe(item)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) Object.defineProperty(out, key, { value: terminalSafe(item), enumerable: true, writable: true, configurable: true });
    return out as T;
  }
  return value;
}

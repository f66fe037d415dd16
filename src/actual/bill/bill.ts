// The provider's bill as llm-spend reads it: line items with a time bucket, the model the bill
// names (when it names one) and an exact USD amount. Readers: openai-costs.ts, anthropic-cost-report.ts.
import { LlmSpendError, showValue, type LlmSpendErrorCode } from '../../errors.js';
import { fromDec, toDec } from '../../money/usd.js';

/** The providers whose cost exports llm-spend reads. */
export type BillProvider = 'openai' | 'anthropic';

/** One line item of a provider's cost export. */
export interface BillLine {
  /** Start of the line's time bucket (ISO 8601, UTC). */
  readonly start: string;
  /** End of the bucket, exclusive (ISO 8601, UTC). */
  readonly end: string;
  /**
   * The model as the bill names it, cleaned of the line's cost kind (`"gpt-4o-mini-2024-07-18"`
   * from `"gpt-4o-mini-2024-07-18, input"`; an OpenAI line without a cost kind, such as
   * `"web search tool calls"`, whole), or `null` when the line names no model (an Anthropic tool
   * fee, an export not grouped by line item or description).
   */
  readonly model: string | null;
  /** The line as the bill writes it (OpenAI's `line_item`; Anthropic's `description`, or its cost and token types). */
  readonly description: string;
  /** The amount in USD, exact (converted from the export without arithmetic on floats). */
  readonly usd: string;
  /** The project or workspace, when the export was grouped by it. */
  readonly project?: string | undefined;
  /** Where the line is in the export: `data[3].results[1]` (with the page index for several pages). */
  readonly path: string;
}

/** A provider's cost export, read. */
export interface Bill {
  readonly provider: BillProvider;
  readonly lines: readonly BillLine[];
  /** The span of the export's buckets (empty buckets included): from the first start to the last end; absent when it has no bucket. */
  readonly period?: { readonly from: string; readonly to: string } | undefined;
  /** The file it was read from, when known. */
  readonly file?: string | undefined;
}

/** @internal Throws the error of a malformed bill, naming where. */
export function badBill(where: string, message: string, value?: unknown, code: LlmSpendErrorCode = 'INVALID_USAGE'): LlmSpendError {
  return new LlmSpendError(code, `Cost export ${where}: ${message}`, { path: where, ...(value === undefined ? {} : { value: showValue(value) }) });
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * @internal A decimal written as a JSON number or string, possibly in exponent notation
 * (`1e-7`, `"0E-6176"`, `"0.00000450000000000000000000000000000000"`), as an exact canonical
 * decimal string: the digits are moved, never computed in binary floating point.
 * A JSON number is taken through `String(n)`, the shortest text that reads back as it.
 */
export function exactDecimal(value: unknown, where: string): string {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw badBill(where, `the amount must be a finite number; got ${showValue(value)}.`, value, 'INVALID_MONEY');
    text = String(value);
  } else if (typeof value === 'string') text = value.trim();
  else throw badBill(where, `the amount must be a number or a decimal string; got ${showValue(value)}.`, value, 'INVALID_MONEY');
  const match = text.length <= 200 ? DECIMAL.exec(text) : null;
  const whole = match?.[2] ?? '';
  const fraction = match?.[3] ?? '';
  if (match === null || whole + fraction === '') throw badBill(where, `the amount must be a decimal such as "0.0045"; got ${showValue(value)}.`, value, 'INVALID_MONEY');
  const digits = (whole + fraction).replace(/^0+/, '');
  if (digits === '') return '0';
  const exponent = Number(match[4] ?? '0');
  // The position of the decimal point within `whole + fraction`, after applying the exponent.
  const point = whole.length + exponent;
  const all = whole + fraction;
  const firstSignificant = all.length - all.replace(/^0+/, '').length;
  if (!Number.isSafeInteger(exponent) || point - firstSignificant > 40 || all.replace(/0+$/, '').length - point > 40) {
    throw badBill(where, `the amount ${showValue(value)} is outside the range llm-spend reads exactly.`, value, 'INVALID_MONEY');
  }
  const padded = point <= 0 ? '0'.repeat(1 - point) + all : point > all.length ? all + '0'.repeat(point - all.length) : all;
  const at = point <= 0 ? 1 : point;
  const plain = `${match[1] === '-' ? '-' : ''}${padded.slice(0, at) || '0'}.${padded.slice(at) || '0'}`;
  return fromDec(toDec(plain, where));
}

/** @internal An ISO timestamp from Unix seconds or an RFC 3339 string, or a thrown error naming where. */
export function instant(value: unknown, where: string): string {
  const ms = typeof value === 'number' && Number.isFinite(value) ? value * 1000 : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) throw badBill(where, `must be a time (Unix seconds or an RFC 3339 string); got ${showValue(value)}.`, value);
  return new Date(ms).toISOString();
}

/** @internal The pages of an export: one page object, or a list of pages (pagination followed by the caller). */
export function pagesOf(data: unknown, what: string): { page: Record<string, unknown>; prefix: string }[] {
  const pages = Array.isArray(data) ? data : [data];
  return pages.map((page, index) => {
    const prefix = Array.isArray(data) ? `[${index}].` : '';
    if (typeof page !== 'object' || page === null || !Array.isArray((page as { data?: unknown }).data)) {
      throw badBill(`${prefix}data`, `${what} has a "data" list of buckets; got ${showValue(page)}.`, page);
    }
    return { page: page as Record<string, unknown>, prefix };
  });
}

/** @internal Reads JSON text, or passes parsed data through. */
export function parsed(data: unknown, file: string | undefined): unknown {
  if (typeof data !== 'string') return data;
  try {
    return JSON.parse(data) as unknown;
  } catch (error) {
    throw badBill(file ?? '(text)', `is not valid JSON (${(error as Error).message}).`);
  }
}

/** @internal The span of a list of buckets' [start, end). */
export function spanOf(buckets: ReadonlyArray<{ start: string; end: string }>): { from: string; to: string } | undefined {
  if (buckets.length === 0) return undefined;
  let from = buckets[0]!.start;
  let to = buckets[0]!.end;
  for (const bucket of buckets) {
    if (Date.parse(bucket.start) < Date.parse(from)) from = bucket.start;
    if (Date.parse(bucket.end) > Date.parse(to)) to = bucket.end;
  }
  return { from, to };
}

// The OpenAI organization costs API (GET /v1/organization/costs), as JSON.
//
// Shape (OpenAI OpenAPI spec 2.3.0, `CostsResult`, as generated into the openai-struct crate,
// https://docs.rs/openai-struct/0.0.4/src/openai_struct/models/costs_result.rs.html, and the API
// reference sample https://share.apidog.com/apidoc/docs-site/370474/api-12405880):
//   { object: 'page', data: [{ object: 'bucket', start_time, end_time, results: [
//       { object: 'organization.costs.result', amount: { value: <number>, currency: 'usd' },
//         line_item: string | null, project_id: string | null } ] }], has_more, next_page }
// `line_item` is set when the export is grouped by line item: "<model snapshot>, <kind>", kinds
// such as "input", "cached input", "output"; some lines carry a surface prefix
// ("evals | gpt-4o-mini-2024-07-18, input"), a modality word ("gpt-audio-mini-2025-12-15 audio, input")
// or name no model ("web search tool calls", "assistants api | file search"). The spec types
// `amount.value` as a number, but live responses also send it as a high-precision string, even in
// exponent form ("0E-6176"): both are read exactly (see exactDecimal).
import { badBill, exactDecimal, instant, pagesOf, parsed, spanOf, type Bill, type BillLine } from './bill.js';

/** Options of {@link readOpenAiCosts}. */
export interface ReadBillOptions {
  /** The file name, for messages. */
  readonly file?: string | undefined;
}

/**
 * @internal The model an OpenAI line item names: the text before the last comma (the cost kind
 * follows it), after any "<surface> | " prefix. A line without a comma ("web search tool calls")
 * is kept whole: it is shown as the bill writes it.
 */
export function modelOfLineItem(lineItem: string): string | null {
  const comma = lineItem.lastIndexOf(',');
  if (comma < 0) return lineItem.trim() === '' ? null : lineItem.trim();
  const head = lineItem.slice(0, comma);
  const bar = head.lastIndexOf('|');
  const model = (bar < 0 ? head : head.slice(bar + 1)).trim();
  return model === '' ? null : model;
}

/**
 * Reads an export of the OpenAI organization costs API (`/v1/organization/costs`): one page, or a
 * list of pages. Export it grouped by line item (`group_by=line_item`) with daily buckets
 * (`bucket_width=1d`), so that the bill can be compared per model and day. Amounts are read
 * exactly, whether the export writes them as JSON numbers (taken through `String(n)`) or strings.
 *
 * @param data - the JSON text or the parsed JSON
 * @returns the bill's line items with exact USD amounts
 * @throws LlmSpendError `INVALID_USAGE` naming the path of a malformed bucket or result;
 *   `INVALID_MONEY` for a currency other than USD
 * @example
 * ```ts
 * import { readOpenAiCosts } from 'llm-spend/actual';
 * const bill = readOpenAiCosts({ object: 'page', data: [{ object: 'bucket', start_time: 1785542400, end_time: 1785628800,
 *   results: [{ object: 'organization.costs.result', amount: { value: 0.0165, currency: 'usd' }, line_item: 'gpt-5.4-mini-2026-03-17, output', project_id: null }] }] });
 * bill.lines[0]!.usd; // "0.0165"
 * bill.lines[0]!.model; // "gpt-5.4-mini-2026-03-17"
 * ```
 */
export function readOpenAiCosts(data: unknown, options: ReadBillOptions = {}): Bill {
  const lines: BillLine[] = [];
  const spans: Array<{ start: string; end: string }> = [];
  for (const { page, prefix } of pagesOf(parsed(data, options.file), 'An OpenAI costs export')) {
    const buckets = page['data'] as unknown[];
    buckets.forEach((bucket, b) => {
      const at = `${prefix}data[${b}]`;
      if (typeof bucket !== 'object' || bucket === null) throw badBill(at, `must be a bucket object; got ${String(bucket)}.`, bucket);
      const { start_time: startTime, end_time: endTime, results } = bucket as Record<string, unknown>;
      const start = instant(startTime, `${at}.start_time`);
      const end = instant(endTime, `${at}.end_time`);
      spans.push({ start, end });
      if (!Array.isArray(results)) throw badBill(`${at}.results`, 'must be a list.', results);
      results.forEach((result: unknown, r) => {
        const where = `${at}.results[${r}]`;
        if (typeof result !== 'object' || result === null) throw badBill(where, 'must be a costs result object.', result);
        const { amount, line_item: lineItem, project_id: project } = result as Record<string, unknown>;
        if (typeof amount !== 'object' || amount === null) throw badBill(`${where}.amount`, 'must be { value, currency }.', amount);
        const { value, currency } = amount as Record<string, unknown>;
        if (currency !== undefined && (typeof currency !== 'string' || currency.toLowerCase() !== 'usd')) {
          throw badBill(`${where}.amount.currency`, `only USD bills are read; got ${String(currency)}.`, currency, 'INVALID_MONEY');
        }
        if (lineItem !== undefined && lineItem !== null && typeof lineItem !== 'string') throw badBill(`${where}.line_item`, 'must be a string or null.', lineItem);
        const description = typeof lineItem === 'string' ? lineItem : '';
        lines.push({
          start,
          end,
          model: description === '' ? null : modelOfLineItem(description),
          description,
          usd: exactDecimal(value, `${where}.amount.value`),
          ...(typeof project === 'string' ? { project } : {}),
          path: where,
        });
      });
    });
  }
  return { provider: 'openai', lines, ...(spans.length === 0 ? {} : { period: spanOf(spans) }), ...(options.file === undefined ? {} : { file: options.file }) };
}

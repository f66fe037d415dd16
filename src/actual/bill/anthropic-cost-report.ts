// The Anthropic Admin API cost report (GET /v1/organizations/cost_report), as JSON.
//
// Shape (https://platform.claude.com/docs/en/api/admin/cost_report):
//   { data: [{ starting_at, ending_at, results: [{ currency: 'USD', amount: '<decimal string>',
//       model, cost_type: 'tokens' | 'web_search' | 'code_execution', token_type, service_tier,
//       context_window: '0-200k' | '200k-1M', workspace_id, description }] }], has_more, next_page }
// The unit of `amount`: "Cost amount in lowest currency units (e.g. cents) as a decimal string.
// For example, "123.45" in "USD" represents $1.23" (sic: $1.2345 exactly), so the amount is
// divided by 100, exactly. `model`, `cost_type`, `token_type` are null unless the report is grouped
// by description. Anthropic documents that this report leaves out Priority Tier costs.
import { Dec } from '../../money/decimal.js';
import { fromDec, toDec } from '../../money/usd.js';
import { badBill, exactDecimal, instant, pagesOf, parsed, spanOf, type Bill, type BillLine } from './bill.js';
import type { ReadBillOptions } from './openai-costs.js';

/**
 * Reads an Anthropic cost report export (`/v1/organizations/cost_report`): one page, or a list of
 * pages. Export it grouped by description (`group_by[]=description`) with daily buckets, so that
 * each line names its model. `amount` is in cents (a decimal string): it is divided by 100 exactly.
 *
 * @param data - the JSON text or the parsed JSON
 * @returns the bill's line items with exact USD amounts
 * @throws LlmSpendError `INVALID_USAGE` naming the path of a malformed bucket or result;
 *   `INVALID_MONEY` for a currency other than USD
 * @example
 * ```ts
 * import { readAnthropicCostReport } from 'llm-spend/actual';
 * const bill = readAnthropicCostReport({ data: [{ starting_at: '2026-08-01T00:00:00Z', ending_at: '2026-08-02T00:00:00Z',
 *   results: [{ currency: 'USD', amount: '123.45', model: 'claude-sonnet-4-5-20250929', cost_type: 'tokens', token_type: 'output_tokens' }] }] });
 * bill.lines[0]!.usd; // "1.2345"
 * ```
 */
export function readAnthropicCostReport(data: unknown, options: ReadBillOptions = {}): Bill {
  const lines: BillLine[] = [];
  const spans: Array<{ start: string; end: string }> = [];
  for (const { page, prefix } of pagesOf(parsed(data, options.file), 'An Anthropic cost report')) {
    const buckets = page['data'] as unknown[];
    buckets.forEach((bucket, b) => {
      const at = `${prefix}data[${b}]`;
      if (typeof bucket !== 'object' || bucket === null) throw badBill(at, 'must be a bucket object.', bucket);
      const { starting_at: startingAt, ending_at: endingAt, results } = bucket as Record<string, unknown>;
      const start = instant(startingAt, `${at}.starting_at`);
      const end = instant(endingAt, `${at}.ending_at`);
      spans.push({ start, end });
      if (!Array.isArray(results)) throw badBill(`${at}.results`, 'must be a list.', results);
      results.forEach((result: unknown, r) => {
        const where = `${at}.results[${r}]`;
        if (typeof result !== 'object' || result === null) throw badBill(where, 'must be a cost item object.', result);
        const item = result as Record<string, unknown>;
        const currency = item['currency'];
        if (currency !== undefined && (typeof currency !== 'string' || currency.toUpperCase() !== 'USD')) {
          throw badBill(`${where}.currency`, `only USD bills are read; got ${String(currency)}.`, currency, 'INVALID_MONEY');
        }
        const cents = exactDecimal(item['amount'], `${where}.amount`);
        const usd = fromDec(toDec(cents, `${where}.amount`).div(new Dec(100)));
        const model = typeof item['model'] === 'string' && item['model'] !== '' ? item['model'] : null;
        const description =
          typeof item['description'] === 'string' && item['description'] !== ''
            ? item['description']
            : [model, item['cost_type'], item['token_type'], item['service_tier'], item['context_window']].filter((part) => typeof part === 'string' && part !== '').join(', ');
        const workspace = item['workspace_id'];
        lines.push({ start, end, model, description, usd, ...(typeof workspace === 'string' ? { project: workspace } : {}), path: where });
      });
    });
  }
  return { provider: 'anthropic', lines, ...(spans.length === 0 ? {} : { period: spanOf(spans) }), ...(options.file === undefined ? {} : { file: options.file }) };
}

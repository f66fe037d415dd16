// Reading a cost export whose provider is not stated: detected from its shape.
import { badBill, parsed, type Bill } from './bill.js';
import { readAnthropicCostReport } from './anthropic-cost-report.js';
import { readOpenAiCosts, type ReadBillOptions } from './openai-costs.js';

/** The cost export formats {@link readBill} reads. */
export type BillFormat = 'openai-costs' | 'anthropic-cost-report';

/** Options of {@link readBill}. */
export interface ReadBillAnyOptions extends ReadBillOptions {
  /** The export's format. @defaultValue detected: OpenAI buckets have `start_time`, Anthropic's `starting_at` */
  readonly format?: BillFormat | undefined;
}

/**
 * Reads a provider's cost export: the OpenAI costs API JSON or the Anthropic cost report JSON
 * (one page or a list of pages), detecting which from its shape unless `format` says.
 *
 * @throws LlmSpendError `INVALID_USAGE` when the shape is neither (or malformed), `INVALID_MONEY` for a non-USD amount
 * @example
 * ```ts
 * import { readBill } from 'llm-spend/actual';
 * const bill = readBill('{"data":[{"starting_at":"2026-08-01T00:00:00Z","ending_at":"2026-08-02T00:00:00Z","results":[{"currency":"USD","amount":"50","model":"claude-haiku-4-5-20251001"}]}]}');
 * bill.provider; // "anthropic"
 * bill.lines[0]!.usd; // "0.5"
 * ```
 */
export function readBill(data: unknown, options: ReadBillAnyOptions = {}): Bill {
  const json = parsed(data, options.file);
  const format = options.format ?? detect(json);
  if (format === 'openai-costs') return readOpenAiCosts(json, options);
  if (format === 'anthropic-cost-report') return readAnthropicCostReport(json, options);
  throw badBill(
    options.file ?? '(data)',
    'is neither an OpenAI costs export ({ object: "page", data: [{ start_time, end_time, results }] }) nor an Anthropic cost report ({ data: [{ starting_at, ending_at, results }] }); pass format to say which.',
  );
}

function detect(json: unknown): BillFormat | undefined {
  const first = Array.isArray(json) ? json[0] : json;
  const buckets = typeof first === 'object' && first !== null ? (first as { data?: unknown }).data : undefined;
  if (!Array.isArray(buckets)) return undefined;
  const bucket = buckets[0] as Record<string, unknown> | undefined;
  if (bucket === undefined) return (first as { object?: unknown }).object === 'page' ? 'openai-costs' : undefined;
  if (typeof bucket !== 'object' || bucket === null) return undefined;
  if ('start_time' in bucket) return 'openai-costs';
  if ('starting_at' in bucket) return 'anthropic-cost-report';
  return undefined;
}

export type { Bill, BillLine, BillProvider } from './bill.js';

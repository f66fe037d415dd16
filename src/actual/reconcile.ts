// Reconciliation: spend computed from usage records (each at its own date) compared with the
// provider's bill, per model and day, flagging differences beyond the bill's rounding. This is how
// a wrong price in the table, an unlogged workload or an unexpected charge is found.
import { LlmSpendError, showValue } from '../errors.js';
import { Dec } from '../money/decimal.js';
import { fromDec, toDec } from '../money/usd.js';
import { defaultPricing, findModel, type PricingTable } from '../pricing/table.js';
import { canonicalTimeZone } from '../budget/windows.js';
import { badBill, type Bill, type BillLine, type BillProvider } from './bill/bill.js';
import { priceRecord } from './price.js';
import type { ReadItem, RecordProblem } from './record.js';
import { CalendarKeys, type RecordProblemSummary } from './what-if.js';

/** How far computed and billed may differ before a row is flagged. Amounts are USD decimal strings. */
export interface ReconcileTolerance {
  /** Allowed per line item of the bill in the row (the bill's rounding: half a cent). @defaultValue "0.005" */
  readonly perLineItemUsd?: string | undefined;
  /** Allowed as a share of the computed amount, such as `"0.01"` for 1%. @defaultValue "0" */
  readonly relative?: string | undefined;
  /** Allowed per row, in USD. @defaultValue "0" */
  readonly usd?: string | undefined;
}

/** Options of {@link reconcile}. */
export interface ReconcileOptions {
  /** The table to price the records from. @defaultValue the bundled catalog */
  readonly pricing?: PricingTable | undefined;
  /**
   * The time zone of days (IANA). The bill's buckets must each lie within one day of this zone
   * (export the bill with buckets aligned to it). @defaultValue "UTC"
   */
  readonly timeZone?: string | undefined;
  /** @defaultValue half a cent per line item, nothing relative */
  readonly tolerance?: ReconcileTolerance | undefined;
  /**
   * The period compared, `[from, to)`. Records outside it are counted (`outsidePeriod`) and left out.
   * @defaultValue the span of the bill's buckets
   */
  readonly period?: { readonly from: string; readonly to: string } | undefined;
  /** Most problems listed (all are counted). @defaultValue 100 */
  readonly maxProblems?: number | undefined;
}

/**
 * Decimals of a relative difference (`relativeDifference`), rounded half-even.
 *
 * @example
 * ```ts
 * import { RECONCILE_SHARE_DECIMALS } from 'llm-spend/actual';
 * RECONCILE_SHARE_DECIMALS; // 6
 * ```
 */
export const RECONCILE_SHARE_DECIMALS = 6;

/** Computed vs billed for one model (or one day). Money as exact USD strings. */
export interface ReconcileFigures {
  /** What the records cost at the table's prices. */
  readonly computed: string;
  /** What the bill charged. */
  readonly billed: string;
  /** billed − computed (positive: the bill charged more than the records explain). */
  readonly difference: string;
  /** difference / computed, rounded half-even to 6 decimals; `null` when nothing was computed. */
  readonly relativeDifference: string | null;
  /** The bill's line items in the row. */
  readonly lineItems: number;
  /** The records in the row, and their model calls. */
  readonly records: number;
  readonly calls: number;
  /** The allowed |difference|: perLineItemUsd × lineItems + relative × |computed| + usd. */
  readonly tolerance: string;
  /** |difference| > tolerance. */
  readonly flagged: boolean;
}

/** One model on one day. */
export interface ReconcileRow extends ReconcileFigures {
  /** The day (YYYY-MM-DD in the time zone). */
  readonly day: string;
  /**
   * The model: the table's id when the name (the log's, or the bill's dated snapshot) resolves
   * through the table's ids and aliases; otherwise the bill's own name as written (a charge that
   * is not a model's, such as OpenAI's `"web search tool calls"` or Anthropic's `"Web Search"`,
   * is shown by its line item or description), or `"(no model)"` for lines that name nothing
   * (an export that was not grouped by line item or description).
   */
  readonly model: string;
  /** Whether `model` is a table id (false: a name the table does not know, shown as the bill writes it). */
  readonly matched: boolean;
  /** The names the bill used for this model on this day (dated snapshots), sorted. */
  readonly billNames: readonly string[];
}

/** One day, all models. */
export interface ReconcileDay extends ReconcileFigures {
  readonly day: string;
}

/** A model only one side knows over the whole period. */
export interface OneSidedModel {
  readonly model: string;
  readonly matched: boolean;
  readonly billNames: readonly string[];
  /** Its amount on the side that has it (billed, or computed). */
  readonly usd: string;
  /** The days it appears on. */
  readonly days: readonly string[];
}

/** A warning: a stable code and a sentence. */
export interface ReconcileWarning {
  readonly code: 'BILL_LINES_WITHOUT_MODEL' | 'RECORDS_NOT_PRICED' | 'PRIORITY_NOT_IN_REPORT' | 'NO_BILL_PERIOD' | 'AGGREGATE_BASE_RATES';
  readonly message: string;
}

/** What {@link reconcile} returns. */
export interface ReconcileResult {
  readonly provider: BillProvider;
  readonly timeZone: string;
  /** The period compared, `[from, to)`, when known. */
  readonly period: { readonly from: string; readonly to: string } | undefined;
  /** One row per model and day that either side has, sorted by day then model. */
  readonly rows: readonly ReconcileRow[];
  /** One row per day, all models. */
  readonly days: readonly ReconcileDay[];
  /** The whole period. */
  readonly totals: { readonly computed: string; readonly billed: string; readonly difference: string };
  /** Rows flagged. */
  readonly flagged: number;
  /** Models on the bill for which no record was logged in the period. */
  readonly billedNotLogged: readonly OneSidedModel[];
  /** Models logged in the period that the bill never charged. */
  readonly loggedNotBilled: readonly OneSidedModel[];
  /** Reader problems and records that could not be priced (their spend is missing from `computed`). */
  readonly problems: RecordProblemSummary;
  /** Records left out: outside the period. */
  readonly outsidePeriod: number;
  /** Records left out: another provider's (or a host's) models, which this bill cannot contain. */
  readonly otherProvider: number;
  readonly warnings: readonly ReconcileWarning[];
}

interface Cell {
  readonly day: string;
  readonly model: string;
  readonly matched: boolean;
  readonly billNames: Set<string>;
  computed: Dec;
  billed: Dec;
  lineItems: number;
  records: number;
  calls: number;
}

function invalid(path: string, message: string, value?: unknown): LlmSpendError {
  return new LlmSpendError('INVALID_USAGE', `reconcile: ${path} ${message}`, { path, ...(value === undefined ? {} : { value: showValue(value) }) });
}

function amount(value: unknown, path: string, fallback: string): Dec {
  if (value === undefined) return new Dec(fallback);
  const dec = toDec(value as string, `reconcile: ${path}`);
  if (dec.isNegative()) throw new LlmSpendError('INVALID_MONEY', `reconcile: ${path} cannot be negative; got ${showValue(value)}.`, { path });
  return dec;
}

const NO_MODEL = '(no model)';

/**
 * Compares the spend computed from usage records with the provider's bill, per model and day.
 * Each record is priced at its own date (`priceRecord`); each bill line is matched to a model
 * through the pricing table's ids and aliases, so a dated snapshot on the bill
 * (`gpt-4o-mini-2024-07-18`) meets the log's `gpt-4o-mini`. A name the table does not know is
 * shown as the bill writes it (`matched: false`; a tool fee by its line item or description), and
 * a line that names nothing as `"(no model)"`.
 *
 * A row is flagged when |billed − computed| exceeds its tolerance: by default half a cent per line
 * item of the bill in that row (the most a bill that rounds each line item to the cent can be off),
 * plus the optional `relative` share of the computed amount and a flat `usd`. Only records of
 * the bill's provider (direct, not through a host such as Azure or Bedrock) and inside the period
 * are compared; the others are counted.
 *
 * @param items - reader items (records and problems), sync or async
 * @param bill - the provider's export, read with `readBill`, `readOpenAiCosts` or `readAnthropicCostReport`
 * @returns rows per model and day and per day, totals, the flagged count, one-sided models, problems and warnings
 * @throws LlmSpendError `INVALID_USAGE` for a bad option or a bill bucket that spans more than one day
 *   of the time zone; `INVALID_MONEY` for a bad tolerance
 * @example
 * ```ts
 * import { readBill, reconcile } from 'llm-spend/actual';
 * const record = {
 *   at: '2026-08-01T00:00:00Z', model: 'gpt-5.4-mini', calls: 400, aggregate: true, tags: {},
 *   usage: { inputTokens: 1_000_000, outputTokens: 100_000 }, origin: { line: 1, format: 'openai-usage' as const },
 * };
 * const bill = readBill({ object: 'page', data: [{ object: 'bucket', start_time: 1785542400, end_time: 1785628800, results: [
 *   { object: 'organization.costs.result', amount: { value: 0.75, currency: 'usd' }, line_item: 'gpt-5.4-mini-2026-03-17, input', project_id: null },
 *   { object: 'organization.costs.result', amount: { value: 0.45, currency: 'usd' }, line_item: 'gpt-5.4-mini-2026-03-17, output', project_id: null },
 *   { object: 'organization.costs.result', amount: { value: 2, currency: 'usd' }, line_item: 'gpt-5.4-mini-2026-03-17, output', project_id: null },
 * ] }] });
 * const result = await reconcile([{ ok: true, record }], bill);
 * result.rows[0]!.computed; // "1.2"
 * result.rows[0]!.billed; // "3.2"
 * result.rows[0]!.flagged; // true
 * ```
 */
export async function reconcile(items: Iterable<ReadItem> | AsyncIterable<ReadItem>, bill: Bill, options: ReconcileOptions = {}): Promise<ReconcileResult> {
  if (typeof options !== 'object' || options === null) throw invalid('options', `must be an object; got ${showValue(options)}.`, options);
  if (typeof bill !== 'object' || bill === null || !Array.isArray(bill.lines) || (bill.provider !== 'openai' && bill.provider !== 'anthropic')) {
    throw invalid('bill', `must be a bill read with readBill (or readOpenAiCosts / readAnthropicCostReport); got ${showValue(bill)}.`, bill);
  }
  const pricing = options.pricing ?? defaultPricing;
  const zone = options.timeZone === undefined ? 'UTC' : typeof options.timeZone === 'string' ? canonicalTimeZone(options.timeZone) : undefined;
  if (zone === undefined) throw invalid('timeZone', `must be an IANA time zone such as "Europe/Paris"; got ${showValue(options.timeZone)}.`, options.timeZone);
  const tolerance = options.tolerance ?? {};
  const perLine = amount(tolerance.perLineItemUsd, 'tolerance.perLineItemUsd', '0.005');
  const relative = amount(tolerance.relative, 'tolerance.relative', '0');
  const flat = amount(tolerance.usd, 'tolerance.usd', '0');
  const maxProblems = options.maxProblems ?? 100;
  if (!Number.isSafeInteger(maxProblems) || maxProblems < 0) throw invalid('maxProblems', `must be a non-negative integer; got ${showValue(maxProblems)}.`, maxProblems);
  const period = options.period ?? bill.period;
  let fromMs = Number.NEGATIVE_INFINITY;
  let toMs = Number.POSITIVE_INFINITY;
  if (period !== undefined) {
    fromMs = Date.parse(period.from);
    toMs = Date.parse(period.to);
    if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs <= fromMs) {
      throw invalid('period', `must be { from, to } with ISO dates, from before to; got ${showValue(period)}.`, period);
    }
  }
  const dayKeys = new CalendarKeys('day', zone);
  const dayOf = (ms: number): string => dayKeys.id(ms);
  const cells = new Map<string, Cell>();
  const cell = (day: string, model: string, matched: boolean): Cell => {
    const key = `${day}\u0000${model}`;
    let found = cells.get(key);
    if (found === undefined) {
      found = { day, model, matched, billNames: new Set(), computed: new Dec(0), billed: new Dec(0), lineItems: 0, records: 0, calls: 0 };
      cells.set(key, found);
    }
    return found;
  };

  // The bill's side.
  const resolved = new Map<string, { model: string; matched: boolean }>();
  const resolve = (line: BillLine): { model: string; matched: boolean } => {
    // A charge that names no model (a tool fee) is shown by its description.
    const name = line.model ?? (line.description === '' ? null : line.description);
    if (name === null) return { model: NO_MODEL, matched: false };
    if (line.model === null) return { model: name, matched: false };
    let found = resolved.get(name);
    if (found === undefined) {
      // A modality word after the snapshot ("gpt-audio-mini-2025-12-15 audio") is not part of the name.
      const entry = findModel(name, { pricing }) ?? (name.includes(' ') ? findModel(name.split(' ')[0]!, { pricing }) : undefined);
      found = entry === undefined ? { model: name, matched: false } : { model: entry.id, matched: true };
      resolved.set(name, found);
    }
    return found;
  };
  let withoutModel = 0;
  for (const line of bill.lines as readonly BillLine[]) {
    const start = Date.parse(line.start);
    const end = Date.parse(line.end);
    const day = dayOf(start);
    if (end > start && dayOf(end - 1) !== day) {
      throw badBill(
        line.path,
        `its bucket (${line.start} to ${line.end}) spans more than one day in ${zone}: export the bill with daily (or hourly) buckets aligned to ${zone}, or reconcile in the zone the buckets follow.`,
      );
    }
    const { model, matched } = resolve(line);
    if (model === NO_MODEL) withoutModel += 1;
    const target = cell(day, model, matched);
    if (line.model !== null) target.billNames.add(line.model);
    target.billed = target.billed.plus(line.usd);
    target.lineItems += 1;
  }

  // The records' side.
  const problems = { count: 0, byCode: {} as Record<string, number>, listed: [] as RecordProblem[] };
  const addProblem = (problem: RecordProblem): void => {
    problems.count += 1;
    problems.byCode[problem.code] = (problems.byCode[problem.code] ?? 0) + 1;
    if (problems.listed.length < maxProblems) problems.listed.push(problem);
  };
  let outsidePeriod = 0;
  let otherProvider = 0;
  let priority = 0;
  const assumedBaseRates = new Set<string>();
  const providerOf = new Map<string, boolean>();
  for await (const item of items as AsyncIterable<ReadItem>) {
    if (!item.ok) {
      addProblem(item.problem);
      continue;
    }
    const record = item.record;
    const ms = Date.parse(record.at);
    if (ms < fromMs || ms >= toMs) {
      outsidePeriod += 1;
      continue;
    }
    const priced = priceRecord(record, { pricing });
    if (!priced.ok) {
      addProblem(priced.problem);
      continue;
    }
    let ours = providerOf.get(priced.model);
    if (ours === undefined) {
      const entry = findModel(priced.model, { pricing });
      ours = entry !== undefined && entry.provider === bill.provider && (entry.host === undefined || entry.host === bill.provider);
      providerOf.set(priced.model, ours);
    }
    if (!ours) {
      otherProvider += 1;
      continue;
    }
    if (priced.tier === 'priority') priority += 1;
    if (priced.assumedBaseRates === true) assumedBaseRates.add(priced.model);
    const target = cell(dayOf(ms), priced.model, true);
    target.computed = target.computed.plus(priced.cost.total);
    target.records += 1;
    target.calls += record.calls;
  }

  // Rows, days, totals and one-sided models.
  const figures = (computed: Dec, billed: Dec, lineItems: number, records: number, calls: number): ReconcileFigures => {
    const difference = billed.minus(computed);
    const allowed = perLine.times(lineItems).plus(relative.times(computed.abs())).plus(flat);
    return {
      computed: fromDec(computed),
      billed: fromDec(billed),
      difference: fromDec(difference),
      relativeDifference: computed.isZero() ? null : fromDec(difference.div(computed).toDecimalPlaces(RECONCILE_SHARE_DECIMALS, Dec.ROUND_HALF_EVEN)),
      lineItems,
      records,
      calls,
      tolerance: fromDec(allowed),
      flagged: difference.abs().greaterThan(allowed),
    };
  };
  const sorted = [...cells.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.model < b.model ? -1 : a.model > b.model ? 1 : 0));
  const rows: ReconcileRow[] = sorted.map((c) => ({
    day: c.day,
    model: c.model,
    matched: c.matched,
    billNames: [...c.billNames].sort(),
    ...figures(c.computed, c.billed, c.lineItems, c.records, c.calls),
  }));
  const byDay = new Map<string, { computed: Dec; billed: Dec; lineItems: number; records: number; calls: number }>();
  const byModel = new Map<string, { matched: boolean; names: Set<string>; computed: Dec; billed: Dec; records: number; lineItems: number; days: Set<string> }>();
  let computedTotal = new Dec(0);
  let billedTotal = new Dec(0);
  for (const c of sorted) {
    const day = byDay.get(c.day) ?? { computed: new Dec(0), billed: new Dec(0), lineItems: 0, records: 0, calls: 0 };
    day.computed = day.computed.plus(c.computed);
    day.billed = day.billed.plus(c.billed);
    day.lineItems += c.lineItems;
    day.records += c.records;
    day.calls += c.calls;
    byDay.set(c.day, day);
    const model = byModel.get(c.model) ?? { matched: c.matched, names: new Set<string>(), computed: new Dec(0), billed: new Dec(0), records: 0, lineItems: 0, days: new Set<string>() };
    for (const name of c.billNames) model.names.add(name);
    model.computed = model.computed.plus(c.computed);
    model.billed = model.billed.plus(c.billed);
    model.records += c.records;
    model.lineItems += c.lineItems;
    model.days.add(c.day);
    byModel.set(c.model, model);
    computedTotal = computedTotal.plus(c.computed);
    billedTotal = billedTotal.plus(c.billed);
  }
  const days: ReconcileDay[] = [...byDay.entries()].map(([day, d]) => ({ day, ...figures(d.computed, d.billed, d.lineItems, d.records, d.calls) }));
  const oneSided = (keep: (m: { records: number; lineItems: number }) => boolean, side: 'billed' | 'computed'): OneSidedModel[] =>
    [...byModel.entries()]
      .filter(([, m]) => keep(m))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([model, m]) => ({ model, matched: m.matched, billNames: [...m.names].sort(), usd: fromDec(m[side]), days: [...m.days].sort() }));

  const warnings: ReconcileWarning[] = [];
  if (withoutModel > 0) {
    warnings.push({
      code: 'BILL_LINES_WITHOUT_MODEL',
      message:
        `${withoutModel} line(s) of the bill name no model and are shown as "${NO_MODEL}": ` +
        (bill.provider === 'openai' ? 'export the costs grouped by line item (group_by=line_item).' : 'export the cost report grouped by description (group_by[]=description).'),
    });
  }
  if (problems.count > 0) {
    warnings.push({ code: 'RECORDS_NOT_PRICED', message: `${problems.count} item(s) could not be read or priced: their spend is missing from the computed side (see problems).` });
  }
  if (bill.provider === 'anthropic' && priority > 0) {
    warnings.push({ code: 'PRIORITY_NOT_IN_REPORT', message: `${priority} record(s) used the priority tier, which Anthropic's cost report leaves out: their rows will show more computed than billed.` });
  }
  for (const model of [...assumedBaseRates].sort()) {
    warnings.push({
      code: 'AGGREGATE_BASE_RATES',
      message: `Aggregates of ${model} were priced at its base rates without knowing their long-context band: where requests crossed the threshold, the bill is rightly higher.`,
    });
  }
  if (period === undefined) warnings.push({ code: 'NO_BILL_PERIOD', message: 'The bill has no bucket and no period was given: every record was compared.' });

  return {
    provider: bill.provider,
    timeZone: zone,
    period: period === undefined ? undefined : { from: period.from, to: period.to },
    rows,
    days,
    totals: { computed: fromDec(computedTotal), billed: fromDec(billedTotal), difference: fromDec(billedTotal.minus(computedTotal)) },
    flagged: rows.filter((row) => row.flagged).length,
    billedNotLogged: oneSided((m) => m.records === 0 && m.lineItems > 0, 'billed'),
    loggedNotBilled: oneSided((m) => m.lineItems === 0 && m.records > 0, 'computed'),
    problems: { count: problems.count, byCode: { ...problems.byCode }, listed: problems.listed },
    outsidePeriod,
    otherProvider,
    warnings,
  };
}

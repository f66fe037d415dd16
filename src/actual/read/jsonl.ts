// llm-spend's own JSONL: one record per line,
// `{ at, model, tier?, usage: { inputTokens, outputTokens, ... }, tags?, session?, requestId?, calls?, aggregate?, contextWindow?, requests? }`,
// or with the usage fields at the top level instead of under `usage`.
//
// A line is checked once into a reused PlainRecord (numbers and strings, no object built); the
// record (with its canonical usage and origin) is built only when someone needs it: the public
// generator always, summarizeSpend's internal fast path only for records off its fast path.
import type { Usage } from '../../estimate/usage.js';
import { isoDateMs } from '../../pricing/dates.js';
import type { ServiceTier } from '../../pricing/schema.js';
import type { RecordOrigin, UsageRecord } from '../record.js';
import { atOf, callsOf, canonicalMs, countsOf, fail, isRecord, modelOf, optionalString, shown, tagsOf, tierOf, usageOf, usageOfCounts, UsageCounts, type Fields } from './common.js';
import type { FormatReader, ReadContext } from './context.js';

/**
 * @internal One llm-spend JSONL record as read and checked, before any object is built for it
 * (reused line after line: copy what you keep).
 */
export class PlainRecord {
  /** The timestamp, canonical ISO UTC. */
  at = '';
  /** Its epoch milliseconds, or NaN when not a usable date (the pricer then says why). */
  atMs = Number.NaN;
  model = '';
  tier: ServiceTier | undefined = undefined;
  readonly counts = new UsageCounts();
  requests: Usage[] | undefined = undefined;
  calls = 1;
  aggregate = false;
  tags: Readonly<Record<string, string>> = {};
  session: string | undefined = undefined;
  contextWindow: string | undefined = undefined;
  /** The 1-based line. */
  line = 0;
}

/** Reads and checks a parsed line into `into` (throws ReadFailure), in the order and with the messages of the record's fields. */
export function readPlain(value: unknown, line: number, into: PlainRecord): void {
  if (!isRecord(value)) return fail(`a line must hold one JSON object; got ${shown(value)}.`);
  const nested = value['usage'];
  if (nested !== undefined) {
    if (!isRecord(nested)) return fail(`usage must be an object of token counts; got ${shown(nested)}.`);
    countsOf(nested, 'usage.', true, into.counts);
  } else {
    countsOf(value, '', false, into.counts);
  }
  into.model = modelOf(value['model'], 'model');
  const rawAt = value['at'];
  const ms = typeof rawAt === 'string' ? canonicalMs(rawAt) : Number.NaN;
  if (ms === ms) {
    into.at = rawAt as string;
    into.atMs = ms;
  } else {
    into.at = atOf(rawAt, 'at');
    into.atMs = isoDateMs(into.at) ?? Number.NaN;
  }
  into.tier = tierOf(value['tier'], 'tier');
  const aggregateValue = value['aggregate'];
  if (aggregateValue !== undefined && aggregateValue !== null && typeof aggregateValue !== 'boolean') fail(`aggregate must be true or false; got ${shown(aggregateValue)}.`);
  into.aggregate = aggregateValue === true;
  const rawRequests = value['requests'];
  let requests: Usage[] | undefined;
  if (rawRequests !== undefined && rawRequests !== null) {
    if (!Array.isArray(rawRequests) || rawRequests.length === 0) fail(`requests must be a non-empty list of usages; got ${shown(rawRequests)}.`);
    requests = (rawRequests as unknown[]).map((entry, index) => {
      if (!isRecord(entry)) return fail(`requests[${index}] must be an object of token counts; got ${shown(entry)}.`);
      return usageOf(entry as Fields, `requests[${index}].`, true);
    });
  }
  into.requests = requests;
  into.calls = callsOf(value['calls'], 'calls', requests?.length ?? 1);
  into.session = optionalString(value['session'], 'session');
  into.contextWindow = optionalString(value['contextWindow'], 'contextWindow');
  into.tags = tagsOf(value['tags'], 'tags');
  into.line = line;
}

/** The record of a plain record, with its origin. */
export function recordOfPlain(plain: PlainRecord, origin: RecordOrigin): UsageRecord {
  const record: { -readonly [K in keyof UsageRecord]: UsageRecord[K] } = {
    at: plain.at,
    model: plain.model,
    usage: usageOfCounts(plain.counts),
    calls: plain.calls,
    aggregate: plain.aggregate,
    tags: plain.tags,
    origin,
  };
  if (plain.tier !== undefined) record.tier = plain.tier;
  if (plain.requests !== undefined) record.requests = plain.requests;
  if (plain.session !== undefined) record.session = plain.session;
  if (plain.contextWindow !== undefined) record.contextWindow = plain.contextWindow;
  return record;
}

/** A parsed line as a record (throws ReadFailure). Shared with the other JSON readers' wrappers. */
export function recordOfObject(value: unknown, line: number, context: ReadContext): UsageRecord {
  const plain = new PlainRecord();
  readPlain(value, line, plain);
  return recordOfPlain(plain, context.origin(line));
}

export function jsonlReader(context: ReadContext): FormatReader {
  const plain = new PlainRecord();
  const sink = context.sink;
  return {
    line(text, line) {
      if (isBlank(text)) return;
      try {
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (error) {
          fail(`not valid JSON (${error instanceof Error ? error.message.slice(0, 120) : 'parse error'}).`);
        }
        readPlain(value, line, plain);
      } catch (error) {
        context.problem(line, error);
        return;
      }
      context.records += 1;
      if (sink.plain === undefined || !sink.plain(plain)) sink.item({ ok: true, record: recordOfPlain(plain, context.origin(line)) });
    },
    end() {},
  };
}

/** Whether a line holds nothing but spaces. */
export function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  const first = text.charCodeAt(0);
  if (first !== 32 && first !== 9 && first !== 13) return false;
  return text.trim().length === 0;
}

// llm-spend's own JSONL: one record per line,
// `{ at, model, tier?, usage: { inputTokens, outputTokens, ... }, tags?, session?, requestId?, calls?, aggregate?, contextWindow?, requests? }`,
// or with the usage fields at the top level instead of under `usage`.
import type { Usage } from '../../estimate/usage.js';
import type { UsageRecord } from '../record.js';
import { atOf, callsOf, fail, isRecord, modelOf, optionalString, shown, tagsOf, tierOf, usageOf, type Fields } from './common.js';
import type { FormatReader, ReadContext } from './context.js';

/** A parsed line as a record (throws ReadFailure). Shared with the other JSON readers' wrappers. */
export function recordOfObject(value: unknown, line: number, context: ReadContext): UsageRecord {
  if (!isRecord(value)) return fail(`a line must hold one JSON object; got ${shown(value)}.`);
  const nested = value['usage'];
  let usage: Usage;
  if (nested !== undefined) {
    if (!isRecord(nested)) return fail(`usage must be an object of token counts; got ${shown(nested)}.`);
    usage = usageOf(nested, 'usage.', true);
  } else {
    usage = usageOf(value, '', false);
  }
  const model = modelOf(value['model'], 'model');
  const at = atOf(value['at'], 'at');
  const tier = tierOf(value['tier'], 'tier');
  const aggregateValue = value['aggregate'];
  if (aggregateValue !== undefined && aggregateValue !== null && typeof aggregateValue !== 'boolean') fail(`aggregate must be true or false; got ${shown(aggregateValue)}.`);
  const aggregate = aggregateValue === true;
  const rawRequests = value['requests'];
  let requests: Usage[] | undefined;
  if (rawRequests !== undefined && rawRequests !== null) {
    if (!Array.isArray(rawRequests) || rawRequests.length === 0) fail(`requests must be a non-empty list of usages; got ${shown(rawRequests)}.`);
    requests = (rawRequests as unknown[]).map((entry, index) => {
      if (!isRecord(entry)) return fail(`requests[${index}] must be an object of token counts; got ${shown(entry)}.`);
      return usageOf(entry as Fields, `requests[${index}].`, true);
    });
  }
  const calls = callsOf(value['calls'], 'calls', requests?.length ?? 1);
  const session = optionalString(value['session'], 'session');
  const contextWindow = optionalString(value['contextWindow'], 'contextWindow');
  const record: { -readonly [K in keyof UsageRecord]: UsageRecord[K] } = { at, model, usage, calls, aggregate, tags: tagsOf(value['tags'], 'tags'), origin: context.origin(line) };
  if (tier !== undefined) record.tier = tier;
  if (requests !== undefined) record.requests = requests;
  if (session !== undefined) record.session = session;
  if (contextWindow !== undefined) record.contextWindow = contextWindow;
  return record;
}

export function jsonlReader(context: ReadContext): FormatReader {
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
        const record = recordOfObject(value, line, context);
        context.records += 1;
        context.out.push({ ok: true, record });
      } catch (error) {
        context.problem(line, error);
      }
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

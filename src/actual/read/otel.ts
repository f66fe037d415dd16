// OpenTelemetry GenAI spans from an OTLP JSON export: `resourceSpans[].scopeSpans[].spans[]`, each
// span's `attributes` an OTLP list of `{ key, value: { stringValue | intValue | doubleValue | boolValue } }`.
// Semantic conventions (https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/, as read
// by usageFromOtelSpan): `gen_ai.usage.input_tokens` (cache reads and writes included),
// `gen_ai.usage.output_tokens`, `gen_ai.usage.cache_read.input_tokens`,
// `gen_ai.usage.cache_creation.input_tokens`, `gen_ai.usage.reasoning.output_tokens`;
// `gen_ai.response.model` (preferred: the model that served) or `gen_ai.request.model`;
// `gen_ai.conversation.id` as the session; `startTimeUnixNano` as the date; the OpenAI
// instrumentation's `openai.response.service_tier` as the tier. A span without any
// `gen_ai.usage.*` attribute (an HTTP span, a tool call) is skipped and counted, not a problem.
// Resource and span attributes with scalar values (other than gen_ai.usage.*) become tags.
import { isLlmSpendError } from '../../errors.js';
import { usageFromOtelSpan } from '../../estimate/adapters.js';
import type { ServiceTier } from '../../pricing/schema.js';
import type { UsageRecord } from '../record.js';
import { atOfMs, fail, isRecord, modelOf, shown, type Fields } from './common.js';
import type { ReadContext } from './context.js';

/** The scalar of an OTLP AnyValue, as text (undefined for arrays, maps and bytes). */
function scalar(value: unknown): string | undefined {
  if (!isRecord(value)) return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
  for (const key of ['stringValue', 'intValue', 'doubleValue', 'boolValue'] as const) {
    const inner = value[key];
    if (typeof inner === 'string') return inner;
    if (typeof inner === 'number' || typeof inner === 'boolean') return String(inner);
  }
  return undefined;
}

function attributesOf(holder: Fields | undefined, into: Record<string, string>): boolean {
  let usage = false;
  const list = holder === undefined ? undefined : holder['attributes'];
  if (!Array.isArray(list)) return false;
  for (const entry of list as unknown[]) {
    if (!isRecord(entry) || typeof entry['key'] !== 'string') continue;
    const key = entry['key'];
    if (key.startsWith('gen_ai.usage.')) {
      usage = true;
      continue;
    }
    const text = scalar(entry['value']);
    if (text !== undefined) Object.defineProperty(into, key, { value: text, enumerable: true, writable: true, configurable: true });
  }
  return usage;
}

const OPENAI_TIERS: Readonly<Record<string, ServiceTier>> = { default: 'standard', standard: 'standard', flex: 'flex', priority: 'priority', batch: 'batch' };

function nanosToIso(value: unknown): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : typeof value === 'string' ? value : undefined;
  if (text === undefined || !/^\d{1,25}$/.test(text)) return fail(`startTimeUnixNano must be a count of nanoseconds; got ${shown(value)}.`);
  const ms = Number(BigInt(text) / 1_000_000n);
  return atOfMs(ms, 'startTimeUnixNano', value);
}

function spanRecord(span: Fields, resourceTags: Readonly<Record<string, string>>, line: number, context: ReadContext): UsageRecord | undefined {
  const tags: Record<string, string> = { ...resourceTags };
  const hasUsage = attributesOf(span, tags);
  if (!hasUsage) return undefined;
  let usage;
  try {
    usage = usageFromOtelSpan(span);
  } catch (error) {
    if (!isLlmSpendError(error)) throw error;
    return fail(`span ${shown(span['spanId'])}: ${error.message}`, 'invalid-usage');
  }
  const model = modelOf(tags['gen_ai.response.model'] ?? tags['gen_ai.request.model'], 'gen_ai.response.model (or gen_ai.request.model)');
  const at = nanosToIso(span['startTimeUnixNano']);
  const tierText = tags['openai.response.service_tier'] ?? tags['gen_ai.openai.response.service_tier'];
  const tier = tierText === undefined ? undefined : OPENAI_TIERS[tierText];
  if (tierText !== undefined && tier === undefined && tierText !== 'auto') fail(`openai.response.service_tier ${JSON.stringify(tierText.slice(0, 40))} is not a tier llm-spend can price (default, flex, priority, batch).`, 'tier-unavailable');
  const session = tags['gen_ai.conversation.id'];
  const record: { -readonly [K in keyof UsageRecord]: UsageRecord[K] } = { at, model, usage, calls: 1, aggregate: false, tags, origin: context.origin(line) };
  if (tier !== undefined) record.tier = tier;
  if (session !== undefined && session !== '') record.session = session;
  return record;
}

/** Reads one OTLP JSON document (ExportTraceServiceRequest). */
export function otelDocument(context: ReadContext): (document: unknown, line: number) => void {
  return (document, line) => {
    if (!isRecord(document) || !Array.isArray(document['resourceSpans'])) fail(`an OTLP JSON export is an object with resourceSpans; got ${isRecord(document) ? `keys ${Object.keys(document).slice(0, 8).join(', ')}` : shown(document)}.`);
    for (const resourceSpans of document['resourceSpans'] as unknown[]) {
      if (!isRecord(resourceSpans)) continue;
      const resourceTags: Record<string, string> = {};
      attributesOf(isRecord(resourceSpans['resource']) ? resourceSpans['resource'] : undefined, resourceTags);
      const scopes = resourceSpans['scopeSpans'];
      if (!Array.isArray(scopes)) continue;
      for (const scope of scopes as unknown[]) {
        if (!isRecord(scope) || !Array.isArray(scope['spans'])) continue;
        for (const span of scope['spans'] as unknown[]) {
          try {
            if (!isRecord(span)) fail(`a span must be an object; got ${shown(span)}.`);
            const record = spanRecord(span, resourceTags, line, context);
            if (record === undefined) {
              context.skip('span without gen_ai.usage attributes');
              continue;
            }
            context.records += 1;
            context.emit({ ok: true, record });
          } catch (error) {
            context.problem(line, error);
          }
        }
      }
    }
  };
}

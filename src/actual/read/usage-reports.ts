// The providers' usage reports: aggregates (one result per time bucket and group), priced as
// aggregates at the bucket's start date.
//
// OpenAI organization usage API, completions (GET /v1/organization/usage/completions; shapes as in
// openai-node 6.x src/resources/admin/organization/usage.ts, `OrganizationUsageCompletionsResult`):
// `{ object: 'page', data: [{ object: 'bucket', start_time, end_time, results: [{ object:
// 'organization.usage.completions.result', input_tokens (cached and cache-write tokens included;
// text, audio and image), input_cached_tokens, input_cache_write_tokens, input_audio_tokens
// (uncached audio), input_cached_audio_tokens, input_image_tokens, output_tokens (text, audio and
// image), output_audio_tokens, output_image_tokens, num_model_requests, model, batch, project_id,
// user_id, api_key_id, service_tier }] }], has_more, next_page }`. `model` is null unless the
// export was grouped by model (`group_by=model`): such a row cannot be priced and is a problem.
//
// Anthropic usage report (GET /v1/organizations/usage_report/messages; `{ data: [{ starting_at,
// ending_at, results: [{ uncached_input_tokens, cache_read_input_tokens, cache_creation: {
// ephemeral_1h_input_tokens, ephemeral_5m_input_tokens }, output_tokens, server_tool_use: {
// web_search_requests }, model, service_tier, context_window, workspace_id, api_key_id,
// inference_geo?, speed? }] }], has_more, next_page }`; the service tiers and `context_window`
// values `'0-200k' | '200k-1M'` as in @anthropic-ai/sdk 1.x resources/beta/organization/analytics).
// Anthropic reports the input in parts: the whole input is uncached + cache reads + both cache
// writes. `context_window` says whether the long-context price applied to the row's requests.
import type { Usage } from '../../estimate/usage.js';
import type { ServiceTier } from '../../pricing/schema.js';
import type { UsageRecord } from '../record.js';
import { atOf, atOfMs, checkParts, countOf, fail, isRecord, modelOf, shown, sumCounts, type Fields } from './common.js';
import type { ReadContext } from './context.js';

function setTag(tags: Record<string, string>, key: string, value: unknown): void {
  if (typeof value === 'string' && value !== '') tags[key] = value;
  else if (typeof value === 'number' || typeof value === 'boolean') tags[key] = String(value);
}

function buckets(document: unknown, what: string): unknown[] {
  if (!isRecord(document) || !Array.isArray(document['data'])) return fail(`${what} is an object with a data list of buckets; got ${isRecord(document) ? `keys ${Object.keys(document).slice(0, 8).join(', ')}` : shown(document)}.`);
  return document['data'] as unknown[];
}

const OPENAI_TIERS: Readonly<Record<string, ServiceTier>> = { default: 'standard', standard: 'standard', flex: 'flex', priority: 'priority', batch: 'batch' };

function openAiResult(result: Fields, at: string, line: number, context: ReadContext): UsageRecord {
  const model = result['model'] === null || result['model'] === undefined ? fail('the row has no model: export the usage grouped by model (group_by=model) so that each row can be priced.') : modelOf(result['model'], 'model');
  const count = (key: string, required = false): number => countOf(result[key], key, required) ?? 0;
  const inputTokens = count('input_tokens', true);
  const outputTokens = count('output_tokens', true);
  const outputAudio = count('output_audio_tokens');
  const outputImages = count('output_image_tokens');
  if (outputAudio > 0 || outputImages > 0) fail(`the row has ${outputAudio} audio and ${outputImages} image output tokens, billed at prices the table does not have per model; price them apart.`, 'invalid-usage', model);
  const usage: { -readonly [K in keyof Usage]: Usage[K] } = { inputTokens, outputTokens };
  const parts: Array<[keyof Usage, string]> = [
    ['cachedInputTokens', 'input_cached_tokens'],
    ['cacheWriteTokens', 'input_cache_write_tokens'],
    ['audioInputTokens', 'input_audio_tokens'],
    ['cachedAudioInputTokens', 'input_cached_audio_tokens'],
    ['imageInputTokens', 'input_image_tokens'],
  ];
  for (const [part, key] of parts) {
    const value = count(key);
    if (value > 0) usage[part] = value;
  }
  checkParts(usage);
  const batch = result['batch'];
  const tierText = result['service_tier'];
  let tier: ServiceTier | undefined = batch === true ? 'batch' : undefined;
  if (typeof tierText === 'string' && tierText !== '') {
    const mapped = OPENAI_TIERS[tierText];
    if (mapped === undefined) fail(`service_tier ${JSON.stringify(tierText.slice(0, 40))} is not a tier llm-spend can price (default, flex, priority, batch).`, 'tier-unavailable', model);
    if (tier !== undefined && mapped !== tier) fail(`the row is batch and also service_tier ${JSON.stringify(tierText)}.`, 'tier-unavailable', model);
    tier = mapped;
  }
  const tags: Record<string, string> = {};
  setTag(tags, 'project_id', result['project_id']);
  setTag(tags, 'api_key_id', result['api_key_id']);
  setTag(tags, 'user_id', result['user_id']);
  const record: { -readonly [K in keyof UsageRecord]: UsageRecord[K] } = { at, model, usage, calls: count('num_model_requests', true), aggregate: true, tags, origin: context.origin(line) };
  if (tier !== undefined) record.tier = tier;
  return record;
}

/** Reads one page of the OpenAI completions usage API. */
export function openAiUsageDocument(context: ReadContext): (document: unknown, line: number) => void {
  return (document, line) => {
    for (const bucket of buckets(document, 'an OpenAI usage page')) {
      try {
        if (!isRecord(bucket)) fail(`a bucket must be an object; got ${shown(bucket)}.`);
        const start = bucket['start_time'];
        if (typeof start !== 'number' || !Number.isSafeInteger(start)) fail(`start_time must be Unix seconds; got ${shown(start)}.`);
        const at = atOfMs((start as number) * 1000, 'start_time', start);
        const results = bucket['results'];
        if (!Array.isArray(results)) fail(`results must be a list; got ${shown(results)}.`);
        for (const result of results as unknown[]) {
          try {
            if (!isRecord(result)) fail(`a result must be an object; got ${shown(result)}.`);
            const object = result['object'];
            if (object !== undefined && object !== 'organization.usage.completions.result') {
              context.skip(`usage result of another kind (${String(object).slice(0, 60)})`);
              continue;
            }
            const record = openAiResult(result, at, line, context);
            context.records += 1;
            context.emit({ ok: true, record });
          } catch (error) {
            context.problem(line, error);
          }
        }
      } catch (error) {
        context.problem(line, error);
      }
    }
  };
}

const ANTHROPIC_TIERS: Readonly<Record<string, ServiceTier>> = { standard: 'standard', batch: 'batch', priority: 'priority', priority_on_demand: 'priority', flex: 'flex' };

function anthropicResult(result: Fields, at: string, line: number, context: ReadContext): UsageRecord {
  const model = modelOf(result['model'], 'model (export the report grouped by model)');
  const count = (fields: Fields, key: string, path: string, required = false): number => countOf(fields[key], path, required) ?? 0;
  const uncached = count(result, 'uncached_input_tokens', 'uncached_input_tokens', true);
  const reads = count(result, 'cache_read_input_tokens', 'cache_read_input_tokens');
  const creation = result['cache_creation'];
  if (creation !== undefined && creation !== null && !isRecord(creation)) fail(`cache_creation must be an object; got ${shown(creation)}.`);
  const writes5m = isRecord(creation) ? count(creation, 'ephemeral_5m_input_tokens', 'cache_creation.ephemeral_5m_input_tokens') : 0;
  const writes1h = isRecord(creation) ? count(creation, 'ephemeral_1h_input_tokens', 'cache_creation.ephemeral_1h_input_tokens') : 0;
  const outputTokens = count(result, 'output_tokens', 'output_tokens', true);
  const tools = result['server_tool_use'];
  const searches = isRecord(tools) ? count(tools, 'web_search_requests', 'server_tool_use.web_search_requests') : 0;
  const usage: { -readonly [K in keyof Usage]: Usage[K] } = { inputTokens: sumCounts('the input (uncached + cache reads + cache writes)', uncached, reads, writes5m, writes1h), outputTokens };
  if (reads > 0) usage.cachedInputTokens = reads;
  if (writes5m > 0) usage.cacheWriteTokens = writes5m;
  if (writes1h > 0) usage.cacheWrite1hTokens = writes1h;
  if (searches > 0) usage.webSearchCalls = searches;
  const speed = result['speed'];
  if (typeof speed === 'string' && speed !== 'standard') fail(`speed is ${JSON.stringify(speed.slice(0, 40))}: Anthropic's fast mode is priced apart and the table has no such price.`, 'tier-unavailable', model);
  const tierText = result['service_tier'];
  let tier: ServiceTier | undefined;
  if (typeof tierText === 'string' && tierText !== '') {
    tier = ANTHROPIC_TIERS[tierText];
    if (tier === undefined) fail(`service_tier ${JSON.stringify(tierText.slice(0, 40))} is not a tier llm-spend can price (standard, batch, priority, flex).`, 'tier-unavailable', model);
  }
  const tags: Record<string, string> = {};
  setTag(tags, 'workspace_id', result['workspace_id']);
  setTag(tags, 'api_key_id', result['api_key_id']);
  setTag(tags, 'inference_geo', result['inference_geo']);
  const requests = result['requests'];
  const record: { -readonly [K in keyof UsageRecord]: UsageRecord[K] } = {
    at,
    model,
    usage,
    // The messages usage report has no request count; the analytics variant's `requests` is used when present.
    calls: typeof requests === 'number' ? (countOf(requests, 'requests', true) ?? 0) : 0,
    aggregate: true,
    tags,
    origin: context.origin(line),
  };
  if (tier !== undefined) record.tier = tier;
  const band = result['context_window'];
  if (typeof band === 'string' && band !== '') record.contextWindow = band;
  return record;
}

/** Reads one page of the Anthropic usage report. */
export function anthropicUsageDocument(context: ReadContext): (document: unknown, line: number) => void {
  return (document, line) => {
    for (const bucket of buckets(document, 'an Anthropic usage report page')) {
      try {
        if (!isRecord(bucket)) fail(`a bucket must be an object; got ${shown(bucket)}.`);
        const at = atOf(bucket['starting_at'], 'starting_at');
        const results = bucket['results'];
        if (!Array.isArray(results)) fail(`results must be a list; got ${shown(results)}.`);
        for (const result of results as unknown[]) {
          try {
            if (!isRecord(result)) fail(`a result must be an object; got ${shown(result)}.`);
            const record = anthropicResult(result, at, line, context);
            context.records += 1;
            context.emit({ ok: true, record });
          } catch (error) {
            context.problem(line, error);
          }
        }
      } catch (error) {
        context.problem(line, error);
      }
    }
  };
}

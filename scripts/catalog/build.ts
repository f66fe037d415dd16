// The catalog build: `npm run catalog`.
//
// Reads the vendored public datasets (vendor/) and the hand-checked facts (./facts.ts),
// reconciles them by the rules of docs/catalog.md, and writes
//   src/pricing/data/models.ts     the bundled table (generated)
//   docs/catalog-conflicts.md      every conflict and every single-source figure (generated)
// The output depends only on the committed inputs (no clock, no network, sorted everywhere):
// test/catalog/build.test.ts runs buildCatalog() in-process and compares with the committed files.
//
// Money stays decimal: genai-prices gives USD per million tokens as JSON/YAML numbers, read
// through String(n); LiteLLM gives USD per token, read through String(n) and scaled by 10^6 in
// decimal.js. No binary float arithmetic touches a price.
import { readFileSync, writeFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { Dec } from '../../src/money/decimal.js';
import { pricingDataSchema, type Modality, type ModelEntryInput, type PricingData, type Source } from '../../src/pricing/schema.js';
import { genaiPricesExactNames, genaiPricesMatches, genaiPricesPeriods, type GenaiPricesModel, type GpPeriod, type GpPriceSet, type GpTier } from '../../src/pricing/convert/genai-prices.js';
import { ALIAS_FACTS, FACT_ENTRIES, LATENCY_FACTS, LIFECYCLE, LIMIT_FACTS, OMIT, OPENAI_LONG_CONTEXT, type FactEntry } from './facts.js';

const ROOT = new URL('../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, ROOT), 'utf8');

// ------------------------------------------------------------------ sources (dataset identities)
export const GP_REPO_DATE = '2026-08-21';
export const GP_NPM_DATE = '2026-09-23';
export const LL_DATE = '2026-08-01';
const GP_REPO_URL = (file: string): string => `https://github.com/pydantic/genai-prices/blob/47df840a5ab10bbcffb8e5ac01b9899032245d1b/prices/providers/${file}`;
const GP_NPM_URL = 'https://www.npmjs.com/package/@pydantic/genai-prices/v/0.1.8';
const LL_URL = 'https://github.com/Prajwalsrinvas/token-tariff/blob/77b8722619d64503658ecc85979802d678a5626c/model_prices_and_context_window.json';

interface ProviderConfig {
  readonly id: string; // llm-spend provider
  readonly host?: string;
  readonly gpFile: string;
  readonly gpNpm: string;
  readonly ll: readonly string[]; // litellm_provider values
  readonly llPrefixes: readonly string[]; // key prefixes stripped from LiteLLM keys
  readonly keep: (name: string) => boolean;
  readonly aliasPrefixes: readonly string[]; // prefixes users send that are not the provider id
}

// Not text generation (or not priced per token in a way llm-spend models): embeddings, speech,
// transcription, image/video generation, realtime/live audio, moderation, OCR, search-preview
// models (billed per search), legacy completions, free variants.
const NOT_TEXT = /embed|tts|transcri|whisper|dall-e|image|realtime|audio|moderation|ocr|sonic|live|voxtral|sora|speech|search|computer-use|:free|babbage|davinci|instruct(?!-v)|container|gpt-oss|aqa|learnlm|gemma|veo|imagen|lyria|robotics|nano-banana|diffusion|ft:|\.ft-|:extended|^(?:ada|curie)$/i;

const PROVIDERS: readonly ProviderConfig[] = [
  { id: 'openai', gpFile: 'openai.yml', gpNpm: 'openai', ll: ['openai'], llPrefixes: ['openai/'], keep: () => true, aliasPrefixes: [] },
  { id: 'anthropic', gpFile: 'anthropic.yml', gpNpm: 'anthropic', ll: ['anthropic'], llPrefixes: ['anthropic/'], keep: (name) => name.startsWith('claude-'), aliasPrefixes: [] },
  { id: 'google', gpFile: 'google.yml', gpNpm: 'google', ll: ['gemini'], llPrefixes: ['gemini/'], keep: (name) => name.startsWith('gemini-'), aliasPrefixes: ['gemini'] },
  { id: 'mistral', gpFile: 'mistral.yml', gpNpm: 'mistral', ll: ['mistral'], llPrefixes: ['mistral/'], keep: () => true, aliasPrefixes: [] },
  { id: 'deepseek', gpFile: 'deepseek.yml', gpNpm: 'deepseek', ll: ['deepseek'], llPrefixes: ['deepseek/'], keep: (name) => name.startsWith('deepseek-'), aliasPrefixes: [] },
  { id: 'xai', gpFile: 'x_ai.yml', gpNpm: 'x-ai', ll: ['xai'], llPrefixes: ['xai/'], keep: (name) => name.startsWith('grok-'), aliasPrefixes: ['x-ai'] },
  { id: 'cohere', gpFile: 'cohere.yml', gpNpm: 'cohere', ll: ['cohere_chat', 'cohere'], llPrefixes: ['cohere_chat/', 'cohere/'], keep: (name) => name.startsWith('command'), aliasPrefixes: [] },
  {
    id: 'amazon',
    host: 'bedrock',
    gpFile: 'aws.yml',
    gpNpm: 'aws',
    ll: ['bedrock_converse', 'bedrock', 'amazon_nova'],
    llPrefixes: ['bedrock/', 'amazon_nova/'],
    keep: (name) => /^(?:global\.|regional\.)?amazon\.nova-(?:micro|lite|pro|premier|2-lite)/.test(name),
    aliasPrefixes: [],
  },
];

// ------------------------------------------------------------------ raw inputs
type Raw = Record<string, unknown>;
type GpModel = GenaiPricesModel;
type LlEntry = Record<string, unknown> & { litellm_provider?: string; mode?: string };

export interface Inputs {
  readonly gpRepo: Readonly<Record<string, readonly GpModel[]>>;
  readonly gpNpm: Readonly<Record<string, readonly GpModel[]>>;
  readonly litellm: Readonly<Record<string, LlEntry>>;
}

export function readInputs(): Inputs {
  const gpRepo: Record<string, GpModel[]> = {};
  for (const provider of PROVIDERS) gpRepo[provider.gpFile] = (parseYaml(read(`vendor/genai-prices-2026-08-21/${provider.gpFile}`)) as { models: GpModel[] }).models;
  const npm = JSON.parse(read('vendor/genai-prices-npm-0.1.8/providers.json')) as { providers: Array<{ id: string; models: GpModel[] }> };
  const gpNpm: Record<string, GpModel[]> = {};
  for (const provider of npm.providers) gpNpm[provider.id] = provider.models;
  const litellm = JSON.parse(read('vendor/litellm-2026-08-01/model_prices_and_context_window.json')) as Record<string, LlEntry>;
  return { gpRepo, gpNpm, litellm };
}

// ------------------------------------------------------------------ decimal helpers
function dec(value: unknown): string | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  const text = String(value);
  const parsed = new Dec(text);
  if (!parsed.isFinite() || parsed.isNegative() || parsed.isZero()) return undefined; // a zero price is "not billed", never bundled as $0
  return parsed.toFixed();
}
const perToken = (value: unknown): string | undefined => {
  const text = dec(value);
  return text === undefined ? undefined : new Dec(text).times(1_000_000).toFixed();
};
const same = (a: string | undefined, b: string | undefined): boolean => a === b || (a !== undefined && b !== undefined && new Dec(a).eq(b));
const half = (value: string): string => new Dec(value).div(2).toFixed();

// genai-prices matching, prices, tiers and periods: src/pricing/convert/genai-prices.ts (one implementation
// for the build and the converter).
const matches = genaiPricesMatches;
const equalsNames = genaiPricesExactNames;

// ------------------------------------------------------------------ price sets
type PriceSet = GpPriceSet;
type Tier = GpTier;
const PRICE_KEYS = ['inputPerMillion', 'cachedInputPerMillion', 'cacheWritePerMillion', 'cacheWrite1hPerMillion', 'outputPerMillion', 'audioInputPerMillion', 'cachedAudioInputPerMillion'] as const;
const COMPARED = ['inputPerMillion', 'cachedInputPerMillion', 'cacheWritePerMillion', 'outputPerMillion'] as const;
function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const gpPeriods = (model: GpModel): GpPeriod[] => genaiPricesPeriods(model);

/** A LiteLLM entry → standard/batch/flex/priority tiers, USD per million tokens. */
function llTiers(entry: LlEntry): Partial<Record<'standard' | 'batch' | 'flex' | 'priority', Tier>> {
  const fields: Array<[(typeof PRICE_KEYS)[number], string]> = [
    ['inputPerMillion', 'input_cost_per_token'],
    ['cachedInputPerMillion', 'cache_read_input_token_cost'],
    ['cacheWritePerMillion', 'cache_creation_input_token_cost'],
    ['cacheWrite1hPerMillion', 'cache_creation_input_token_cost_above_1hr'],
    ['outputPerMillion', 'output_cost_per_token'],
    ['audioInputPerMillion', 'input_cost_per_audio_token'],
  ];
  const result: Partial<Record<'standard' | 'batch' | 'flex' | 'priority', Tier>> = {};
  for (const [tier, suffix] of [['standard', ''], ['batch', '_batches'], ['flex', '_flex'], ['priority', '_priority']] as const) {
    const set: Tier = clean(Object.fromEntries(fields.map(([field, key]) => [field, perToken(entry[`${key}${suffix}`])])));
    if (set.inputPerMillion === undefined || set.outputPerMillion === undefined) continue;
    if (tier === 'standard') {
      const thresholds = new Set<number>();
      for (const key of Object.keys(entry)) {
        const found = /^(?:input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost)_above_(\d+)k_tokens$/.exec(key);
        if (found?.[1] !== undefined) thresholds.add(Number(found[1]) * 1000);
      }
      const long = [...thresholds].sort((a, b) => a - b).map((threshold) => {
        const k = `_above_${threshold / 1000}k_tokens`;
        const prices: PriceSet = clean({
          ...set,
          ...clean(Object.fromEntries(fields.map(([field, key]) => [field, perToken(entry[`${key}${k}`])]))),
          cacheWrite1hPerMillion: perToken(entry[`cache_creation_input_token_cost_above_1hr${k}`]) ?? set.cacheWrite1hPerMillion,
        });
        // LiteLLM's "above N tokens" is exclusive: the first long-context token is N + 1.
        return { fromInputTokens: threshold + 1, prices };
      });
      if (long.length > 0) set.longContext = long;
    }
    result[tier] = set;
  }
  return result;
}

const showSet = (set: PriceSet | undefined): string =>
  set === undefined ? '—' : `${set.inputPerMillion ?? '—'} / ${set.cachedInputPerMillion ?? '—'} / ${set.outputPerMillion ?? '—'}${set.cacheWritePerMillion !== undefined ? ` (write ${set.cacheWritePerMillion})` : ''}`;
function sameSet(a: PriceSet, b: PriceSet): boolean {
  return COMPARED.every((key) => a[key] === undefined || b[key] === undefined || same(a[key], b[key]));
}
function differing(a: PriceSet, b: PriceSet): string[] {
  return COMPARED.filter((key) => a[key] !== undefined && b[key] !== undefined && !same(a[key], b[key]));
}

// ------------------------------------------------------------------ report
interface Report {
  readonly conflicts: Array<{ model: string; field: string; gp: string; ll: string; chosen: string; rule: string }>;
  readonly history: Array<{ model: string; text: string }>;
  readonly singleSource: Array<{ model: string; what: string; source: string }>;
  readonly dropped: Array<{ name: string; why: string }>;
}

// ------------------------------------------------------------------ the build
// The build assembles entries field by field: the written type, writable.
type Writable<T> = { -readonly [K in keyof T]: T[K] };
type Entry = Writable<Omit<ModelEntryInput, 'prices' | 'aliases'>> & { id: string; aliases: string[]; prices: Array<Record<string, unknown>> };

interface LlName {
  readonly key: string;
  readonly name: string;
  readonly entry: LlEntry;
}

function gpSource(provider: ProviderConfig, npmModel: GpModel, repoModel: GpModel | undefined, latest: GpPeriod): { source: Source; date: string } {
  const repoLatest = repoModel === undefined ? undefined : gpPeriods(repoModel).at(-1);
  const unchanged = repoLatest !== undefined && JSON.stringify(repoLatest) === JSON.stringify(latest);
  if (unchanged && repoModel?.prices_checked !== undefined) {
    const date = String(repoModel.prices_checked);
    return { source: { url: GP_REPO_URL(provider.gpFile), checkedAt: date, note: `genai-prices ${npmModel.id}: prices_checked ${date}; unchanged in the npm package 0.1.8` }, date };
  }
  const why = repoModel === undefined ? 'not in the 2026-08-21 repository data' : unchanged ? 'no prices_checked date' : 'changed after the 2026-08-21 repository data';
  return { source: { url: GP_NPM_URL, checkedAt: GP_NPM_DATE, note: `genai-prices ${npmModel.id} (npm 0.1.8, published ${GP_NPM_DATE}; ${why})` }, date: GP_NPM_DATE };
}
const llSource = (key: string, note?: string): Source => ({ url: LL_URL, checkedAt: LL_DATE, note: `LiteLLM ${key}${note === undefined ? '' : `; ${note}`}` });

function modalitiesOf(entry: LlEntry | undefined): { input: Modality[]; output: Modality[] } {
  const input: Modality[] = ['text'];
  if (entry?.['supports_vision'] === true) input.push('image');
  if (entry?.['supports_audio_input'] === true) input.push('audio');
  if (entry?.['supports_video_input'] === true) input.push('video');
  if (entry?.['supports_pdf_input'] === true) input.push('pdf');
  return { input, output: ['text'] };
}

function limitsOf(gpContext: number | undefined, ll: LlEntry | undefined): { contextWindow?: number; maxInputTokens?: number; maxOutputTokens?: number } {
  const llIn = typeof ll?.['max_input_tokens'] === 'number' ? (ll['max_input_tokens'] as number) : undefined;
  const llOut = typeof ll?.['max_output_tokens'] === 'number' ? (ll['max_output_tokens'] as number) : undefined;
  // Without a genai-prices window, LiteLLM's max_input_tokens is read as the context window.
  let context = gpContext ?? llIn;
  // genai-prices rounds some windows (1,000,000 for 1,048,576): LiteLLM's exact figure within 5% above wins.
  if (context !== undefined && llIn !== undefined && llIn > context && llIn <= context * 1.05) context = llIn;
  const limits: { contextWindow?: number; maxInputTokens?: number; maxOutputTokens?: number } = {};
  if (context !== undefined) limits.contextWindow = context;
  if (llIn !== undefined && (context === undefined ? true : llIn < context)) limits.maxInputTokens = llIn;
  if (llOut !== undefined && llOut !== llIn && (context === undefined || llOut < context)) limits.maxOutputTokens = llOut;
  if (context !== undefined && limits.maxInputTokens !== undefined && limits.maxOutputTokens !== undefined && limits.maxInputTokens + limits.maxOutputTokens > context && limits.maxInputTokens >= context) delete limits.maxInputTokens;
  return limits;
}

function openAiCacheWrites(tier: Tier | PriceSet): void {
  // OpenAI bills cache writes at the plain input price (prompt caching guide: "no additional fees").
  if (tier.cachedInputPerMillion !== undefined && tier.cacheWritePerMillion === undefined && tier.inputPerMillion !== undefined) tier.cacheWritePerMillion = tier.inputPerMillion;
  if ('longContext' in tier && tier.longContext !== undefined) for (const long of tier.longContext) openAiCacheWrites(long.prices);
}

const OAI_CACHE_SOURCE: Source = { url: 'https://developers.openai.com/api/docs/guides/prompt-caching', checkedAt: '2026-06-27', note: 'cache writes cost the plain input price ("no additional fees"), where no dataset lists a write price' };

export interface CatalogOutput {
  readonly files: Readonly<Record<string, string>>;
  readonly counts: Readonly<Record<string, number>>;
}

export function buildCatalog(inputs: Inputs = readInputs()): CatalogOutput {
  const report: Report = { conflicts: [], history: [], singleSource: [], dropped: [] };
  const entries: Entry[] = [];
  const factById = new Map(FACT_ENTRIES.map((fact) => [fact.id, fact] as const));
  const aliasClaims = new Map(ALIAS_FACTS.map((claim) => [claim.name, claim] as const));
  const omitted = (model: string, tier: string): boolean => OMIT.some((item) => item.model === model && item.tier === tier);
  const usedFacts = new Set<string>();
  const threshold272: string[] = [];

  for (const provider of PROVIDERS) {
    const npmModels = (inputs.gpNpm[provider.gpNpm] ?? []).filter((model) => provider.keep(model.id) && !NOT_TEXT.test(model.id));
    const repoModels = new Map((inputs.gpRepo[provider.gpFile] ?? []).map((model) => [model.id, model] as const));
    // LiteLLM names of this provider (text generation, per-token prices).
    const llNames: LlName[] = [];
    const extraKeys = new Map<string, string[]>(); // the same name under a second key (with and without a prefix)
    for (const [key, entry] of Object.entries(inputs.litellm).sort(([a], [b]) => a.localeCompare(b))) {
      if (!provider.ll.includes(String(entry.litellm_provider)) || (entry.mode !== 'chat' && entry.mode !== 'responses')) continue;
      let name = key;
      for (const prefix of provider.llPrefixes) if (name.startsWith(prefix)) name = name.slice(prefix.length);
      if (!provider.keep(name) || NOT_TEXT.test(name) || name.includes('/')) continue;
      if (perToken(entry['input_cost_per_token']) === undefined || perToken(entry['output_cost_per_token']) === undefined) continue;
      const twin = llNames.find((other) => other.name === name);
      if (twin !== undefined) extraKeys.set(name, [...(extraKeys.get(name) ?? []), key]);
      else llNames.push({ key, name, entry });
    }
    // Each LiteLLM name goes to the first genai-prices model whose match rule accepts it.
    const byGp = new Map<string, LlName[]>();
    const llOnly: LlName[] = [];
    const allNpm = inputs.gpNpm[provider.gpNpm] ?? [];
    for (const ll of llNames) {
      const gp = allNpm.find((model) => matches(model.match, ll.name));
      if (gp === undefined) llOnly.push(ll);
      else if (npmModels.includes(gp)) byGp.set(gp.id, [...(byGp.get(gp.id) ?? []), ll]);
      else report.dropped.push({ name: ll.key, why: `genai-prices files it under ${gp.id}, which is not a text-generation model` });
    }

    // ---- models genai-prices prices (and LiteLLM, where it has them)
    for (const npmModel of npmModels) {
      const claim = aliasClaims.get(npmModel.id);
      if (claim !== undefined) {
        const names = (byGp.get(npmModel.id) ?? []).map((ll) => ll.key);
        report.dropped.push({ name: npmModel.id, why: `the fact sheet assigns the name to ${claim.id}; genai-prices prices it ${showSet(gpPeriods(npmModel).at(-1)?.standard)}${names.length > 0 ? `, LiteLLM (${names.join(', ')}) ${showSet(llTiers(byGp.get(npmModel.id)?.[0]?.entry ?? {}).standard)}` : ''}: both price the older model` });
        continue;
      }
      const periods = gpPeriods(npmModel);
      const latest = periods.at(-1);
      if (latest?.standard.inputPerMillion === undefined || latest.standard.outputPerMillion === undefined) continue;
      const matched = byGp.get(npmModel.id) ?? [];
      const canonical =
        matched.find((ll) => ll.name === npmModel.id) ??
        matched.find((ll) => equalsNames(npmModel.match).includes(ll.name)) ??
        matched.find((ll) => { const std = llTiers(ll.entry).standard; return std !== undefined && periods.some((period) => sameSet(period.standard, std)); }) ??
        [...matched].sort((a, b) => a.name.length - b.name.length || a.name.localeCompare(b.name))[0];
      const { source: gpSrc, date: gpDate } = gpSource(provider, npmModel, repoModels.get(npmModel.id), latest);
      const id = npmModel.id;
      const fact = factById.get(id) ?? FACT_ENTRIES.find((candidate) => candidate.provider === provider.id && candidate.aliases?.some((alias) => matches(npmModel.match, alias)) === true && matches(npmModel.match, candidate.id));
      const ll = canonical === undefined ? undefined : llTiers(canonical.entry);
      const entryId = fact?.id ?? id;
      if (fact !== undefined) usedFacts.add(fact.id);

      // Periods: genai-prices' dated history, reconciled with LiteLLM.
      let outPeriods: Array<Record<string, unknown>>;
      const conflicts: string[] = [];
      const notes: string[] = [];
      if (fact !== undefined) {
        outPeriods = fact.prices.map((period) => ({ ...period, sources: [...period.sources] }));
        const factLatest = outPeriods.at(-1) as { standard: Tier; sources: Source[] };
        for (const [label, set, source] of [
          ['genai-prices', latest.standard, gpSrc],
          ...(ll?.standard !== undefined && canonical !== undefined ? ([['LiteLLM', ll.standard, llSource(canonical.key)]] as const) : []),
        ] as const) {
          const diff = differing(normalize(factLatest.standard), set);
          if (diff.length === 0) factLatest.sources.push(source);
          else {
            const text = `${label} (${source.checkedAt}) prices ${diff.join(', ')} at ${showSet(set)}; the fact sheet's ${showSet(normalize(factLatest.standard))} is kept (rule 1)`;
            conflicts.push(text);
            report.conflicts.push({ model: entryId, field: diff.join(', '), gp: label === 'genai-prices' ? showSet(set) : showSet(latest.standard), ll: label === 'LiteLLM' ? showSet(set) : showSet(ll?.standard), chosen: `fact sheet ${showSet(normalize(factLatest.standard))}`, rule: 'rule 1: the fact sheet beats the datasets' });
          }
        }
      } else {
        outPeriods = periods.map((period, index) => {
          const next = periods[index + 1];
          const tier: Tier = structuredClone(period.standard);
          const out: Record<string, unknown> = { standard: tier, sources: [index === periods.length - 1 ? gpSrc : { ...gpSrc, note: `${gpSrc.note ?? ''}; the price before ${next?.from ?? ''}` }] };
          if (period.from !== undefined) out['from'] = period.from;
          if (period.webSearch !== undefined) out['fees'] = { webSearchPerThousandCalls: period.webSearch };
          if (period.offPeak !== undefined && period.peakHoursUtc !== undefined) {
            out['offPeak'] = { peakHoursUtc: period.peakHoursUtc.map((window) => ({ ...window })), standard: structuredClone(period.offPeak) };
            notes.push(
              `Hour-of-day pricing: peak ${period.peakHoursUtc.map((window) => `${window.fromUtc}–${window.untilUtc}`).join(' and ')} UTC, off-peak (${showSet(period.offPeak)}) the rest of the day; ` +
                'a call priced without a time of day pays the peak price (an upper bound). DeepSeek also bills off-peak all day at weekends (Beijing time) since 2026-08-23, which is not modelled: weekend calls are priced as an upper bound.',
            );
          }
          return out;
        });
        if (periods.length > 1) report.history.push({ model: entryId, text: periods.map((period) => `${period.from ?? 'before'}: ${showSet(period.standard)}`).join('; ') });
        if (ll?.standard !== undefined && canonical !== undefined) {
          const llStd = ll.standard;
          const newest = outPeriods.at(-1) as { standard: Tier; sources: Source[]; from?: string };
          if (sameSet(latest.standard, llStd)) {
            newest.sources.push(llSource(canonical.key));
            // A figure only LiteLLM gives joins the set, unless a long-context tier would then lack it.
            for (const key of newest.standard.longContext === undefined ? PRICE_KEYS : []) {
              if (newest.standard[key] === undefined && llStd[key] !== undefined) {
                newest.standard[key] = llStd[key];
                report.singleSource.push({ model: entryId, what: `standard ${key} ${llStd[key] ?? ''}`, source: `LiteLLM ${canonical.key}` });
              }
            }
          } else {
            const earlier = periods.findIndex((period, index) => index < periods.length - 1 && sameSet(period.standard, llStd));
            if (earlier >= 0) {
              (outPeriods[earlier] as { sources: Source[] }).sources.push(llSource(canonical.key, `its figure predates the change of ${latest.from ?? ''}`));
              report.history.push({ model: entryId, text: `LiteLLM (${LL_DATE}) still has the earlier price ${showSet(llStd)}: rule 2, the dated change of ${latest.from ?? ''} wins` });
            } else {
              const gpWhen = latest.from !== undefined && latest.from > gpDate ? latest.from : gpDate;
              const diff = differing(latest.standard, llStd).join(', ');
              if (LL_DATE > gpWhen) {
                const tier: Tier = structuredClone(llStd);
                outPeriods = [{ standard: tier, sources: [llSource(canonical.key, 'newer than genai-prices\' check')] }];
                conflicts.push(`genai-prices (checked ${gpWhen}) prices ${diff} at ${showSet(latest.standard)}; LiteLLM (${LL_DATE}) is newer and wins: ${showSet(llStd)} (rule 3)`);
                report.conflicts.push({ model: entryId, field: diff, gp: `${showSet(latest.standard)} (${gpWhen})`, ll: `${showSet(llStd)} (${LL_DATE})`, chosen: 'LiteLLM', rule: 'rule 3: newer source wins' });
              } else {
                conflicts.push(`LiteLLM (${LL_DATE}) prices ${diff} at ${showSet(llStd)}; genai-prices (${gpWhen}) is newer and wins: ${showSet(latest.standard)} (rule 3)`);
                report.conflicts.push({ model: entryId, field: diff, gp: `${showSet(latest.standard)} (${gpWhen})`, ll: `${showSet(llStd)} (${LL_DATE})`, chosen: 'genai-prices', rule: 'rule 3: newer source wins' });
              }
            }
          }
        } else {
          report.singleSource.push({ model: entryId, what: `all prices ${showSet(latest.standard)}`, source: 'genai-prices only' });
        }
        // Service tiers: LiteLLM only (genai-prices has none).
        const newest = outPeriods.at(-1) as Record<string, unknown>;
        for (const tierName of ['batch', 'flex', 'priority'] as const) {
          const tier = ll?.[tierName];
          if (tier === undefined || canonical === undefined) continue;
          if (omitted(entryId, tierName)) continue;
          newest[tierName] = { ...tier, source: llSource(canonical.key, `${tierName} prices (single source)`) };
          report.singleSource.push({ model: entryId, what: `${tierName} ${showSet(tier)}`, source: `LiteLLM ${canonical.key}` });
        }
        if (provider.id === 'openai') {
          let added = false;
          for (const period of outPeriods) {
            for (const tierName of ['standard', 'batch', 'flex', 'priority'] as const) {
              const tier = period[tierName] as Tier | undefined;
              if (tier === undefined) continue;
              const before = tier.cacheWritePerMillion;
              openAiCacheWrites(tier);
              if (before === undefined && tier.cacheWritePerMillion !== undefined) added = true;
            }
          }
          if (added) (outPeriods.at(-1) as { sources: Source[] }).sources.push(OAI_CACHE_SOURCE);
        }
      }
      // OpenAI ">272K": every tier at that threshold starts at 272,001.
      if (provider.id === OPENAI_LONG_CONTEXT.provider) {
        for (const period of outPeriods) {
          for (const tierName of ['standard', 'batch', 'flex', 'priority', 'regional'] as const) {
            const tier = period[tierName] as Tier | undefined;
            for (const long of tier?.longContext ?? []) {
              if (long.fromInputTokens === OPENAI_LONG_CONTEXT.threshold || long.fromInputTokens === OPENAI_LONG_CONTEXT.fromInputTokens) {
                if (long.fromInputTokens !== OPENAI_LONG_CONTEXT.fromInputTokens && !threshold272.includes(entryId)) threshold272.push(entryId);
                long.fromInputTokens = OPENAI_LONG_CONTEXT.fromInputTokens;
              }
            }
          }
        }
      }

      const limits = fact !== undefined ? {} : limitsOf(npmModel.context_window, canonical?.entry);
      const base: Entry = fact !== undefined ? factEntry(fact) : ({ id: entryId, provider: provider.id, displayName: npmModel.name, aliases: [], modalities: modalitiesOf(canonical?.entry), reasoning: canonical?.entry['supports_reasoning'] === true, prices: [] } as Entry);
      if (provider.host !== undefined && fact === undefined) base.host = provider.host;
      const entry: Entry = { ...base, ...limits, prices: outPeriods };
      if (fact === undefined && canonical === undefined) notes.push('Modalities and reasoning support are not given by any bundled dataset: text only and no reasoning are assumed.');
      // Context conflicts between the datasets (not rounding).
      const llIn = canonical?.entry['max_input_tokens'];
      if (fact === undefined && typeof llIn === 'number' && npmModel.context_window !== undefined && llIn > npmModel.context_window * 1.05) {
        const text = `context: genai-prices ${npmModel.context_window} (${gpDate}), LiteLLM max input ${llIn} (${LL_DATE})`;
        const limitFact = LIMIT_FACTS[entryId];
        if (limitFact === undefined && LL_DATE > gpDate) {
          entry.contextWindow = llIn;
          conflicts.push(`${text}: LiteLLM is newer and wins (rule 3)`);
          report.conflicts.push({ model: entryId, field: 'context', gp: String(npmModel.context_window), ll: String(llIn), chosen: 'LiteLLM', rule: 'rule 3: newer source wins' });
        } else {
          conflicts.push(`${text}: ${limitFact !== undefined ? 'the dataset review settles it' : 'genai-prices is newer and wins'}`);
          report.conflicts.push({ model: entryId, field: 'context', gp: String(npmModel.context_window), ll: String(llIn), chosen: limitFact !== undefined ? 'fact (review)' : 'genai-prices', rule: limitFact !== undefined ? 'rule 1' : 'rule 3: newer source wins' });
        }
      }
      const limitFact = LIMIT_FACTS[entryId];
      if (limitFact !== undefined) {
        const { source, ...figures } = limitFact;
        Object.assign(entry, figures);
        if (entry.maxInputTokens !== undefined && entry.contextWindow !== undefined && entry.maxInputTokens > entry.contextWindow) delete entry.maxInputTokens;
        notes.push(`Limits from ${source.url}: ${source.note ?? ''}`);
      }
      // Names: genai-prices' exact match names, LiteLLM keys with the same prices.
      const finalStd = (outPeriods.at(-1) as { standard: Tier }).standard;
      for (const name of equalsNames(npmModel.match)) entry.aliases.push(name);
      for (const llName of matched) {
        const prices = llTiers(llName.entry).standard;
        if (prices !== undefined && sameSet(normalize(finalStd), prices)) {
          entry.aliases.push(llName.name, llName.key, ...(extraKeys.get(llName.name) ?? []));
        } else report.dropped.push({ name: llName.key, why: `genai-prices files it under ${entryId}, but LiteLLM prices it ${showSet(prices)} against ${showSet(normalize(finalStd))}: not aliased` });
      }
      if (npmModel.deprecated === true && entry.status === undefined) {
        entry.status = 'deprecated';
        entry.statusNote = 'genai-prices marks it deprecated';
      }
      if (conflicts.length > 0) entry.conflicts = [...(entry.conflicts ?? []), ...conflicts];
      if (notes.length > 0) entry.notes = [...(entry.notes ?? []), ...notes];
      const llDeprecation = canonical?.entry['deprecation_date'];
      if (typeof llDeprecation === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(llDeprecation)) {
        entry.lifecycle = { shutdownAt: { date: llDeprecation, source: llSource(canonical?.key ?? '', 'deprecation_date (single source)') } };
      }
      entries.push(entry);
    }

    // ---- models only LiteLLM prices: one entry per name, dated snapshots with equal prices folded in
    const groups = new Map<string, LlName[]>();
    for (const ll of llOnly) {
      const base = ll.name.replace(/-(?:20\d{2}-?\d{2}-?\d{2}|\d{4}|latest)$/, '');
      groups.set(base, [...(groups.get(base) ?? []), ll]);
    }
    for (const [base, names] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const rest = [...names].sort((a, b) => (a.name === base ? -1 : b.name === base ? 1 : a.name.localeCompare(b.name)));
      while (rest.length > 0) {
        const head = rest.shift() as LlName;
        const tiers = llTiers(head.entry);
        const standard = tiers.standard;
        if (standard === undefined) continue;
        const folded = rest.filter((other) => {
          const prices = llTiers(other.entry).standard;
          return prices !== undefined && sameSet(standard, prices) && sameSet(prices, standard);
        });
        for (const other of folded) rest.splice(rest.indexOf(other), 1);
        const claim = aliasClaims.get(head.name);
        if (claim !== undefined) {
          report.dropped.push({ name: head.key, why: `the fact sheet assigns the name to ${claim.id}; LiteLLM prices it ${showSet(standard)}` });
          continue;
        }
        const fact = factById.get(head.name);
        const period: Record<string, unknown> = { standard: structuredClone(standard), sources: [llSource(head.key)] };
        for (const tierName of ['batch', 'flex', 'priority'] as const) {
          const tier = tiers[tierName];
          if (tier === undefined || omitted(head.name, tierName)) continue;
          period[tierName] = { ...tier, source: llSource(head.key, `${tierName} prices (single source)`) };
        }
        if (provider.id === 'openai') {
          for (const tierName of ['standard', 'batch', 'flex', 'priority'] as const) if (period[tierName] !== undefined) openAiCacheWrites(period[tierName] as Tier);
          (period['sources'] as Source[]).push(OAI_CACHE_SOURCE);
        }
        if (fact !== undefined) {
          usedFacts.add(fact.id);
          const entry = factEntry(fact);
          const factLatest = entry.prices.at(-1) as { standard: Tier; sources: Source[] };
          if (differing(normalize(factLatest.standard), standard).length === 0) factLatest.sources.push(llSource(head.key));
          else report.conflicts.push({ model: fact.id, field: differing(normalize(factLatest.standard), standard).join(', '), gp: '—', ll: showSet(standard), chosen: 'fact sheet', rule: 'rule 1' });
          entry.aliases.push(...[head, ...folded].flatMap((ll) => [ll.name, ll.key, ...(extraKeys.get(ll.name) ?? [])]));
          entries.push(entry);
          continue;
        }
        report.singleSource.push({ model: head.name, what: `all prices ${showSet(standard)}`, source: `LiteLLM ${head.key}` });
        const entry: Entry = {
          id: head.name,
          provider: provider.id,
          aliases: [...[head, ...folded].flatMap((ll) => [ll.name, ll.key, ...(extraKeys.get(ll.name) ?? [])])].filter((name) => name !== head.name),
          ...limitsOf(undefined, head.entry),
          modalities: modalitiesOf(head.entry),
          reasoning: head.entry['supports_reasoning'] === true,
          prices: [period],
        };
        if (provider.host !== undefined) entry.host = provider.host;
        const llDeprecation = head.entry['deprecation_date'];
        if (typeof llDeprecation === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(llDeprecation)) entry.lifecycle = { shutdownAt: { date: llDeprecation, source: llSource(head.key, 'deprecation_date (single source)') } };
        entries.push(entry);
      }
    }
  }

  // ---- Claude and Llama on Bedrock and Vertex, GPT on Azure: one entry per host (`<host>/<model>`)
  entries.push(...hostedEntries(inputs, report, entries));

  // ---- fact entries no dataset provider covers (hosted Llama 4, ...), cross-checked where the datasets have them
  for (const fact of FACT_ENTRIES) {
    if (usedFacts.has(fact.id)) continue;
    const entry = factEntry(fact);
    crossCheckHost(entry, inputs, report);
    entries.push(entry);
  }

  // ---- lifecycle facts (rule 1) and provider alias prefixes
  for (const life of LIFECYCLE) {
    const entry = entries.find((candidate) => candidate.id === life.id || candidate.aliases.includes(life.id));
    if (entry === undefined) throw new Error(`lifecycle fact for unknown model ${life.id}`);
    entry.lifecycle = clean({ deprecatedAt: life.deprecatedAt, shutdownAt: life.shutdownAt, replacement: life.replacement });
  }
  // ---- latency defaults of dataset entries (Artificial Analysis medians, facts.ts LATENCY_FACTS)
  for (const [id, latency] of Object.entries(LATENCY_FACTS)) {
    const entry = entries.find((candidate) => candidate.id === id);
    if (entry === undefined) throw new Error(`latency fact for unknown model ${id}`);
    entry.performance = { ...entry.performance, latency };
  }
  for (const entry of entries) {
    if (entry.lifecycle !== undefined && entry.status !== 'beta') entry.status = 'deprecated';
    const config = PROVIDERS.find((provider) => provider.id === entry.provider);
    for (const prefix of config?.aliasPrefixes ?? []) entry.aliases.push(`${prefix}/${entry.id}`);
  }
  for (const claim of ALIAS_FACTS) {
    const entry = entries.find((candidate) => candidate.id === claim.id);
    if (entry === undefined) throw new Error(`alias fact for unknown model ${claim.id}`);
    entry.aliases.unshift(claim.name);
  }

  // ---- names: each name belongs to one entry (ids first, then aliases in entry order)
  entries.sort((a, b) => providerRank(a.provider) - providerRank(b.provider) || a.id.localeCompare(b.id));
  const taken = new Map<string, string>();
  for (const entry of entries) {
    if (taken.has(entry.id)) throw new Error(`duplicate model id ${entry.id}`);
    taken.set(entry.id, entry.id);
  }
  for (const entry of entries) {
    const kept: string[] = [];
    for (const alias of entry.aliases) {
      const owner = taken.get(alias) ?? taken.get(alias.toLowerCase());
      if (owner === entry.id) continue;
      if (owner !== undefined) {
        report.dropped.push({ name: `${alias} (alias of ${entry.id})`, why: `already the name of ${owner}` });
        continue;
      }
      taken.set(alias, entry.id);
      taken.set(alias.toLowerCase(), entry.id);
      kept.push(alias);
    }
    entry.aliases = kept;
  }

  if (threshold272.length > 0) {
    report.conflicts.push({
      model: threshold272.sort().join(', '),
      field: 'long-context threshold',
      gp: 'npm 0.1.8: start 271999 (tier from 272,000 inclusive); repository 2026-08-21: start 272000 (from 272,001)',
      ll: 'above_272k (from 272,001)',
      chosen: 'fact sheet: from 272,001 (">272K")',
      rule: 'rule 1',
    });
  }

  const data = { version: 1 as const, checkedAt: newestCheck(entries), models: entries };
  const parsed = pricingDataSchema.safeParse(data);
  if (!parsed.success) throw new Error(`the catalog does not validate:\n${parsed.error.issues.slice(0, 20).map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n')}`);
  const counts: Record<string, number> = {};
  for (const entry of entries) counts[entry.host ?? entry.provider] = (counts[entry.host ?? entry.provider] ?? 0) + 1;
  return {
    // The table ships as the schema parsed it (defaults applied, canonical prices, schema key
    // order), so the library builds it without validating again (src/pricing/catalog.ts).
    files: { 'src/pricing/data/models.ts': printModule(parsed.data), 'docs/catalog-conflicts.md': printConflicts(report, entries, counts) },
    counts,
  };
}

// ------------------------------------------------------------------ hosted models (issue 11, item 2)
/** An entry's modalities and reasoning support from the first-party entry with that name, if any. */
function firstPartyTraits(entries: readonly Entry[], provider: string, name: string): Pick<Entry, 'modalities' | 'reasoning'> | undefined {
  const found = entries.find((entry) => entry.provider === provider && entry.host === undefined && (entry.id === name || entry.aliases.includes(name)));
  return found === undefined ? undefined : { modalities: structuredClone(found.modalities), reasoning: found.reasoning };
}

/**
 * Claude and Llama on Bedrock (genai-prices' aws models, cross-checked with LiteLLM's Bedrock keys),
 * Claude on Vertex AI (genai-prices' google.yml, which prices Claude for Vertex; LiteLLM's
 * `vertex_ai/claude-…`), Llama on Vertex AI and GPT on Azure (LiteLLM only). Bedrock prices
 * in-region and geographic cross-region profiles (`anthropic.…`, `us.`, `eu.`, `apac.`) at
 * genai-prices' "regional" price and the global profile (`global.anthropic.…`) at its global
 * price: two entries, `bedrock/<model>` and `bedrock/global/<model>`, where both exist.
 */
function hostedEntries(inputs: Inputs, report: Report, firstParty: readonly Entry[]): Entry[] {
  const out: Entry[] = [];
  const llKeys = Object.keys(inputs.litellm).sort();
  const llStd = (key: string): Tier | undefined => llTiers(inputs.litellm[key] ?? {}).standard;

  /** One entry from a genai-prices model, with LiteLLM keys its rule accepts as agreeing sources and aliases. */
  const fromGp = (config: { host: string; gpFile: string; gpNpm: string }, model: GpModel, id: string, provider: string, name: string, aliases: string[], llOwned: (key: string) => boolean): void => {
    const periods = gpPeriods(model);
    const latest = periods.at(-1);
    if (latest?.standard.inputPerMillion === undefined || latest.standard.outputPerMillion === undefined) return;
    const repo = (inputs.gpRepo[config.gpFile] ?? []).find((candidate) => candidate.id === model.id);
    const { source: gpSrc, date: gpDate } = gpSource({ id: config.host, gpFile: config.gpFile, gpNpm: config.gpNpm, ll: [], llPrefixes: [], keep: () => true, aliasPrefixes: [] }, model, repo, latest);
    const outPeriods: Array<Record<string, unknown>> = periods.map((period, index) => ({
      standard: structuredClone(period.standard),
      sources: [index === periods.length - 1 ? gpSrc : { ...gpSrc, note: `${gpSrc.note ?? ''}; the price before ${periods[index + 1]?.from ?? ''}` }],
      ...(period.from === undefined ? {} : { from: period.from }),
    }));
    const newest = outPeriods.at(-1) as { standard: Tier; sources: Source[] };
    const conflicts: string[] = [];
    let canonical: string | undefined;
    for (const key of llKeys.filter(llOwned)) {
      const std = llStd(key);
      if (std === undefined) continue;
      if (sameSet(latest.standard, std)) {
        aliases.push(key);
        if (canonical === undefined) {
          canonical = key;
          newest.sources.push(llSource(key));
        }
      } else {
        const diff = differing(latest.standard, std).join(', ');
        // Hosts: genai-prices prices each Bedrock profile (global, regional) and Vertex on its own;
        // LiteLLM often gives one figure for all of them. genai-prices' figure is kept, and listed.
        conflicts.push(`LiteLLM ${key} (${LL_DATE}) prices ${diff} at ${showSet(std)}; genai-prices (${gpDate}) prices this host's profile at ${showSet(latest.standard)}, which is kept (host rule)`);
        report.conflicts.push({ model: id, field: diff, gp: `${showSet(latest.standard)} (${gpDate})`, ll: `${showSet(std)} (${LL_DATE}, ${key})`, chosen: 'genai-prices', rule: 'host rule: genai-prices prices each profile' });
      }
    }
    if (canonical === undefined) report.singleSource.push({ model: id, what: `all prices ${showSet(latest.standard)}`, source: 'genai-prices only' });
    const ll = canonical === undefined ? undefined : inputs.litellm[canonical];
    const traits = firstPartyTraits(firstParty, provider, name) ?? { modalities: modalitiesOf(ll), reasoning: ll?.['supports_reasoning'] === true };
    const entry: Entry = { id, provider, host: config.host, hostModelId: model.id, displayName: model.name, aliases, ...traits, ...limitsOf(model.context_window, ll), prices: outPeriods } as Entry;
    if (entry.displayName === undefined) delete entry.displayName;
    if (conflicts.length > 0) entry.conflicts = conflicts;
    out.push(entry);
  };

  /** One entry from LiteLLM keys only (dated snapshots with equal prices folded in as aliases). */
  const fromLl = (host: string, provider: string, keys: readonly string[], nameOf: (key: string) => string): void => {
    const groups = new Map<string, string[]>();
    for (const key of keys) {
      const base = nameOf(key).replace(/(?:-|@)(?:20\d{2}-?\d{2}-?\d{2}|\d{4}|latest|default)$/, '');
      groups.set(base, [...(groups.get(base) ?? []), key]);
    }
    for (const [base, group] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const rest = [...group].sort((a, b) => (nameOf(a) === base ? -1 : nameOf(b) === base ? 1 : a.localeCompare(b)));
      while (rest.length > 0) {
        const head = rest.shift() as string;
        const standard = llStd(head);
        if (standard === undefined) continue;
        const folded = rest.filter((other) => { const prices = llStd(other); return prices !== undefined && sameSet(standard, prices) && sameSet(prices, standard); });
        for (const other of folded) rest.splice(rest.indexOf(other), 1);
        const id = `${host}/${nameOf(head)}`;
        const entryLl = inputs.litellm[head] as LlEntry;
        const traits = firstPartyTraits(firstParty, provider, nameOf(head)) ?? { modalities: modalitiesOf(entryLl), reasoning: entryLl['supports_reasoning'] === true };
        const period: Record<string, unknown> = { standard: structuredClone(standard), sources: [llSource(head)] };
        if (provider === 'openai') openAiCacheWrites(period['standard'] as Tier);
        report.singleSource.push({ model: id, what: `all prices ${showSet(standard)}`, source: `LiteLLM ${head}` });
        const entry: Entry = { id, provider, host, hostModelId: nameOf(head), aliases: [head, ...folded].filter((key) => key !== id), ...traits, ...limitsOf(undefined, entryLl), prices: [period] } as Entry;
        const deprecation = entryLl['deprecation_date'];
        if (typeof deprecation === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(deprecation)) entry.lifecycle = { shutdownAt: { date: deprecation, source: llSource(head, 'deprecation_date (single source)') } };
        out.push(entry);
      }
    }
  };

  // Bedrock: Claude (regional and global profiles) and Llama, from genai-prices' aws models.
  const aws = inputs.gpNpm['aws'] ?? [];
  const bedrock = { host: 'bedrock', gpFile: 'aws.yml', gpNpm: 'aws' };
  const bedrockKeys = (model: GpModel) => (key: string): boolean => {
    const entry = inputs.litellm[key];
    return entry !== undefined && ['bedrock', 'bedrock_converse'].includes(String(entry.litellm_provider)) && !key.includes('/') && !key.startsWith('us-gov.') && aws.find((candidate) => matches(candidate.match, key)) === model;
  };
  for (const model of aws) {
    const claude = /^(global|regional)\.anthropic\.(claude-.+?)(?:-v\d+:\d+)?$/.exec(model.id);
    const llama = /^meta\.(llama.+?)(?:-v\d+:\d+)?$/.exec(model.id);
    if (claude?.[1] !== undefined && claude[2] !== undefined) {
      const global = claude[1] === 'global';
      const plain = model.id.slice(claude[1].length + 1); // anthropic.claude-…-v1:0
      // The date goes where two snapshots would otherwise share a name (claude-3-5-sonnet 20240620 and 20241022).
      const undated = claude[2].replace(/-20\d{6}$/, '');
      const twins = aws.filter((other) => other.id.startsWith(`${claude[1]}.anthropic.${undated}-20`)).length;
      const name = twins > 1 ? claude[2] : undated;
      const aliases = global ? [`global.${plain}`] : [plain, ...['us', 'eu', 'apac'].map((region) => `${region}.${plain}`)];
      fromGp(bedrock, model, global ? `bedrock/global/${name}` : `bedrock/${name}`, 'anthropic', name, aliases, bedrockKeys(model));
    } else if (llama?.[1] !== undefined) {
      fromGp(bedrock, model, `bedrock/${llama[1]}`, 'meta', llama[1], [model.id, `us.${model.id}`], bedrockKeys(model));
    }
  }
  // Vertex AI: Claude from genai-prices' google.yml (its fallback provider is anthropic), LiteLLM's vertex_ai/claude-… keys.
  const google = inputs.gpNpm['google'] ?? [];
  for (const model of google.filter((candidate) => candidate.id.startsWith('claude'))) {
    const owned = (key: string): boolean => {
      const entry = inputs.litellm[key];
      return entry !== undefined && entry.litellm_provider === 'vertex_ai-anthropic_models' && google.find((candidate) => matches(candidate.match, key.replace(/^vertex_ai\//, ''))) === model;
    };
    fromGp({ host: 'vertex', gpFile: 'google.yml', gpNpm: 'google' }, model, `vertex/${model.id}`, 'anthropic', model.id, [], owned);
  }
  // Vertex AI: Llama (LiteLLM only).
  const chat = (entry: LlEntry | undefined): boolean => entry !== undefined && (entry.mode === 'chat' || entry.mode === 'responses');
  fromLl('vertex', 'meta', llKeys.filter((key) => inputs.litellm[key]?.litellm_provider === 'vertex_ai-llama_models' && chat(inputs.litellm[key])), (key) => key.replace(/^vertex_ai\/meta\//, ''));
  // Azure OpenAI: GPT and o-series (LiteLLM only; global deployments, `azure/<model>`).
  fromLl('azure', 'openai', llKeys.filter((key) => /^azure\/(?:gpt-|o\d)[^/]*$/.test(key) && inputs.litellm[key]?.litellm_provider === 'azure' && chat(inputs.litellm[key]) && !NOT_TEXT.test(key)), (key) => key.slice('azure/'.length));
  return out;
}

function providerRank(provider: string): number {
  const order = ['openai', 'anthropic', 'google', 'mistral', 'deepseek', 'xai', 'amazon', 'cohere', 'meta'];
  const index = order.indexOf(provider);
  return index < 0 ? order.length : index;
}

function normalize(set: Tier): PriceSet {
  return Object.fromEntries(PRICE_KEYS.filter((key) => set[key] !== undefined).map((key) => [key, new Dec(set[key] as string).toFixed()])) as PriceSet;
}

function factEntry(fact: FactEntry): Entry {
  const copy = structuredClone(fact) as unknown as Entry;
  copy.aliases = [...(fact.aliases ?? [])];
  return copy;
}

function crossCheckHost(entry: Entry, inputs: Inputs, report: Report): void {
  if (entry.host === undefined || entry.hostModelId === undefined) return;
  const newest = entry.prices.at(-1) as { standard: Tier; sources: Source[] };
  const gpFile = { groq: 'groq.yml', together: 'together.yml' }[entry.host];
  const npmId = { groq: 'groq', together: 'together' }[entry.host];
  if (gpFile !== undefined && npmId !== undefined) {
    const model = (inputs.gpNpm[npmId] ?? []).find((candidate) => matches(candidate.match, entry.hostModelId as string));
    if (model !== undefined) {
      const latest = gpPeriods(model).at(-1);
      const repo = (inputs.gpRepo[gpFile] ?? []).find((candidate) => candidate.id === model.id);
      if (latest !== undefined) {
        const { source } = gpSource({ id: entry.host, gpFile, gpNpm: npmId, ll: [], llPrefixes: [], keep: () => true, aliasPrefixes: [] }, model, repo, latest);
        if (differing(normalize(newest.standard), latest.standard).length === 0) newest.sources.push(source);
        else report.conflicts.push({ model: entry.id, field: differing(normalize(newest.standard), latest.standard).join(', '), gp: showSet(latest.standard), ll: '—', chosen: `fact sheet ${showSet(normalize(newest.standard))}`, rule: 'rule 1' });
      }
    }
  }
  const llKey = { groq: `groq/${entry.hostModelId}`, together: `together_ai/${entry.hostModelId}`, deepinfra: `deepinfra/${entry.hostModelId}` }[entry.host];
  const ll = llKey === undefined ? undefined : inputs.litellm[llKey];
  if (ll !== undefined && llKey !== undefined) {
    const standard = llTiers(ll).standard;
    if (standard !== undefined && differing(normalize(newest.standard), standard).length === 0) newest.sources.push(llSource(llKey));
    else if (standard !== undefined) {
      report.conflicts.push({ model: entry.id, field: differing(normalize(newest.standard), standard).join(', '), gp: '—', ll: `${showSet(standard)} (${LL_DATE})`, chosen: `fact sheet ${showSet(normalize(newest.standard))}`, rule: 'rule 1: the fact sheet (models.dev, newer) beats LiteLLM' });
      entry.conflicts = [...(entry.conflicts ?? []), `LiteLLM (${LL_DATE}) prices it ${showSet(standard)}; the fact sheet's figure (newer source) is kept (rule 1)`];
    }
  }
}

function newestCheck(entries: readonly Entry[]): string {
  // The table's date: the newest date any of its price sources checked a figure (never the build date).
  let newest = '';
  for (const entry of entries) for (const period of entry.prices) for (const source of period['sources'] as Source[]) if (source.checkedAt > newest) newest = source.checkedAt;
  return newest;
}

// ------------------------------------------------------------------ printing (compact, deterministic)
/**
 * Prints the table as a TypeScript module. Every string or object that occurs more than once
 * is written once, as a constant, and referenced: shared rate objects and sources, no repeated
 * strings. Keys keep the schema's order.
 */
function printModule(data: PricingData): string {
  const counts = new Map<string, number>();
  const walk = (value: unknown): void => {
    const key = JSON.stringify(value);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk);
  };
  data.models.forEach(walk);
  const constants: string[] = [];
  const names = new Map<string, string>();
  const print = (value: unknown, top = false): string => {
    const key = JSON.stringify(value);
    const shared = !top && (counts.get(key) ?? 0) > 1 && ((typeof value === 'string' && value.length > 8) || (typeof value === 'object' && value !== null && key.length > 12));
    const known = names.get(key);
    if (shared && known !== undefined) return known;
    let text: string;
    if (Array.isArray(value)) text = `[${value.map((item) => print(item)).join(',')}]`;
    else if (typeof value === 'object' && value !== null) text = `{${Object.entries(value).map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}:${print(v)}`).join(',')}}`;
    else text = JSON.stringify(value);
    if (!shared) return text;
    const name = `${typeof value === 'string' ? 's' : 'o'}${names.size}`;
    names.set(key, name);
    constants.push(`const ${name} = ${text};`);
    return name;
  };
  const models = data.models.map((entry) => `  ${print(entry, true)},`);
  const ids = data.models.map((entry) => `  | ${JSON.stringify(entry.id)}`);
  return [
    '// GENERATED by `npm run catalog` (scripts/catalog/build.ts) from vendor/ and scripts/catalog/facts.ts.',
    '// Do not edit by hand: change the facts or the vendored datasets and run `npm run catalog`.',
    '// Reconciliation rules: docs/catalog.md. Conflicts and single-source figures: docs/catalog-conflicts.md.',
    '/* eslint-disable */',
    "import type { PricingData } from '../types.js';",
    '',
    ...constants,
    '',
    '/** A bundled model id. */',
    'export type BundledModelId =',
    `${ids.join('\n')};`,
    '',
    '/** The bundled catalog as data, as the schema parsed it when the catalog was built (not validated again when the library loads). */',
    'export const bundledPricingData: PricingData = {',
    '  version: 1,',
    `  checkedAt: ${JSON.stringify(data.checkedAt)},`,
    '  models: [',
    ...models.map((line) => `  ${line}`),
    '  ],',
    '} as unknown as PricingData;',
    '',
  ].join('\n');
}

function printConflicts(report: Report, entries: readonly Entry[], counts: Readonly<Record<string, number>>): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = [
    '# Catalog: conflicts and single-source figures',
    '',
    '<!-- GENERATED by `npm run catalog` (scripts/catalog/build.ts). Do not edit by hand. -->',
    '',
    `Generated from genai-prices (repository ${GP_REPO_DATE}, npm 0.1.8 of ${GP_NPM_DATE}), LiteLLM (${LL_DATE}) and the fact sheet, by the rules of [catalog.md](catalog.md).`,
    '',
    `${entries.length} entries: ${Object.entries(counts).map(([provider, count]) => `${provider} ${count}`).join(', ')}.`,
    '',
    `## Conflicts (${report.conflicts.length})`,
    '',
    '| model | field | genai-prices | LiteLLM | taken | rule |',
    '| --- | --- | --- | --- | --- | --- |',
    ...[...report.conflicts].sort((a, b) => a.model.localeCompare(b.model) || a.field.localeCompare(b.field)).map((item) => `| ${cell(item.model)} | ${cell(item.field)} | ${cell(item.gp)} | ${cell(item.ll)} | ${cell(item.chosen)} | ${cell(item.rule)} |`),
    '',
    `## Price history and dated changes (${report.history.length})`,
    '',
    ...[...report.history].sort((a, b) => a.model.localeCompare(b.model) || a.text.localeCompare(b.text)).map((item) => `- \`${item.model}\`: ${item.text}`),
    '',
    `## Single-source figures (${report.singleSource.length})`,
    '',
    'Figures that only one dataset gives. They are bundled with that source; check them before relying on them.',
    '',
    '| model | figure | source |',
    '| --- | --- | --- |',
    ...[...report.singleSource].sort((a, b) => a.model.localeCompare(b.model) || a.what.localeCompare(b.what)).map((item) => `| ${cell(item.model)} | ${cell(item.what)} | ${cell(item.source)} |`),
    '',
    `## Names left out (${report.dropped.length})`,
    '',
    ...[...report.dropped].sort((a, b) => a.name.localeCompare(b.name)).map((item) => `- \`${item.name}\`: ${item.why}`),
    '',
  ];
  return lines.join('\n');
}

// ------------------------------------------------------------------ main
if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const { files, counts } = buildCatalog();
  for (const [path, text] of Object.entries(files)) writeFileSync(new URL(path, ROOT), text);
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  process.stdout.write(`catalog: ${total} entries (${Object.entries(counts).map(([provider, count]) => `${provider} ${count}`).join(', ')})\n`);
}

export { half };

// Pricing tables without the bundled catalog: creating and validating a table (zod-free, see
// ./validate.ts), looking models up in a table given explicitly, price periods, tiers and
// lifecycle status. `llm-spend/core` exports these; `llm-spend` wraps the lookups so that the
// table defaults to the bundled catalog (./table.ts, ./catalog.ts).
import { badValue, LlmSpendError, showValue } from '../errors.js';
import { parseDateInput } from './dates.js';
import { MAX_MODEL_ID_LENGTH } from '../limits.js';
import { closest, didYouMean } from '../suggest.js';
import { SERVICE_TIERS } from './constants.js';
import { formatPath, parseModelEntry, parsePricingData, type PricingIssue } from './validate.js';
import type { BundledModelId } from './data/models.js';
import type { ModelEntry, ModelEntryInput, PricePeriod, PricingData, PricingDataInput, ServiceTier, TierRates } from './types.js';

/**
 * A model id. The bundled ids complete in editors; any other string is accepted for custom
 * tables (and checked at run time).
 */
export type ModelId = BundledModelId | (string & {});

/** A validated, immutable pricing table. Create one with {@link createPricingTable}. */
export interface PricingTable {
  readonly version: 1;
  /** When the table's figures were last checked against their sources (ISO date). */
  readonly checkedAt: string;
  readonly models: readonly ModelEntry[];
}

/** Options of a lookup, with the table required (what `llm-spend/core` takes: it has no bundled catalog). */
export type WithPricing<T> = T & { readonly pricing: PricingTable };

interface TableIndex {
  readonly byId: Map<string, ModelEntry>;
  readonly byAlias: Map<string, ModelEntry>;
  readonly byLowerName: Map<string, ModelEntry>;
}

// A memo of each table's lookup index. Tables are frozen, so the index never goes stale;
// it changes no result, only how fast a lookup is.
const indexes = new WeakMap<object, TableIndex>();
// Entries that came out of a validated table, and validated copies of entries passed in by hand.
const validatedEntries = new WeakMap<object, ModelEntry>();
// The trusted table each of its entries belongs to.
const trustedOwners = new WeakMap<object, PricingTable>();

function buildIndex(table: PricingTable): TableIndex {
  const byId = new Map<string, ModelEntry>();
  const byAlias = new Map<string, ModelEntry>();
  const byLowerName = new Map<string, ModelEntry>();
  for (const entry of table.models) byId.set(entry.id, entry);
  for (const entry of table.models) {
    for (const alias of entry.aliases) if (!byId.has(alias) && !byAlias.has(alias)) byAlias.set(alias, entry);
    for (const name of [entry.id, ...entry.aliases]) {
      const lower = name.toLowerCase();
      if (!byLowerName.has(lower)) byLowerName.set(lower, entry);
    }
  }
  return { byId, byAlias, byLowerName };
}

/** @internal The lookup index of a table; validates a table that did not come from createPricingTable. */
export function indexOf(table: PricingTable): TableIndex {
  if (typeof table !== 'object' || table === null) throw notATable(table);
  let index = indexes.get(table);
  if (index === undefined) {
    // A plain object typed as a table (say, parsed JSON): validate it once (a table made by
    // createPricingTable, or the bundled catalog, is indexed when made), then remember.
    index = indexes.get(createPricingTable(table as unknown as PricingDataInput))!;
    indexes.set(table, index);
  }
  return index;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

function tableFromData(data: PricingData): PricingTable {
  const seen = new Map<string, string>();
  for (const entry of data.models) {
    for (const name of [entry.id, ...entry.aliases]) {
      const owner = seen.get(name);
      if (owner !== undefined && owner !== entry.id) {
        throw new LlmSpendError('INVALID_PRICING', `Invalid pricing table: the name ${JSON.stringify(name)} is used by both ${JSON.stringify(owner)} and ${JSON.stringify(entry.id)}.`, {
          name,
          models: [owner, entry.id],
        });
      }
      if (owner === entry.id && name === entry.id) {
        throw new LlmSpendError('INVALID_PRICING', `Invalid pricing table: the model id ${JSON.stringify(name)} appears twice.`, { name });
      }
      seen.set(name, entry.id);
    }
  }
  const table: PricingTable = deepFreeze({ version: 1, checkedAt: data.checkedAt, models: data.models });
  for (const entry of table.models) validatedEntries.set(entry, entry);
  indexes.set(table, buildIndex(table));
  return table;
}

/**
 * @internal A table from data the build has already checked (the bundled catalog: the
 * catalog build validates it with the schema, and a test keeps it equal to what the schema
 * parses). No validation here; frozen and indexed (under a millisecond for the catalog).
 */
export function trustedTable(data: PricingData): PricingTable {
  const table: PricingTable = deepFreeze({ version: 1, checkedAt: data.checkedAt, models: data.models });
  for (const entry of table.models) {
    validatedEntries.set(entry, entry);
    trustedOwners.set(entry, table);
  }
  indexes.set(table, buildIndex(table));
  return table;
}

/** @internal The trusted table (the bundled catalog) an entry was taken from, if any. */
export const trustedOwnerOf = (entry: ModelEntry): PricingTable | undefined => trustedOwners.get(entry);

function invalid(title: string, issues: readonly PricingIssue[], root = '', details: Record<string, unknown> = {}): LlmSpendError {
  return new LlmSpendError('INVALID_PRICING', `${title}:\n${issues.map((issue) => `  - ${formatPath(issue.path, root)}: ${issue.message}`).join('\n')}`, {
    ...details,
    issues: issues.map((issue) => ({ path: issue.path.map(String), message: issue.message })),
  });
}

/**
 * Validates untrusted pricing data (your own JSON, a file, a fetched table) and returns an
 * immutable table. Prices may be decimal strings or JSON numbers (converted through
 * `String(n)`, never through arithmetic); every price needs a source.
 *
 * @param data - `{ version: 1, checkedAt, models: [...] }`, see docs/pricing.md
 * @returns a frozen table usable wherever a `pricing` option is taken
 * @throws LlmSpendError `INVALID_PRICING` listing every bad field by path
 * @example
 * ```ts
 * import { createPricingTable, estimateCost } from 'llm-spend';
 * const pricing = createPricingTable({
 *   version: 1,
 *   checkedAt: '2026-11-01',
 *   models: [{
 *     id: 'my-finetune', provider: 'openai', contextWindow: 128000, maxOutputTokens: 16384,
 *     modalities: { input: ['text'], output: ['text'] }, reasoning: false,
 *     prices: [{ standard: { inputPerMillion: '0.30', outputPerMillion: '1.20' },
 *                sources: [{ url: 'contract #42', checkedAt: '2026-11-01' }] }],
 *   }],
 * });
 * estimateCost({ model: 'my-finetune', inputTokens: 1000, outputTokens: 100, pricing }).total; // "0.00042"
 * ```
 */
export function createPricingTable(data: PricingDataInput): PricingTable {
  const result = parsePricingData(data);
  if (!result.success) throw invalid('Invalid pricing table', result.issues);
  return tableFromData(result.data);
}

/** Options shared by lookups. */
export interface LookupOptions {
  /** The table to look in. @defaultValue the bundled catalog (`defaultPricing`); required in `llm-spend/core` */
  readonly pricing?: PricingTable;
  /** Require a price in effect at this date (ISO string or Date). @defaultValue the newest price */
  readonly at?: string | Date;
}

function lookup(index: TableIndex, name: string): ModelEntry | undefined {
  if (name.length > MAX_MODEL_ID_LENGTH) return undefined;
  const exact = index.byId.get(name) ?? index.byAlias.get(name) ?? index.byLowerName.get(name.toLowerCase());
  if (exact !== undefined) return exact;
  // Provider or host prefix: "openai/gpt-5.4-mini" resolves to gpt-5.4-mini only when
  // "openai" is that model's provider or host. One prefix at a time, in a loop (no recursion).
  let rest = name;
  const prefixes: string[] = [];
  for (let slash = rest.indexOf('/'); slash > 0; slash = rest.indexOf('/')) {
    prefixes.push(rest.slice(0, slash).toLowerCase());
    rest = rest.slice(slash + 1);
    const found = index.byId.get(rest) ?? index.byAlias.get(rest) ?? index.byLowerName.get(rest.toLowerCase());
    if (found !== undefined) {
      // Every stripped prefix must name the found model's provider or host.
      const ok = prefixes.every((prefix) => found.provider.toLowerCase() === prefix || found.host?.toLowerCase() === prefix);
      return ok ? found : undefined;
    }
  }
  return undefined;
}

const notATable = (value: unknown): LlmSpendError =>
  badValue('INVALID_PRICING', 'pricing must be a table from createPricingTable', 'pricing', value);

/** @internal The error for a table that is missing where the bundled catalog is not loaded. */
export function pricingRequired(what: string): LlmSpendError {
  return new LlmSpendError(
    'INVALID_PRICING',
    `${what} needs { pricing } from createPricingTable: llm-spend/core has no catalog.`,
    { path: 'pricing' },
  );
}

/**
 * @internal The table of a lookup's options: `options.pricing`, else `fallback` (the bundled
 * catalog in `llm-spend`), else an INVALID_PRICING error (`llm-spend/core`).
 */
export function resolveTable(options: unknown, what: string, fallback: PricingTable | undefined): PricingTable {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw badValue('UNKNOWN_MODEL', `${what} options must be an object such as { pricing, at }`, 'options', options);
  }
  const pricing = (options as { pricing?: unknown } | undefined)?.pricing;
  if (pricing === undefined) {
    if (fallback === undefined) throw pricingRequired(what);
    return fallback;
  }
  if (typeof pricing !== 'object' || pricing === null) throw notATable(pricing);
  return pricing as PricingTable;
}

/** @internal {@link findModel} in a resolved table. */
export function findModelIn(table: PricingTable, id: ModelId): ModelEntry | undefined {
  if (typeof id !== 'string') return undefined;
  return lookup(indexOf(table), id);
}

/**
 * Finds a model by id, alias (dated snapshot, provider-prefixed name) or provider prefix, in
 * the table given.
 *
 * @returns the entry, or `undefined` when no model has that name
 * @example
 * ```ts
 * import { findModel, defaultPricing } from 'llm-spend';
 * findModel('openai/gpt-5.4-nano', { pricing: defaultPricing })?.id; // "gpt-5.4-nano"
 * findModel('no-such-model', { pricing: defaultPricing }); // undefined
 * ```
 */
export function findModel(id: ModelId, options: WithPricing<{}>): ModelEntry | undefined {
  return findModelIn(resolveTable(options, 'findModel', undefined), id);
}

/** @internal {@link getModel} in a resolved table. */
export function getModelIn(table: PricingTable, id: ModelId, at: string | Date | undefined): ModelEntry {
  const entry = modelIn(table, id);
  if (at !== undefined) periodAt(entry, at);
  return entry;
}

/** @internal {@link getModelIn} without a date. */
export function modelIn(table: PricingTable, id: ModelId): ModelEntry {
  const index = indexOf(table);
  if (typeof id !== 'string') {
    throw new LlmSpendError('UNKNOWN_MODEL', `A model id must be a string; got ${showValue(id)}.`, { id: showValue(id), path: 'model' });
  }
  const entry = lookup(index, id);
  if (entry === undefined) {
    if (id.length > MAX_MODEL_ID_LENGTH) {
      throw new LlmSpendError('UNKNOWN_MODEL', `Unknown model ${showValue(id)}: model ids are at most ${MAX_MODEL_ID_LENGTH} characters.`, {
        id: showValue(id),
        path: 'model',
        suggestions: [],
      });
    }
    // (every id, then every alias that is not one: each name once, in table order)
    const suggestions = closest(id, [...index.byId.keys(), ...index.byAlias.keys()]);
    throw new LlmSpendError('UNKNOWN_MODEL', `Unknown model ${JSON.stringify(id)}.${didYouMean(suggestions)} See listModels(), or add it with withOverrides.`, { id, suggestions });
  }
  return entry;
}

/**
 * Gets a model by id, alias or provider prefix, from the table given.
 *
 * @returns the entry
 * @throws LlmSpendError `UNKNOWN_MODEL` with the closest known ids as suggestions;
 *   `PRICE_NOT_IN_EFFECT` when `at` is given and the model had no price then
 * @example
 * ```ts
 * import { getModel, defaultPricing } from 'llm-spend';
 * getModel('gpt-5.4-mini-2026-03-17', { pricing: defaultPricing }).contextWindow; // 400000
 * ```
 */
export function getModel(id: ModelId, options: WithPricing<LookupOptions>): ModelEntry {
  const table = resolveTable(options, 'getModel', undefined);
  return getModelIn(table, id, options.at);
}

/** A filter for {@link listModels}. */
export interface ModelFilter {
  readonly provider?: string;
  readonly host?: string;
  /** Keep only models accepting every one of these input modalities. */
  readonly inputModalities?: readonly string[];
  readonly reasoning?: boolean;
  /** Include deprecated models. @defaultValue true */
  readonly includeDeprecated?: boolean;
  /**
   * Keep only models alive over this whole period: not shut down before `to` (a model whose
   * `lifecycle.shutdownAt` falls on or before `to` is left out). `from` alone is a single day.
   */
  readonly aliveDuring?: { readonly from: string | Date; readonly to?: string | Date };
  /** The table to list. @defaultValue the bundled catalog (`defaultPricing`); required in `llm-spend/core` */
  readonly pricing?: PricingTable;
}

/** @internal {@link listModels} of a resolved table. */
export function listModelsIn(table: PricingTable, filter: ModelFilter): readonly ModelEntry[] {
  if (filter.inputModalities !== undefined && !Array.isArray(filter.inputModalities)) {
    throw new LlmSpendError('INVALID_PRICING', `inputModalities must be a list such as ["text", "image"]; got ${showValue(filter.inputModalities)}.`, { path: 'inputModalities' });
  }
  indexOf(table);
  const alive = filter.aliveDuring === undefined ? undefined : parseAt(filter.aliveDuring.to ?? filter.aliveDuring.from);
  if (filter.aliveDuring !== undefined) parseAt(filter.aliveDuring.from);
  return table.models.filter(
    (entry) =>
      (alive === undefined || entry.lifecycle?.shutdownAt === undefined || Date.parse(entry.lifecycle.shutdownAt.date) > alive) &&
      (filter.provider === undefined || entry.provider === filter.provider) &&
      (filter.host === undefined || entry.host === filter.host) &&
      (filter.reasoning === undefined || entry.reasoning === filter.reasoning) &&
      (filter.includeDeprecated !== false || entry.status !== 'deprecated') &&
      (filter.inputModalities === undefined || filter.inputModalities.every((modality) => (entry.modalities.input as readonly string[]).includes(modality))),
  );
}

/**
 * Lists the models of the table given, optionally filtered.
 *
 * @example
 * ```ts
 * import { listModels, defaultPricing } from 'llm-spend';
 * listModels({ pricing: defaultPricing, provider: 'anthropic' }).some((model) => model.id === 'claude-sonnet-4-5'); // true
 * ```
 */
export function listModels(filter: WithPricing<ModelFilter>): readonly ModelEntry[] {
  return listModelsIn(resolveTable(filter, 'listModels', undefined), filter);
}

/** A model's status at a date: `shut-down` once its `lifecycle.shutdownAt` has passed. */
export type ModelStatus = 'active' | 'beta' | 'deprecated' | 'shut-down';

/**
 * @internal The status of a validated entry at a time (epoch ms): the rule of `modelStatus`,
 * without re-validating or re-parsing.
 */
export function statusAtMs(entry: ModelEntry, ms: number): ModelStatus {
  // (Date.parse of an absent date is NaN, which is never <= ms)
  const shutdown = entry.lifecycle?.shutdownAt?.date;
  if (Date.parse(shutdown!) <= ms) return 'shut-down';
  return Date.parse(entry.lifecycle?.deprecatedAt?.date!) <= ms || shutdown !== undefined ? 'deprecated' : entry.status;
}

/**
 * The status of a model at a date, from its lifecycle. Pricing never refuses a model for its
 * status (a shutdown date from a secondary source can be wrong); planning can use this to leave
 * out models that are gone.
 *
 * @param at - the date; omitted, the entry's own `status` is returned (the maths never reads a clock)
 * @example
 * ```ts
 * import { getModel, modelStatus } from 'llm-spend';
 * modelStatus(getModel('gpt-4.1-nano'), '2026-11-01'); // "shut-down"
 * modelStatus(getModel('gpt-4.1-nano'), '2026-10-01'); // "deprecated"
 * ```
 */
export function modelStatus(entry: ModelEntry, at?: string | Date): ModelStatus {
  entry = validatedEntry(entry);
  if (at === undefined) return entry.status;
  return statusAtMs(entry, parseAt(at));
}

/**
 * @internal An entry passed by hand (not taken from a table) is validated once; entries of
 * tables made by createPricingTable are already valid.
 */
export function validatedEntry(entry: ModelEntry): ModelEntry {
  const known = validatedEntries.get(entry);
  if (known !== undefined) return known;
  const parsed = parseModelEntry(entry);
  if (!parsed.success) throw invalid('Invalid model entry', parsed.issues);
  const frozen = deepFreeze(parsed.data);
  validatedEntries.set(entry, frozen);
  validatedEntries.set(frozen, frozen);
  return frozen;
}

/** @internal Parses `at` to epoch milliseconds: a real ISO-8601 date (or date-time) or a valid Date. */
export function parseAt(at: string | Date): number {
  return parseDateInput(at, 'at', 'INVALID_USAGE');
}

/**
 * The price period of a model in effect at a date; the newest when `at` is omitted.
 *
 * @throws LlmSpendError `PRICE_NOT_IN_EFFECT` when no price of the model covered `at`
 * @example
 * ```ts
 * import { getModel, selectPricePeriod } from 'llm-spend';
 * selectPricePeriod(getModel('gpt-5.4-mini'), '2026-06-01').standard.inputPerMillion; // "0.75"
 * ```
 */
export function selectPricePeriod(entry: ModelEntry, at?: string | Date): PricePeriod {
  if (typeof entry !== 'object' || entry === null) {
    throw badValue('INVALID_PRICING', 'selectPricePeriod takes a model entry (from getModel)', 'entry', entry);
  }
  return periodAt(validatedEntry(entry), at);
}

/** @internal {@link selectPricePeriod} of a validated entry. */
export function periodAt({ id, prices }: ModelEntry, at: string | Date | undefined): PricePeriod {
  // A valid entry has at least one price period.
  if (at === undefined) return prices[prices.length - 1] as PricePeriod;
  const ms = parseAt(at);
  // A period ends at its `until`, else where the next one starts.
  const ends = prices.map((period, index) => period.until ?? prices[index + 1]?.from);
  // (an absent bound parses to NaN, which no comparison passes: open)
  const found = prices.findLast((period, index) => !(Date.parse(period.from!) > ms) && !(ms >= Date.parse(ends[index]!)));
  if (found !== undefined) return found;
  const when = new Date(ms).toISOString();
  const ranges = prices.map((period, index) => `${period.from ?? 'the start'} to ${ends[index] ?? 'now'}`).join(', ');
  throw new LlmSpendError('PRICE_NOT_IN_EFFECT', `Model ${id} had no price in effect at ${when}; its prices cover ${ranges}.`, { model: id, at: when });
}

/** @internal Throws `TIER_UNAVAILABLE` for a tier name llm-spend does not know. */
export function checkTier(entry: ModelEntry, tier: unknown): asserts tier is ServiceTier {
  if (typeof tier !== 'string' || !(SERVICE_TIERS as readonly string[]).includes(tier)) {
    throw new LlmSpendError('TIER_UNAVAILABLE', `Unknown service tier ${showValue(tier)}; use one of ${SERVICE_TIERS.join(', ')}.`, { model: entry.id, tier: showValue(tier), path: 'tier' });
  }
}

/**
 * @internal The prices of one service tier of a price period.
 * @throws LlmSpendError `TIER_UNAVAILABLE` for an unknown tier or one the model does not offer
 */
export function tierRatesOf(entry: ModelEntry, period: PricePeriod, tier: ServiceTier): TierRates {
  checkTier(entry, tier);
  const rates: TierRates | undefined = period[tier];
  if (rates === undefined) {
    const offered = SERVICE_TIERS.filter((name) => period[name] !== undefined);
    throw new LlmSpendError('TIER_UNAVAILABLE', `${entry.id} has no ${tier} price; its tiers are ${offered.join(', ')}.`, { model: entry.id, tier, offered });
  }
  return rates;
}

/** A partial model entry for {@link withOverrides}; `null` removes a key. */
export type ModelPatch = { readonly [key: string]: unknown };

/**
 * Returns a new table with some models changed or added, merged key by key: a negotiated
 * discount on one price keeps every other price of that model. A patch's `prices` object
 * merges into the newest price period (an array replaces the whole schedule); `null`
 * removes a key; an id the table lacks must be a complete entry. The result is validated.
 *
 * @param table - the table to start from (not changed)
 * @param patch - model id (or alias) to a partial entry, or a full entry for a new model
 * @throws LlmSpendError `INVALID_PRICING` with the path of a bad field
 * @example
 * ```ts
 * import { defaultPricing, withOverrides, estimateCost } from 'llm-spend';
 * const pricing = withOverrides(defaultPricing, {
 *   'gpt-5.4-mini': { prices: { standard: { inputPerMillion: '0.60' } } },
 * });
 * estimateCost({ model: 'gpt-5.4-mini', inputTokens: 1_000_000, outputTokens: 0, aggregate: true, pricing }).total; // "0.6"
 * ```
 */
export function withOverrides(table: PricingTable, patch: Readonly<Record<string, ModelPatch | ModelEntryInput>>): PricingTable {
  if (typeof table !== 'object' || table === null) {
    throw badValue('INVALID_PRICING', 'withOverrides takes a pricing table first', 'table', table);
  }
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw badValue('INVALID_PRICING', 'withOverrides takes an object of model id → changes', 'patch', patch);
  }
  const index = indexOf(table);
  const models: unknown[] = table.models.map((entry) => entry);
  const positions = new Map<string, number>(table.models.map((entry, position) => [entry.id, position]));
  for (const [name, change] of Object.entries(patch)) {
    if (typeof change !== 'object' || change === null) {
      throw new LlmSpendError('INVALID_PRICING', `Override for ${showValue(name)} must be an object.`, { model: showValue(name), path: name });
    }
    const existing = index.byId.get(name) ?? index.byAlias.get(name);
    if (existing === undefined) {
      models.push({ ...change, id: name });
      continue;
    }
    const position = positions.get(existing.id) ?? -1;
    const current = models[position] as ModelEntry;
    const { prices: pricePatch, ...rest } = change as Record<string, unknown>;
    let merged = mergeDeep(current, rest) as Record<string, unknown>;
    if (pricePatch !== undefined) {
      if (Array.isArray(pricePatch)) merged = { ...merged, prices: pricePatch };
      else {
        const periods = [...current.prices];
        const last = periods.length - 1;
        periods[last] = mergeDeep(periods[last], pricePatch) as PricePeriod;
        merged = { ...merged, prices: periods };
      }
    }
    const parsed = parseModelEntry(merged);
    if (!parsed.success) throw invalid(`Invalid override for ${JSON.stringify(name)}`, parsed.issues, name, { model: name });
    models[position] = parsed.data;
  }
  return createPricingTable({ version: 1, checkedAt: table.checkedAt, models: models as ModelEntryInput[] });
}

function mergeDeep(base: unknown, patch: unknown): unknown {
  if (patch === null) return undefined;
  if (typeof patch !== 'object' || Array.isArray(patch) || typeof base !== 'object' || base === null || Array.isArray(base)) return patch;
  const result: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    const next = mergeDeep(result[key], value);
    if (next === undefined) delete result[key];
    else Object.defineProperty(result, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return result;
}

// Helpers shared by the converters of other tools' price tables (LiteLLM, models.dev).
// Nothing here reads a clock, and no price goes through binary float arithmetic: a JSON
// number is read through String(n) and scaled with decimal arithmetic.
import { LlmSpendError } from '../../errors.js';
import { formatIssues } from '../zod-error.js';
import { Dec } from '../../money/decimal.js';
import { MODALITIES, modelEntrySchema, sourceSchema, type Modality, type ModelEntryInput } from '../schema.js';
import { createPricingTable, type PricingTable } from '../table.js';

/** A model of the source file that is not in the converted table, and why. */
export interface SkippedModel {
  /** The id the model would have had (the LiteLLM key, or `<provider>/<model>` for models.dev). */
  readonly id: string;
  /** Why it was left out, in words. */
  readonly reason: string;
}

/**
 * What a conversion warning is about:
 * - `ZERO_PRICE_KEPT`: a price of exactly 0 was kept because `keepZeroPrices` is set;
 * - `ZERO_PRICE_IGNORED`: an optional price of exactly 0 (a cache price, say) was treated as unknown;
 * - `UNCONVERTED_PRICES`: converted models carry price fields llm-spend does not model (one warning per field);
 * - `INCOMPLETE_TIER`: a service tier had some prices but not both input and output, so it was left out;
 * - `LONG_CONTEXT_PRICE_INHERITED`: a long-context tier had no output price, so the tier's base output price was used;
 * - `LONG_CONTEXT_UNREACHABLE`: a long-context tier starts above the model's max input tokens;
 * - `PRICE_PRECISION`: a JSON number has more than 15 significant digits (binary float noise in the source?), converted as written;
 * - `REGIONAL_UPLIFT_AMBIGUOUS`: LiteLLM's EU and US regional multipliers differ, so no regional tier was built.
 */
export type ConversionWarningCode =
  | 'ZERO_PRICE_KEPT'
  | 'ZERO_PRICE_IGNORED'
  | 'UNCONVERTED_PRICES'
  | 'INCOMPLETE_TIER'
  | 'LONG_CONTEXT_PRICE_INHERITED'
  | 'LONG_CONTEXT_UNREACHABLE'
  | 'PRICE_PRECISION'
  | 'REGIONAL_UPLIFT_AMBIGUOUS';

/** A conversion warning: something converted with a caveat, or left out of a converted model. */
export interface ConversionWarning {
  readonly code: ConversionWarningCode;
  readonly message: string;
}

/** The result of a converter: the validated table, the models left out and the warnings. */
export interface PricingConversion {
  /** A validated, frozen table, usable wherever a `pricing` option is taken. */
  readonly table: PricingTable;
  /** Models of the source that are not in `table`, in file order, with the reason. */
  readonly skipped: readonly SkippedModel[];
  /** Caveats about converted models, in a deterministic order. */
  readonly warnings: readonly ConversionWarning[];
}

/** Options shared by the converters. */
export interface ConversionOptions {
  /**
   * The date the source file was fetched or checked (ISO-8601, e.g. `"2026-11-25"`). Required:
   * the converters never read a clock, and every price llm-spend holds says when it was checked.
   * It becomes the table's `checkedAt` and the `checkedAt` of every converted price's source.
   */
  readonly checkedAt: string;
  /** Where the file came from, recorded as every price's source URL. */
  readonly sourceUrl?: string;
  /**
   * Convert only the models of these providers (LiteLLM `litellm_provider`, models.dev provider
   * id). Models of other providers are left out silently (not listed in `skipped`).
   */
  readonly providers?: readonly string[];
  /**
   * Keep prices of exactly 0 (free models). Off by default: these files also write 0 for
   * prices they do not know, and llm-spend never prices an unknown figure at $0. Off, a model
   * whose input or output price is 0 is skipped and other prices of 0 are dropped (a
   * `ZERO_PRICE_IGNORED` warning); on, they are kept and each such model is named in a
   * `ZERO_PRICE_KEPT` warning.
   * @defaultValue false
   */
  readonly keepZeroPrices?: boolean;
  /**
   * What to do with an entry whose fields have the wrong type: throw `INVALID_PRICING` naming
   * the entry and field (the default), or leave it out and list it in `skipped`.
   * @defaultValue 'throw'
   */
  readonly onInvalidEntry?: 'throw' | 'skip';
}

/** @internal Keys that are never model ids: skipped, never used as object keys. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** @internal A wrongly typed field; the converter turns it into INVALID_PRICING or a skip. */
export class MalformedField extends Error {
  constructor(
    readonly field: string,
    readonly expected: string,
    readonly value: unknown,
  ) {
    super(`${field} ${expected}`);
  }
}

/** @internal A plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** @internal An own property of a JSON object; never an inherited one. */
export function own(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** @internal A short description of a bad value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** @internal A price read from the source: its exact decimal value and how it was written. */
export interface SourcePrice {
  readonly value: Dec;
  /** The source value was a JSON number with more than 15 significant digits. */
  readonly noisy: boolean;
}

/**
 * @internal Reads a non-negative price: a JSON number (through `String(n)`, never arithmetic)
 * or a decimal string. `undefined` and `null` mean absent.
 * @throws MalformedField for any other value
 */
export function readPrice(record: Record<string, unknown>, key: string, field = key): SourcePrice | undefined {
  const value = own(record, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) throw new MalformedField(field, 'must be a non-negative finite number', value);
    const text = String(value);
    return { value: new Dec(text), noisy: significantDigits(text) > 15 };
  }
  if (typeof value === 'string' && DECIMAL.test(value.trim())) return { value: new Dec(value.trim()), noisy: false };
  throw new MalformedField(field, 'must be a non-negative number', value);
}

/** Significant digits of a decimal text such as "1.5000020000000002e-05" (17). */
function significantDigits(text: string): number {
  const mantissa = (text.split(/[eE]/)[0] ?? '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return mantissa.length;
}

/** @internal A whole token count, or undefined when absent, null or 0 (not published). */
export function readTokenCount(record: Record<string, unknown>, key: string, field = key): number | undefined {
  const value = own(record, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new MalformedField(field, 'must be a whole, non-negative number of tokens', value);
  }
  return value === 0 ? undefined : value;
}

/** @internal A string, or undefined when absent or null. */
export function readString(record: Record<string, unknown>, key: string, field = key): string | undefined {
  const value = own(record, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new MalformedField(field, 'must be a string', value);
  return value;
}

/** @internal A boolean, or undefined when absent or null. */
export function readBoolean(record: Record<string, unknown>, key: string, field = key): boolean | undefined {
  const value = own(record, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw new MalformedField(field, 'must be true or false', value);
  return value;
}

/** @internal An array of strings, or undefined when absent or null. */
export function readStringArray(record: Record<string, unknown>, key: string, field = key): string[] | undefined {
  const value = own(record, key);
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new MalformedField(field, 'must be an array of strings', value);
  }
  return value as string[];
}

/** @internal The modalities llm-spend knows, deduplicated, in MODALITIES order. */
export function knownModalities(names: Iterable<string>): Modality[] {
  const wanted = new Set(names);
  return MODALITIES.filter((name) => wanted.has(name));
}

/** @internal A canonical per-million decimal string from a per-token price: p × 10^6, exactly. */
export function perTokenToPerMillion(price: Dec): string {
  return price.times(1_000_000).toFixed();
}

/** @internal A canonical decimal string. */
export function decimalText(price: Dec): string {
  return price.toFixed();
}

/** @internal A full calendar date `YYYY-MM-DD`, or undefined (month-only dates are dropped). */
export function fullDate(text: string | undefined): string | undefined {
  if (text === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  return Number.isNaN(Date.parse(text)) ? undefined : text;
}

/** @internal Checks the options every converter shares; throws INVALID_PRICING. */
export function checkOptions(options: ConversionOptions | undefined, tool: string): void {
  const checkedAt: unknown = options?.checkedAt;
  if (typeof checkedAt !== 'string' || !sourceSchema.safeParse({ url: 'x', checkedAt }).success) {
    throw new LlmSpendError(
      'INVALID_PRICING',
      `Converting a ${tool} file needs \`checkedAt\`: the ISO date the file was fetched (e.g. "2026-11-25"); got ${describeValue(checkedAt)}. ` +
        'The conversion never reads a clock, and every converted price records when it was checked.',
      { option: 'checkedAt', value: checkedAt },
    );
  }
  const sourceUrl: unknown = options?.sourceUrl;
  if (sourceUrl !== undefined && (typeof sourceUrl !== 'string' || sourceUrl.length === 0)) {
    throw new LlmSpendError('INVALID_PRICING', `\`sourceUrl\` must be a non-empty string; got ${describeValue(sourceUrl)}.`, { option: 'sourceUrl', value: sourceUrl });
  }
}

/** @internal Collects skipped models and warnings, and builds the final table. */
export class Conversion {
  readonly skipped: SkippedModel[] = [];
  private readonly warnings: ConversionWarning[] = [];
  private readonly unconverted = new Map<string, string[]>();
  private readonly models: ModelEntryInput[] = [];

  constructor(
    private readonly tool: string,
    private readonly options: ConversionOptions,
  ) {}

  skip(id: string, reason: string): void {
    this.skipped.push({ id, reason });
  }

  warn(code: ConversionWarningCode, message: string): void {
    this.warnings.push({ code, message });
  }

  /** Remembers that a converted model carries a price field llm-spend does not convert. */
  unconvertedField(field: string, id: string): void {
    const ids = this.unconverted.get(field);
    if (ids === undefined) this.unconverted.set(field, [id]);
    else ids.push(id);
  }

  /** Handles a wrongly typed field per `onInvalidEntry`. */
  malformed(id: string, error: MalformedField): void {
    const message = `field ${JSON.stringify(error.field)} ${error.expected}; got ${describeValue(error.value)}`;
    if (this.options.onInvalidEntry === 'skip') {
      this.skip(id, `malformed: ${message}`);
      return;
    }
    throw new LlmSpendError('INVALID_PRICING', `Invalid ${this.tool} file: entry ${JSON.stringify(id)}, ${message}.`, {
      source: this.tool,
      model: id,
      field: error.field,
      value: error.value,
    });
  }

  /** Validates one converted model; an entry the schema rejects is skipped with the reason. */
  add(entry: ModelEntryInput): boolean {
    const parsed = modelEntrySchema.safeParse(entry);
    if (!parsed.success) {
      this.skip(entry.id, `does not fit llm-spend's table: ${formatIssues(parsed.error.issues).join('; ')}`);
      return false;
    }
    this.models.push(entry);
    return true;
  }

  /** The converted ids so far. */
  ids(): string[] {
    return this.models.map((entry) => entry.id);
  }

  /** Adds aliases to converted models (by id); used once all ids are known. */
  setAliases(aliases: ReadonlyMap<string, readonly string[]>): void {
    for (let index = 0; index < this.models.length; index += 1) {
      const entry = this.models[index];
      const names = entry === undefined ? undefined : aliases.get(entry.id);
      if (entry !== undefined && names !== undefined && names.length > 0) this.models[index] = { ...entry, aliases: [...names] };
    }
  }

  finish(): PricingConversion {
    const converted = new Set(this.models.map((entry) => entry.id));
    for (const field of [...this.unconverted.keys()].sort()) {
      const ids = (this.unconverted.get(field) ?? []).filter((id) => converted.has(id));
      if (ids.length === 0) continue;
      const shown = ids.slice(0, 5).join(', ') + (ids.length > 5 ? `, and ${ids.length - 5} more` : '');
      this.warn(
        'UNCONVERTED_PRICES',
        `${ids.length} converted model${ids.length === 1 ? '' : 's'} carr${ids.length === 1 ? 'ies' : 'y'} ${JSON.stringify(field)}, which llm-spend does not convert (those charges are not in the table): ${shown}.`,
      );
    }
    const table = createPricingTable({ version: 1, checkedAt: this.options.checkedAt, models: this.models });
    return { table, skipped: this.skipped, warnings: this.warnings };
  }
}

// Image input tokens per provider, from the documented formulas (pricing-facts §7):
// OpenAI's 512-px tiles (GPT-4o family, o-series) and 32-px patches with per-model multipliers
// (GPT-4.1 mini/nano, GPT-5 mini/nano, GPT-5.4 mini/nano, o4-mini); Anthropic's w·h/750 after
// its resize; Gemini's 258-token 768-px tiles. Figures the sources mark UNVERIFIED (the
// low-detail count of patch models, the gpt-5.4 multiplier) are refused, not guessed.
import { LlmSpendError, showValue } from '../errors.js';
import { MAX_IMAGE_SIDE } from '../limits.js';
import type { ModelEntry } from '../pricing/schema.js';
import { getModel, validatedEntry, type ModelId, type PricingTable } from '../pricing/table.js';

/** OpenAI's image detail levels; Anthropic and Gemini ignore `detail`. */
export type ImageDetail = 'low' | 'high' | 'auto' | 'original';

/** The argument of {@link estimateImageTokens}. */
export interface ImageTokensRequest {
  /** A model id (or alias), or an entry from a table. */
  readonly model: ModelId | ModelEntry;
  /** Image width in pixels. */
  readonly width: number;
  /** Image height in pixels. */
  readonly height: number;
  /** OpenAI detail level; `auto` is counted as `high` (the upper estimate). @defaultValue "auto" */
  readonly detail?: ImageDetail;
  /** The table to look the model up in. @defaultValue defaultPricing */
  readonly pricing?: PricingTable;
}

interface TileRule {
  readonly method: 'tile';
  readonly base: number;
  readonly perTile: number;
}
interface PatchRule {
  readonly method: 'patch';
  /** The multiplier as an integer over 100 (1.62 → 162), so the product is exact. */
  readonly multiplierPercent: number;
  readonly budget: number;
  readonly maxDimension: number;
}

const SOURCE = 'OpenAI "Images and vision" guide (pricing-facts §7)';

// Keyed by model id (or host model id / alias).
const OPENAI_RULES: Readonly<Record<string, TileRule | PatchRule>> = {
  'gpt-4o': { method: 'tile', base: 85, perTile: 170 },
  'gpt-4.1': { method: 'tile', base: 85, perTile: 170 },
  'gpt-4.5': { method: 'tile', base: 85, perTile: 170 },
  'gpt-4o-mini': { method: 'tile', base: 2833, perTile: 5667 },
  'gpt-5': { method: 'tile', base: 70, perTile: 140 },
  'gpt-5-chat-latest': { method: 'tile', base: 70, perTile: 140 },
  o1: { method: 'tile', base: 75, perTile: 150 },
  'o1-pro': { method: 'tile', base: 75, perTile: 150 },
  o3: { method: 'tile', base: 75, perTile: 150 },
  'computer-use-preview': { method: 'tile', base: 65, perTile: 129 },
  'gpt-5.4-mini': { method: 'patch', multiplierPercent: 162, budget: 1536, maxDimension: 2048 },
  'gpt-5.4-nano': { method: 'patch', multiplierPercent: 246, budget: 1536, maxDimension: 2048 },
  'gpt-5-mini': { method: 'patch', multiplierPercent: 162, budget: 1536, maxDimension: 2048 },
  'gpt-5-nano': { method: 'patch', multiplierPercent: 246, budget: 1536, maxDimension: 2048 },
  'gpt-4.1-mini': { method: 'patch', multiplierPercent: 162, budget: 1536, maxDimension: 2048 },
  'gpt-4.1-nano': { method: 'patch', multiplierPercent: 246, budget: 1536, maxDimension: 2048 },
  'o4-mini': { method: 'patch', multiplierPercent: 172, budget: 1536, maxDimension: 2048 },
};

function unavailable(entry: ModelEntry, why: string): LlmSpendError {
  return new LlmSpendError('PRICE_UNAVAILABLE', `Image tokens for ${entry.id} cannot be counted: ${why}. Give the count yourself with images.tokensPerImage.`, {
    model: entry.id,
  });
}

function checkPixels(value: unknown, field: 'width' | 'height'): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0 || value > MAX_IMAGE_SIDE) {
    throw new LlmSpendError('INVALID_WORKLOAD', `${field} must be a whole number of pixels from 1 to ${MAX_IMAGE_SIDE}; got ${showValue(value)}.`, { path: field, value: showValue(value) });
  }
  return value;
}

/** Scales (w, h) down to fit a square of `limit` pixels, keeping the aspect ratio; never up. */
function fitWithin(width: number, height: number, limit: number): [number, number] {
  const longest = Math.max(width, height);
  if (longest <= limit) return [width, height];
  return width >= height ? [limit, Math.max(1, Math.floor((height * limit) / width))] : [Math.max(1, Math.floor((width * limit) / height)), limit];
}

function tileTokens(rule: TileRule, width: number, height: number, detail: ImageDetail, entry: ModelEntry): number {
  if (detail === 'low') return rule.base;
  if (detail === 'original') throw unavailable(entry, '"original" detail exists only on gpt-5.4 and later');
  let [w, h] = fitWithin(width, height, 2048);
  const shortest = Math.min(w, h);
  if (shortest > 768) {
    if (w <= h) {
      h = Math.floor((h * 768) / w);
      w = 768;
    } else {
      w = Math.floor((w * 768) / h);
      h = 768;
    }
  }
  return rule.base + rule.perTile * Math.ceil(w / 512) * Math.ceil(h / 512);
}

function patchTokens(rule: PatchRule, width: number, height: number, detail: ImageDetail, entry: ModelEntry): number {
  if (detail === 'low') throw unavailable(entry, `OpenAI does not state the low-detail count of 32-px patch models (${SOURCE}: UNVERIFIED)`);
  if (detail === 'original') throw unavailable(entry, '"original" detail exists only on gpt-5.4 and later');
  let [w, h] = fitWithin(width, height, rule.maxDimension);
  let patches = Math.ceil(w / 32) * Math.ceil(h / 32);
  if (patches > rule.budget) {
    const scale = Math.sqrt((32 * 32 * rule.budget) / (w * h));
    const across = Math.floor((w * scale) / 32);
    const down = Math.floor((h * scale) / 32);
    // s' = min(32·across / w, 32·down / h), applied in integer arithmetic.
    if (across * h <= down * w) {
      h = Math.floor((h * 32 * across) / w);
      w = 32 * across;
    } else {
      w = Math.floor((w * 32 * down) / h);
      h = 32 * down;
    }
    patches = Math.min(rule.budget, Math.ceil(w / 32) * Math.ceil(h / 32));
  }
  // Round up: OpenAI does not say how a fractional product is billed.
  return Math.ceil((patches * rule.multiplierPercent) / 100);
}

function anthropicTokens(width: number, height: number): number {
  // Downscale (aspect kept) so the long edge is at most 1568 px and w·h/750 at most 1,600 tokens.
  const scale = Math.min(1, 1568 / Math.max(width, height), Math.sqrt((1600 * 750) / (width * height)));
  const w = scale < 1 ? Math.max(1, Math.floor(width * scale)) : width;
  const h = scale < 1 ? Math.max(1, Math.floor(height * scale)) : height;
  return Math.ceil((w * h) / 750);
}

function geminiTokens(width: number, height: number): number {
  if (width <= 384 && height <= 384) return 258;
  return 258 * Math.ceil(width / 768) * Math.ceil(height / 768);
}

function openAiRule(entry: ModelEntry): TileRule | PatchRule | undefined {
  for (const name of [entry.id, entry.hostModelId, ...entry.aliases]) {
    if (name === undefined) continue;
    const bare = name.startsWith('openai/') ? name.slice('openai/'.length) : name;
    if (Object.hasOwn(OPENAI_RULES, bare)) return OPENAI_RULES[bare];
  }
  return undefined;
}

/**
 * Input tokens one image costs on a model, by the provider's documented formula:
 *
 * - OpenAI tile models (GPT-4o, GPT-4o mini, GPT-4.1, GPT-5, o1/o3): `low` = base tokens;
 *   `high`: fit in 2048×2048, shortest side down to 768 px, base + tiles × per-tile tokens
 *   for 512-px tiles.
 * - OpenAI patch models (GPT-5.4 mini 1.62×, GPT-5.4 nano 2.46×, GPT-5 mini/nano, GPT-4.1
 *   mini/nano, o4-mini): 32-px patches, at most 2048 px and 1,536 patches (resized as
 *   documented), times the model's multiplier, rounded up.
 * - Anthropic: w·h/750 after downscaling to a 1568-px long edge and about 1,600 tokens.
 * - Google Gemini: 258 tokens for an image within 384×384, else 258 per 768-px tile.
 *
 * `auto` detail is counted as `high`. Counts the sources do not state (low detail on patch
 * models, the gpt-5.4 multiplier, Meta and Mistral models) are refused, never guessed.
 *
 * @returns the image's input tokens
 * @throws LlmSpendError `UNKNOWN_MODEL`; `INVALID_WORKLOAD` when the model takes no image input
 *   or a size is not a positive whole number; `PRICE_UNAVAILABLE` when no documented formula covers the model
 * @example
 * ```ts
 * import { estimateImageTokens } from 'llm-spend/projection';
 * estimateImageTokens({ model: 'gpt-5.4-mini', width: 1024, height: 1024 }); // 1659 (1,024 patches × 1.62)
 * estimateImageTokens({ model: 'gpt-5.4-nano', width: 1800, height: 2400 }); // 3572 (1,452 patches × 2.46)
 * estimateImageTokens({ model: 'gpt-4o-mini', width: 1024, height: 1024, detail: 'low' }); // 2833
 * estimateImageTokens({ model: 'claude-haiku-4-5', width: 1000, height: 1000 }); // 1334
 * estimateImageTokens({ model: 'gemini-2.5-flash', width: 1024, height: 1024 }); // 1032 (4 tiles × 258)
 * ```
 */
export function estimateImageTokens(request: ImageTokensRequest): number {
  if (typeof request !== 'object' || request === null) {
    throw new LlmSpendError('INVALID_WORKLOAD', `estimateImageTokens takes one object { model, width, height, detail? }; got ${showValue(request)}.`, { path: '(root)', value: showValue(request) });
  }
  const entry = typeof request.model === 'object' && request.model !== null ? validatedEntry(request.model) : getModel(request.model, request.pricing === undefined ? {} : { pricing: request.pricing });
  const width = checkPixels(request.width, 'width');
  const height = checkPixels(request.height, 'height');
  const detail = request.detail ?? 'auto';
  if (!['low', 'high', 'auto', 'original'].includes(detail)) {
    throw new LlmSpendError('INVALID_WORKLOAD', `detail must be one of low, high, auto, original; got ${showValue(detail)}.`, { path: 'detail', value: showValue(detail) });
  }
  if (!(entry.modalities.input as readonly string[]).includes('image')) {
    throw new LlmSpendError('INVALID_WORKLOAD', `${entry.id} does not take image input (its input modalities: ${entry.modalities.input.join(', ')}).`, { model: entry.id });
  }
  if (entry.provider === 'anthropic') return anthropicTokens(width, height);
  if (entry.provider === 'google') return geminiTokens(width, height);
  if (entry.provider === 'openai') {
    const rule = openAiRule(entry);
    if (rule === undefined) throw unavailable(entry, `${SOURCE} gives no patch multiplier or tile size for it`);
    return rule.method === 'tile' ? tileTokens(rule, width, height, detail, entry) : patchTokens(rule, width, height, detail, entry);
  }
  throw unavailable(entry, `no documented image-token formula for provider ${showValue(entry.provider)}`);
}

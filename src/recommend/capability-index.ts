// A cross-provider capability measure for the recommender (issue 12): the Artificial Analysis
// Intelligence Index and Coding Index of the catalog's models, mapped onto OpenAI's 1–5 scale
// so that the task floors apply to Claude, Gemini and Mistral models too.
//
// Provenance: ../shared/reference/snapshots/artificial-analysis-speed-2026-07-05.json, a
// committed Artificial Analysis API payload (data at most 2026-07-05; figures cited with
// attribution to Artificial Analysis, artificialanalysis.ai). Each catalog model is read at AA's
// default configuration of that model (the bare key, e.g. `claude-4-5-haiku`, `gpt-5-4-mini`),
// the configuration OpenAI's own 1–5 ratings describe. Transcribed by hand from the snapshot;
// re-check against a newer snapshot when the catalog is rebuilt.

/** One model's Artificial Analysis indices. */
export interface ArtificialAnalysisIndex {
  /** The Artificial Analysis model key the figures are read from. */
  readonly aaKey: string;
  /** Artificial Analysis Intelligence Index (0–100 scale as published). */
  readonly intelligence: number;
  /** Artificial Analysis Coding Index, where published. */
  readonly coding: number | null;
}

/**
 * Where the Artificial Analysis indices of {@link ARTIFICIAL_ANALYSIS_INDICES} come from.
 *
 * @example
 * ```ts
 * import { CAPABILITY_INDEX_SOURCE } from 'llm-spend/projection';
 * CAPABILITY_INDEX_SOURCE.checkedAt; // "2026-07-05"
 * ```
 */
export const CAPABILITY_INDEX_SOURCE = {
  url: 'https://artificialanalysis.ai (snapshot artificial-analysis-speed-2026-07-05.json)',
  checkedAt: '2026-07-05',
} as const;

/**
 * The Artificial Analysis Intelligence and Coding indices of the catalog's models that AA
 * measures (default configuration), the cross-provider capability measure for models without an
 * OpenAI rating; mapped to 1–5 by {@link INDEX_THRESHOLDS}.
 *
 * @example
 * ```ts
 * import { ARTIFICIAL_ANALYSIS_INDICES } from 'llm-spend/projection';
 * ARTIFICIAL_ANALYSIS_INDICES['claude-sonnet-4-6']?.intelligence; // 35.9
 * ```
 */
export const ARTIFICIAL_ANALYSIS_INDICES: Readonly<Record<string, ArtificialAnalysisIndex>> = {
  'gpt-5.4': { aaKey: 'gpt-5-4', intelligence: 51.4, coding: 71.1 },
  'gpt-5.4-mini': { aaKey: 'gpt-5-4-mini', intelligence: 40, coding: 56.1 },
  'gpt-5.4-nano': { aaKey: 'gpt-5-4-nano', intelligence: 38.2, coding: 56.1 },
  'gpt-5-mini': { aaKey: 'gpt-5-mini', intelligence: 25.3, coding: 15.6 },
  'gpt-5-nano': { aaKey: 'gpt-5-nano', intelligence: 19.9, coding: null },
  'gpt-4.1-mini': { aaKey: 'gpt-4-1-mini', intelligence: 14.8, coding: 20.2 },
  'gpt-4.1-nano': { aaKey: 'gpt-4-1-nano', intelligence: 9.6, coding: 11.1 },
  'gpt-4o-mini': { aaKey: 'gpt-4o-mini', intelligence: 6.9, coding: 11.4 },
  'claude-haiku-4-5': { aaKey: 'claude-4-5-haiku', intelligence: 23.7, coding: null },
  'claude-sonnet-4-5': { aaKey: 'claude-4-5-sonnet', intelligence: 29.3, coding: null },
  'claude-sonnet-4-6': { aaKey: 'claude-sonnet-4-6', intelligence: 35.9, coding: null },
  'claude-sonnet-5': { aaKey: 'claude-sonnet-5', intelligence: 53.4, coding: 71.5 },
  'gemini-2.5-flash': { aaKey: 'gemini-2-5-flash', intelligence: 14.1, coding: null },
  'gemini-2.5-flash-lite': { aaKey: 'gemini-2-5-flash-lite', intelligence: 6.9, coding: null },
  'gemini-3-flash-preview': { aaKey: 'gemini-3-flash', intelligence: 27.4, coding: null },
  'gemini-3-pro-preview': { aaKey: 'gemini-3-pro', intelligence: 39.6, coding: null },
  'gemini-3.1-pro-preview': { aaKey: 'gemini-3-1-pro-preview', intelligence: 46.5, coding: 68.8 },
  'gemini-3.5-flash': { aaKey: 'gemini-3-5-flash', intelligence: 50.2, coding: 70.1 },
  'mistral-small-2603': { aaKey: 'mistral-small-4', intelligence: 19.6, coding: 26.6 },
};

/**
 * The mapping from an index to the 1–5 scale: a model is credited with a level when its index is
 * at least that of the lowest-scoring OpenAI model that OpenAI rates at that level (so it does
 * at least as well, on this independent measure, as a model OpenAI itself puts there).
 *
 * Intelligence: 5 from 51.4 (gpt-5.4), 4 from 40 (gpt-5.4-mini), 3 from 14.8 (gpt-4.1-mini),
 * 2 from 6.9 (gpt-4o-mini), else 1. Coding (used for the coding task where published): 5 from
 * 71.1 (gpt-5.4), 4 from 56.1 (gpt-5.4-mini), 3 from 15.6 (gpt-5-mini), 2 from 11.1 (gpt-4.1-nano).
 *
 * @example
 * ```ts
 * import { INDEX_THRESHOLDS } from 'llm-spend/projection';
 * INDEX_THRESHOLDS.intelligence[1]; // { level: 4, from: 40 }
 * ```
 */
export const INDEX_THRESHOLDS = {
  intelligence: [
    { level: 5, from: 51.4 },
    { level: 4, from: 40 },
    { level: 3, from: 14.8 },
    { level: 2, from: 6.9 },
  ],
  coding: [
    { level: 5, from: 71.1 },
    { level: 4, from: 56.1 },
    { level: 3, from: 15.6 },
    { level: 2, from: 11.1 },
  ],
} as const;

/** The rating an index earns on the 1–5 scale. */
export function levelOf(value: number, which: 'intelligence' | 'coding'): number {
  for (const threshold of INDEX_THRESHOLDS[which]) if (value >= threshold.from) return threshold.level;
  return 1;
}

/**
 * A model's capability on the 1–5 scale from its Artificial Analysis indices, for models without
 * an OpenAI rating: the coding index for the coding task where published, else the intelligence
 * index. Undefined when the model is not in the snapshot.
 */
export function indexRating(modelId: string, task: string | undefined): { rating: number; from: string } | undefined {
  const index = ARTIFICIAL_ANALYSIS_INDICES[modelId];
  if (index === undefined) return undefined;
  if (task === 'coding' && index.coding !== null) {
    return { rating: levelOf(index.coding, 'coding'), from: `Artificial Analysis Coding Index ${index.coding} (${index.aaKey}, 2026-07-05)` };
  }
  return { rating: levelOf(index.intelligence, 'intelligence'), from: `Artificial Analysis Intelligence Index ${index.intelligence} (${index.aaKey}, 2026-07-05)` };
}

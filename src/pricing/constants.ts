// The pricing vocabulary as values, without zod: the schema (./schema.ts) and the core share it.

/**
 * The service tiers llm-spend knows: `standard`, `batch`, `flex`, `priority`, and `regional`
 * (standard processing with regional data residency). A model offers a tier only where its
 * table entry has a price set for it.
 *
 * @example
 * ```ts
 * import { SERVICE_TIERS } from 'llm-spend';
 * SERVICE_TIERS.includes('flex'); // true
 * ```
 */
export const SERVICE_TIERS = ['standard', 'batch', 'flex', 'priority', 'regional'] as const;

/**
 * The input and output modalities a model entry can declare.
 *
 * @example
 * ```ts
 * import { MODALITIES, getModel } from 'llm-spend';
 * MODALITIES.length; // 5
 * getModel('gemini-2.5-flash').modalities.input.includes('audio'); // true
 * ```
 */
export const MODALITIES = ['text', 'image', 'audio', 'video', 'pdf'] as const;

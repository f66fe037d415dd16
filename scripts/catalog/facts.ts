// Hand-checked facts: the figures of ../shared/reference/pricing-facts.md (compiled 2026-11-25)
// and the verdicts of ../shared/reference/pricing-conflicts.md (checked 2026-11-30), typed.
// The catalog build (scripts/catalog/build.ts) lets these beat the vendored datasets
// (docs/catalog.md, rule 1). Figures the fact sheet marks UNVERIFIED are not here.
//
// Dataset sources (genai-prices, LiteLLM) are NOT written here: the build attaches them from
// vendor/ with the date each dataset checked the figure, wherever its figures agree.
import type { ModelEntryInput, Source } from '../../src/pricing/schema.js';

/** A complete hand-checked entry. */
export interface FactEntry extends ModelEntryInput {
  readonly id: string;
}

/** The fact sheet itself, as a source: it was compiled (its sources read) on this date. */
export const SHEET_DATE = '2026-11-25';
export const FACT_SHEET: Source = { url: 'llm-spend fact sheet (shared/reference/pricing-facts.md)', checkedAt: SHEET_DATE };
/** The dataset-conflict review, as a source. */
export const CONFLICT_REVIEW: Source = { url: 'llm-spend dataset review (shared/reference/pricing-conflicts.md)', checkedAt: '2026-11-30' };
const UNDATED = 'undated page, as read for the fact sheet compiled 2026-11-25';

const LL = 'https://github.com/Prajwalsrinvas/token-tariff/blob/77b8722619d64503658ecc85979802d678a5626c/model_prices_and_context_window.json';
const MD = 'https://github.com/anomalyco/models.dev/tree/f3fc692299671838c7c65fd8126bf84d81a2e817/providers';
const OR = 'https://github.com/Prajwalsrinvas/token-tariff/blob/90407ebd546e7f05f8d0c9356541b4c9f7f7dca4/data/history/2026-08-01/openrouter_models.json';
const AA = 'https://github.com/Prajwalsrinvas/token-tariff/blob/c8d84d097a0d18e0b155071c815b506941caa50f/aa_models.json';
const OAI_ANN = 'https://community.openai.com/t/introducing-gpt-5-4-mini-and-nano-our-most-capable-small-models-yet/1377015';
const OAI_PC = 'https://developers.openai.com/api/docs/guides/prompt-caching';
const OAI_PRI = 'https://openai.com/api-priority-processing/';
const OAI_FLEX = 'https://developers.openai.com/api/docs/guides/flex-processing.md';
const OAI_BATCH = 'https://platform.openai.com/docs/guides/batch';
const OAI_MODELS = 'https://platform.openai.com/docs/models (as transcribed in the npm package gpt-tokenizer 4.0.0, gpt-tokenizer/models)';
const ANT_PRICING = 'https://docs.claude.com/en/docs/about-claude/pricing';
const GEM_BATCH = 'https://developers.googleblog.com/scale-your-ai-workloads-batch-mode-gemini-api';
const GEM_OPT = 'https://ai.google.dev/gemini-api/docs/optimization';

const openAiBatch = { url: OAI_BATCH, checkedAt: SHEET_DATE, note: `${UNDATED}: "50% cost discount compared to synchronous APIs"`, derived: 'batch = 50% of every standard price (OAI-BATCH)' } as const;
const openAiFlex = { url: OAI_FLEX, checkedAt: SHEET_DATE, note: `${UNDATED}: flex is "priced at Batch API rates"`, derived: 'flex = batch = 50% of every standard price, caching discount kept (OAI-FLEX)' } as const;
const openAiPriority = { url: OAI_PRI, checkedAt: SHEET_DATE, note: `${UNDATED}; priority ("fast mode") prices exclude long context: no long-context tier` } as const;
const openAiRegional = { url: LL, checkedAt: '2026-08-01', note: 'regional_processing_uplift_multiplier_{eu,us} = 1.1 on the GPT-5.4 family', derived: 'regional = 1.1 x every standard price, long-context tier included (LiteLLM uplift multiplier)' } as const;
const openAiCacheWrites = 'OpenAI bills cache writes at the plain input price ("no additional fees", prompt caching guide 2026-06-27)';
const aaLatency = (note: string) => ({ url: AA, checkedAt: '2026-07-05', note: `Artificial Analysis medians, non-reasoning configuration: ${note}` });
const openAiRating = { url: OAI_MODELS, checkedAt: SHEET_DATE, note: 'OpenAI model pages, 1-5 dots: performance and speed; as transcribed for the fact sheet' } as const;

const sonnet45Standard = { inputPerMillion: '3.00', cachedInputPerMillion: '0.30', cacheWritePerMillion: '3.75', cacheWrite1hPerMillion: '6.00', outputPerMillion: '15.00' };
const sonnet45Long = { inputPerMillion: '6.00', cachedInputPerMillion: '0.60', cacheWritePerMillion: '7.50', cacheWrite1hPerMillion: '12.00', outputPerMillion: '22.50' };
const sonnet45Batch = { inputPerMillion: '1.50', cachedInputPerMillion: '0.15', cacheWritePerMillion: '1.875', cacheWrite1hPerMillion: '3.00', outputPerMillion: '7.50' };
const sonnet45BatchLong = { inputPerMillion: '3.00', cachedInputPerMillion: '0.30', cacheWritePerMillion: '3.75', cacheWrite1hPerMillion: '6.00', outputPerMillion: '11.25' };
const sonnet45BatchSource = { url: ANT_PRICING, checkedAt: SHEET_DATE, note: UNDATED, derived: 'batch = 50% of every standard price, stacking with cache multipliers and the long-context price (Message Batches)' };
const sonnet45Retired = {
  url: 'https://platform.claude.com/docs/en/release-notes/overview',
  checkedAt: '2026-09-23',
  note: 'as cited by genai-prices 0.1.8 (published 2026-09-23): "The 1M context beta was retired on 2026-04-30; requests over 200k now error"',
};

const openAiText = { input: ['text', 'image'], output: ['text'] } satisfies ModelEntryInput['modalities'];

export const FACT_ENTRIES: readonly FactEntry[] = [
  // ---------------------------------------------------------------- OpenAI
  {
    id: 'gpt-5.4',
    provider: 'openai',
    displayName: 'GPT-5.4',
    aliases: ['gpt-5.4-2026-03-05', 'openai/gpt-5.4'],
    releaseDate: '2026-03-05',
    knowledgeCutoff: '2025-08-31',
    contextWindow: 1_050_000,
    maxInputTokens: 922_000,
    maxOutputTokens: 128_000,
    modalities: { input: ['text', 'image', 'pdf'], output: ['text'] },
    reasoning: true,
    minCacheableTokens: 1024,
    prices: [
      {
        from: '2026-03-05',
        standard: {
          inputPerMillion: '2.50',
          cachedInputPerMillion: '0.25',
          cacheWritePerMillion: '2.50',
          outputPerMillion: '15.00',
          longContext: [{ fromInputTokens: 272_001, prices: { inputPerMillion: '5.00', cachedInputPerMillion: '0.50', cacheWritePerMillion: '5.00', outputPerMillion: '22.50' } }],
        },
        batch: {
          inputPerMillion: '1.25',
          cachedInputPerMillion: '0.125',
          cacheWritePerMillion: '1.25',
          outputPerMillion: '7.50',
          longContext: [{ fromInputTokens: 272_001, prices: { inputPerMillion: '2.50', cachedInputPerMillion: '0.25', cacheWritePerMillion: '2.50', outputPerMillion: '11.25' } }],
          source: openAiBatch,
        },
        flex: {
          inputPerMillion: '1.25',
          cachedInputPerMillion: '0.125',
          cacheWritePerMillion: '1.25',
          outputPerMillion: '7.50',
          longContext: [{ fromInputTokens: 272_001, prices: { inputPerMillion: '2.50', cachedInputPerMillion: '0.25', cacheWritePerMillion: '2.50', outputPerMillion: '11.25' } }],
          source: { ...openAiFlex, note: `${openAiFlex.note}; LiteLLM rounds cached flex to 0.13, the batch rate is 0.125` },
        },
        priority: { inputPerMillion: '5.00', cachedInputPerMillion: '0.50', cacheWritePerMillion: '5.00', outputPerMillion: '30.00', source: openAiPriority },
        regional: {
          inputPerMillion: '2.75',
          cachedInputPerMillion: '0.275',
          cacheWritePerMillion: '2.75',
          outputPerMillion: '16.50',
          longContext: [{ fromInputTokens: 272_001, prices: { inputPerMillion: '5.50', cachedInputPerMillion: '0.55', cacheWritePerMillion: '5.50', outputPerMillion: '24.75' } }],
          source: openAiRegional,
        },
        fees: { webSearchPerThousandCalls: '10' },
        sources: [
          { url: `${MD}/openai/models/gpt-5.4.toml`, checkedAt: '2026-06-08' },
          { url: OR, checkedAt: '2026-08-01', note: 'web_search 0.01 per call' },
          { url: OAI_PC, checkedAt: '2026-06-27', note: openAiCacheWrites },
        ],
      },
    ],
    performance: {
      rating: { capability: 5, speed: 3, source: openAiRating },
      latency: { ttftMs: 656, outputTokensPerSecond: 100.5, source: aaLatency('gpt-5-4-non-reasoning') },
    },
    notes: ['Prompts of more than 272,000 input tokens (272,001 and up) bill the whole request at 2x input and 1.5x output; 272,000 is still the base price.', 'Priority processing excludes long context.'],
  },
  {
    id: 'gpt-5.4-mini',
    provider: 'openai',
    displayName: 'GPT-5.4 mini',
    aliases: ['gpt-5.4-mini-2026-03-17', 'openai/gpt-5.4-mini', 'openai/gpt-5.4-mini-20260317'],
    releaseDate: '2026-03-17',
    knowledgeCutoff: '2025-08-31',
    contextWindow: 400_000,
    maxInputTokens: 272_000,
    maxOutputTokens: 128_000,
    modalities: openAiText,
    reasoning: true,
    minCacheableTokens: 1024,
    prices: [
      {
        from: '2026-03-17',
        standard: { inputPerMillion: '0.75', cachedInputPerMillion: '0.075', cacheWritePerMillion: '0.75', outputPerMillion: '4.50' },
        batch: { inputPerMillion: '0.375', cachedInputPerMillion: '0.0375', cacheWritePerMillion: '0.375', outputPerMillion: '2.25', source: openAiBatch },
        flex: { inputPerMillion: '0.375', cachedInputPerMillion: '0.0375', cacheWritePerMillion: '0.375', outputPerMillion: '2.25', source: openAiFlex },
        priority: { inputPerMillion: '1.50', cachedInputPerMillion: '0.15', cacheWritePerMillion: '1.50', outputPerMillion: '9.00', source: openAiPriority },
        regional: { inputPerMillion: '0.825', cachedInputPerMillion: '0.0825', cacheWritePerMillion: '0.825', outputPerMillion: '4.95', source: openAiRegional },
        fees: { webSearchPerThousandCalls: '10' },
        sources: [
          { url: OAI_ANN, checkedAt: '2026-03-17' },
          { url: OR, checkedAt: '2026-08-01', note: 'web_search 0.01 per call' },
          { url: OAI_PC, checkedAt: '2026-06-27', note: openAiCacheWrites },
        ],
      },
    ],
    performance: {
      latency: { ttftMs: 535, outputTokensPerSecond: 170.3, source: aaLatency('gpt-5-4-mini-non-reasoning') },
      rating: { capability: 4, speed: 4, source: openAiRating },
    },
    notes: ['Max input 272,000 (= 400,000 context - 128,000 output); LiteLLM briefly listed 1,050,000, treated as a copy error.'],
  },
  {
    id: 'gpt-5.4-nano',
    provider: 'openai',
    displayName: 'GPT-5.4 nano',
    aliases: ['gpt-5.4-nano-2026-03-17', 'openai/gpt-5.4-nano', 'openai/gpt-5.4-nano-20260317'],
    releaseDate: '2026-03-17',
    knowledgeCutoff: '2025-08-31',
    contextWindow: 400_000,
    maxInputTokens: 272_000,
    maxOutputTokens: 128_000,
    modalities: openAiText,
    reasoning: true,
    minCacheableTokens: 1024,
    prices: [
      {
        from: '2026-03-17',
        standard: { inputPerMillion: '0.20', cachedInputPerMillion: '0.02', cacheWritePerMillion: '0.20', outputPerMillion: '1.25' },
        batch: { inputPerMillion: '0.10', cachedInputPerMillion: '0.01', cacheWritePerMillion: '0.10', outputPerMillion: '0.625', source: openAiBatch },
        flex: { inputPerMillion: '0.10', cachedInputPerMillion: '0.01', cacheWritePerMillion: '0.10', outputPerMillion: '0.625', source: openAiFlex },
        regional: { inputPerMillion: '0.22', cachedInputPerMillion: '0.022', cacheWritePerMillion: '0.22', outputPerMillion: '1.375', source: openAiRegional },
        fees: { webSearchPerThousandCalls: '10' },
        sources: [
          { url: OAI_ANN, checkedAt: '2026-03-17' },
          // LiteLLM: no priority price listed for nano (nor in the priority page or models.dev)
          { url: OR, checkedAt: '2026-08-01', note: 'web_search 0.01 per call' },
          { url: OAI_PC, checkedAt: '2026-06-27', note: openAiCacheWrites },
        ],
      },
    ],
    performance: {
      latency: { ttftMs: 578, outputTokensPerSecond: 146.3, source: aaLatency('gpt-5-4-nano-non-reasoning') },
      rating: { capability: 3, speed: 4, source: openAiRating },
    },
  },
  {
    id: 'gpt-5-mini',
    provider: 'openai',
    displayName: 'GPT-5 mini',
    aliases: ['gpt-5-mini-2025-08-07', 'openai/gpt-5-mini'],
    contextWindow: 400_000,
    maxInputTokens: 272_000,
    maxOutputTokens: 128_000,
    modalities: openAiText,
    reasoning: true,
    minCacheableTokens: 1024,
    prices: [
      {
        standard: { inputPerMillion: '0.25', cachedInputPerMillion: '0.025', cacheWritePerMillion: '0.25', outputPerMillion: '2.00' },
        batch: { inputPerMillion: '0.125', cachedInputPerMillion: '0.0125', cacheWritePerMillion: '0.125', outputPerMillion: '1.00', source: openAiBatch },
        flex: { inputPerMillion: '0.125', cachedInputPerMillion: '0.0125', cacheWritePerMillion: '0.125', outputPerMillion: '1.00', source: openAiFlex },
        priority: { inputPerMillion: '0.45', cachedInputPerMillion: '0.045', cacheWritePerMillion: '0.45', outputPerMillion: '3.60', source: openAiPriority },
        sources: [
          { url: OAI_PC, checkedAt: '2026-06-27', note: openAiCacheWrites },
        ],
      },
    ],
    performance: {
      latency: { ttftMs: 777, outputTokensPerSecond: 99.9, source: aaLatency('gpt-5-mini-minimal (lowest reasoning effort; no non-reasoning row exists)') },
      rating: { capability: 3, speed: 4, source: openAiRating },
    },
  },
  {
    id: 'gpt-5-nano',
    provider: 'openai',
    displayName: 'GPT-5 nano',
    aliases: ['gpt-5-nano-2025-08-07', 'openai/gpt-5-nano'],
    contextWindow: 400_000,
    maxInputTokens: 272_000,
    maxOutputTokens: 128_000,
    modalities: openAiText,
    reasoning: true,
    minCacheableTokens: 1024,
    prices: [
      {
        standard: { inputPerMillion: '0.05', cachedInputPerMillion: '0.005', cacheWritePerMillion: '0.05', outputPerMillion: '0.40' },
        batch: { inputPerMillion: '0.025', cachedInputPerMillion: '0.0025', cacheWritePerMillion: '0.025', outputPerMillion: '0.20', source: openAiBatch },
        flex: { inputPerMillion: '0.025', cachedInputPerMillion: '0.0025', cacheWritePerMillion: '0.025', outputPerMillion: '0.20', source: openAiFlex },
        sources: [
          // LiteLLM: LiteLLM priority price (input 2.50, no output) is implausible and omitted
          { url: OAI_PC, checkedAt: '2026-06-27', note: openAiCacheWrites },
        ],
      },
    ],
    performance: {
      latency: { ttftMs: 709, outputTokensPerSecond: 149.8, source: aaLatency('gpt-5-nano-minimal (lowest reasoning effort; no non-reasoning row exists)') },
      rating: { capability: 2, speed: 5, source: openAiRating },
    },
  },
  {
    id: 'gpt-4o-mini',
    provider: 'openai',
    displayName: 'GPT-4o mini',
    aliases: ['gpt-4o-mini-2024-07-18', 'openai/gpt-4o-mini'],
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    modalities: { input: ['text', 'image', 'pdf'], output: ['text'] },
    reasoning: false,
    minCacheableTokens: 1024,
    prices: [
      {
        standard: { inputPerMillion: '0.15', cachedInputPerMillion: '0.075', cacheWritePerMillion: '0.15', outputPerMillion: '0.60' },
        batch: { inputPerMillion: '0.075', cachedInputPerMillion: '0.0375', cacheWritePerMillion: '0.075', outputPerMillion: '0.30', source: openAiBatch },
        sources: [
          // LiteLLM: LiteLLM priority price for gpt-4o-mini has a single source and is omitted
          { url: `${MD}/openai/models/gpt-4o-mini.toml`, checkedAt: '2026-05-26' },
          { url: OAI_PC, checkedAt: '2026-06-27', note: openAiCacheWrites },
        ],
      },
    ],
    performance: {
      latency: { ttftMs: 602, outputTokensPerSecond: 74.2, source: aaLatency('gpt-4o-mini') },
      rating: { capability: 2, speed: 4, source: openAiRating },
    },
  },
  {
    id: 'gpt-4.1-mini',
    provider: 'openai',
    displayName: 'GPT-4.1 mini',
    aliases: ['gpt-4.1-mini-2025-04-14', 'openai/gpt-4.1-mini'],
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    modalities: openAiText,
    reasoning: false,
    minCacheableTokens: 1024,
    prices: [
      {
        standard: { inputPerMillion: '0.40', cachedInputPerMillion: '0.10', cacheWritePerMillion: '0.40', outputPerMillion: '1.60' },
        batch: { inputPerMillion: '0.20', cachedInputPerMillion: '0.05', cacheWritePerMillion: '0.20', outputPerMillion: '0.80', source: openAiBatch },
        priority: { inputPerMillion: '0.70', cachedInputPerMillion: '0.175', cacheWritePerMillion: '0.70', outputPerMillion: '2.80', source: openAiPriority },
        sources: [
          { url: OAI_PC, checkedAt: '2026-06-27', note: openAiCacheWrites },
        ],
      },
    ],
    performance: {
      latency: { ttftMs: 630, outputTokensPerSecond: 87.1, source: aaLatency('gpt-4-1-mini') },
      rating: { capability: 3, speed: 4, source: openAiRating },
    },
  },
  {
    id: 'gpt-4.1-nano',
    provider: 'openai',
    displayName: 'GPT-4.1 nano',
    aliases: ['gpt-4.1-nano-2025-04-14', 'openai/gpt-4.1-nano'],
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    modalities: openAiText,
    reasoning: false,
    minCacheableTokens: 1024,
    prices: [
      {
        standard: { inputPerMillion: '0.10', cachedInputPerMillion: '0.025', cacheWritePerMillion: '0.10', outputPerMillion: '0.40' },
        batch: { inputPerMillion: '0.05', cachedInputPerMillion: '0.0125', cacheWritePerMillion: '0.05', outputPerMillion: '0.20', source: openAiBatch },
        priority: { inputPerMillion: '0.20', cachedInputPerMillion: '0.05', cacheWritePerMillion: '0.20', outputPerMillion: '0.80', source: openAiPriority },
        sources: [
          { url: OAI_PC, checkedAt: '2026-06-27', note: openAiCacheWrites },
        ],
      },
    ],
    performance: {
      latency: { ttftMs: 521, outputTokensPerSecond: 184.5, source: aaLatency('gpt-4-1-nano') },
      rating: { capability: 2, speed: 5, source: openAiRating },
    },
  },
  // ---------------------------------------------------------------- Anthropic
  {
    id: 'claude-haiku-4-5',
    provider: 'anthropic',
    displayName: 'Claude Haiku 4.5',
    aliases: ['claude-haiku-4-5-20251001', 'anthropic/claude-haiku-4-5', 'anthropic/claude-haiku-4.5', 'claude-haiku-4.5'],
    releaseDate: '2025-10-15',
    knowledgeCutoff: '2025-02-28',
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    modalities: { input: ['text', 'image', 'pdf'], output: ['text'] },
    reasoning: true,
    minCacheableTokens: 4096,
    prices: [
      {
        from: '2025-10-15',
        standard: { inputPerMillion: '1.00', cachedInputPerMillion: '0.10', cacheWritePerMillion: '1.25', cacheWrite1hPerMillion: '2.00', outputPerMillion: '5.00' },
        batch: {
          inputPerMillion: '0.50',
          cachedInputPerMillion: '0.05',
          cacheWritePerMillion: '0.625',
          cacheWrite1hPerMillion: '1.00',
          outputPerMillion: '2.50',
          source: { url: ANT_PRICING, checkedAt: SHEET_DATE, note: `${UNDATED}: "prompt caching multipliers stack with other pricing modifiers, including the Batch API discount"`, derived: 'batch = 50% of every standard price (Message Batches)' },
        },
        fees: { webSearchPerThousandCalls: '10' },
        sources: [
          { url: `${MD}/anthropic/models/claude-haiku-4-5.toml`, checkedAt: '2026-06-01' },
          { url: ANT_PRICING, checkedAt: SHEET_DATE, note: UNDATED },
        ],
      },
    ],
    performance: { latency: { ttftMs: 630, outputTokensPerSecond: 96.8, source: aaLatency('claude-4-5-haiku (no thinking)') } },
  },
  {
    id: 'claude-sonnet-4-5',
    provider: 'anthropic',
    displayName: 'Claude Sonnet 4.5',
    aliases: ['claude-sonnet-4-5-20250929', 'anthropic/claude-sonnet-4-5', 'anthropic/claude-sonnet-4.5', 'claude-sonnet-4.5'],
    releaseDate: '2025-09-29',
    knowledgeCutoff: '2025-07-31',
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    modalities: { input: ['text', 'image', 'pdf'], output: ['text'] },
    reasoning: true,
    minCacheableTokens: 1024,
    prices: [
      {
        // With the 1M-context beta (retired 2026-04-30), requests over 200K input tokens were
        // billed at the >200K price: kept so that history is priced right.
        from: '2025-09-29',
        until: '2026-04-30',
        standard: { ...sonnet45Standard, longContext: [{ fromInputTokens: 200_001, prices: sonnet45Long }] },
        batch: { ...sonnet45Batch, longContext: [{ fromInputTokens: 200_001, prices: sonnet45BatchLong }], source: sonnet45BatchSource },
        fees: { webSearchPerThousandCalls: '10' },
        sources: [{ url: ANT_PRICING, checkedAt: SHEET_DATE, note: UNDATED }, sonnet45Retired],
      },
      {
        from: '2026-04-30',
        standard: sonnet45Standard,
        batch: { ...sonnet45Batch, source: sonnet45BatchSource },
        fees: { webSearchPerThousandCalls: '10' },
        sources: [{ url: ANT_PRICING, checkedAt: SHEET_DATE, note: UNDATED }, sonnet45Retired],
      },
    ],
    performance: { latency: { ttftMs: 1260, outputTokensPerSecond: 45.8, source: aaLatency('claude-4-5-sonnet') } },
    notes: ['Context 200,000: the 1M-context beta was retired on 2026-04-30 and requests over 200K now fail (genai-prices 0.1.8 citing Anthropic\'s release notes; LiteLLM and models.dev agree). The >200K price applies only before 2026-04-30.'],
  },
  // ---------------------------------------------------------------- Google
  {
    id: 'gemini-2.5-flash',
    provider: 'google',
    displayName: 'Gemini 2.5 Flash',
    aliases: ['google/gemini-2.5-flash', 'gemini/gemini-2.5-flash'],
    knowledgeCutoff: '2025-01-31',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    modalities: { input: ['text', 'image', 'audio', 'video', 'pdf'], output: ['text'] },
    reasoning: true,
    cacheStoragePerMillionPerHour: '1.00',
    prices: [
      {
        standard: { inputPerMillion: '0.30', cachedInputPerMillion: '0.03', outputPerMillion: '2.50', audioInputPerMillion: '1.00', cachedAudioInputPerMillion: '0.10' },
        batch: {
          inputPerMillion: '0.15',
          cachedInputPerMillion: '0.015',
          outputPerMillion: '1.25',
          audioInputPerMillion: '0.50',
          cachedAudioInputPerMillion: '0.05',
          source: { url: GEM_BATCH, checkedAt: '2025-07-07', note: 'Batch Mode: 50% of the standard price', derived: 'batch = 50% of every standard price (GEM-BATCH)' },
        },
        flex: {
          inputPerMillion: '0.15',
          cachedInputPerMillion: '0.015',
          outputPerMillion: '1.25',
          audioInputPerMillion: '0.50',
          cachedAudioInputPerMillion: '0.05',
          source: { url: GEM_OPT, checkedAt: SHEET_DATE, note: `${UNDATED}: "Flex: 50% off"; not confirmed per model`, derived: 'flex = 50% of every standard price (GEM-OPT)' },
        },
        sources: [
          { url: `${MD}/google/models/gemini-2.5-flash.toml`, checkedAt: '2026-06-15' },
        ],
      },
    ],
    performance: { latency: { ttftMs: 433, outputTokensPerSecond: 198.2, source: aaLatency('gemini-2-5-flash') } },
    notes: ['Max output 65,536 (models.dev, matching Google\'s documentation); LiteLLM and OpenRouter copy 65,535.', 'Priority (+75% to +100%) is not a single documented price and is not bundled.'],
  },
  {
    id: 'gemini-2.5-flash-lite',
    provider: 'google',
    displayName: 'Gemini 2.5 Flash-Lite',
    aliases: ['google/gemini-2.5-flash-lite', 'gemini/gemini-2.5-flash-lite'],
    knowledgeCutoff: '2025-01-31',
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    modalities: { input: ['text', 'image', 'audio', 'video', 'pdf'], output: ['text'] },
    reasoning: true,
    prices: [
      {
        standard: { inputPerMillion: '0.10', cachedInputPerMillion: '0.01', outputPerMillion: '0.40', audioInputPerMillion: '0.30', cachedAudioInputPerMillion: '0.03' },
        batch: {
          inputPerMillion: '0.05',
          cachedInputPerMillion: '0.005',
          outputPerMillion: '0.20',
          audioInputPerMillion: '0.15',
          cachedAudioInputPerMillion: '0.015',
          source: { url: GEM_BATCH, checkedAt: '2025-07-07', note: 'Batch Mode: 50% of the standard price', derived: 'batch = 50% of every standard price (GEM-BATCH)' },
        },
        flex: {
          inputPerMillion: '0.05',
          cachedInputPerMillion: '0.005',
          outputPerMillion: '0.20',
          audioInputPerMillion: '0.15',
          cachedAudioInputPerMillion: '0.015',
          source: { url: GEM_OPT, checkedAt: SHEET_DATE, note: `${UNDATED}: "Flex: 50% off"; not confirmed per model`, derived: 'flex = 50% of every standard price (GEM-OPT)' },
        },
        sources: [
          { url: `${MD}/google/models/gemini-2.5-flash-lite.toml`, checkedAt: '2026-06-03' },
        ],
      },
    ],
    performance: { latency: { ttftMs: 297, outputTokensPerSecond: 210.0, source: aaLatency('gemini-2-5-flash-lite') } },
  },
  // ---------------------------------------------------------------- Meta Llama 4, one entry per host
  {
    id: 'groq/llama-4-scout',
    provider: 'meta',
    host: 'groq',
    hostModelId: 'meta-llama/llama-4-scout-17b-16e-instruct',
    displayName: 'Llama 4 Scout (Groq)',
    aliases: ['groq/meta-llama/llama-4-scout-17b-16e-instruct'],
    status: 'beta',
    statusNote: 'models.dev lists it as beta on Groq (2026-06-10)',
    knowledgeCutoff: '2024-08-31',
    contextWindow: 131_072,
    maxOutputTokens: 8_192,
    modalities: { input: ['text', 'image'], output: ['text'] },
    reasoning: false,
    prices: [
      {
        standard: { inputPerMillion: '0.11', outputPerMillion: '0.34' },
        sources: [
          { url: `${MD}/groq/models/meta-llama/llama-4-scout-17b-16e-instruct.toml`, checkedAt: '2026-06-10' },
        ],
      },
    ],
  },
  {
    id: 'groq/llama-4-maverick',
    provider: 'meta',
    host: 'groq',
    hostModelId: 'meta-llama/llama-4-maverick-17b-128e-instruct',
    displayName: 'Llama 4 Maverick (Groq)',
    aliases: ['groq/meta-llama/llama-4-maverick-17b-128e-instruct'],
    status: 'deprecated',
    statusNote: 'models.dev marked it deprecated and removed it from Groq\'s active catalog on 2026-06-10',
    knowledgeCutoff: '2024-08-31',
    contextWindow: 131_072,
    maxOutputTokens: 8_192,
    modalities: { input: ['text', 'image'], output: ['text'] },
    reasoning: false,
    prices: [
      {
        standard: { inputPerMillion: '0.20', outputPerMillion: '0.60' },
        sources: [
        ],
      },
    ],
  },
  {
    id: 'together/llama-4-scout',
    provider: 'meta',
    host: 'together',
    hostModelId: 'meta-llama/Llama-4-Scout-17B-16E-Instruct',
    displayName: 'Llama 4 Scout (Together)',
    aliases: ['together/meta-llama/Llama-4-Scout-17B-16E-Instruct', 'together_ai/meta-llama/Llama-4-Scout-17B-16E-Instruct'],
    knowledgeCutoff: '2024-08-31',
    modalities: { input: ['text'], output: ['text'] },
    reasoning: false,
    prices: [
      {
        standard: { inputPerMillion: '0.18', outputPerMillion: '0.59' },
        sources: [
        ],
      },
    ],
    notes: ['Context length and image input on Together were not found: no context check is possible. Batch is "up to 50%" off, not a price, so not bundled.'],
  },
  {
    id: 'deepinfra/llama-4-scout',
    provider: 'meta',
    host: 'deepinfra',
    hostModelId: 'meta-llama/Llama-4-Scout-17B-16E-Instruct',
    displayName: 'Llama 4 Scout (DeepInfra)',
    aliases: ['deepinfra/meta-llama/Llama-4-Scout-17B-16E-Instruct'],
    knowledgeCutoff: '2024-08-31',
    contextWindow: 327_680,
    maxOutputTokens: 16_384,
    modalities: { input: ['text', 'image'], output: ['text'] },
    reasoning: false,
    prices: [
      {
        standard: { inputPerMillion: '0.10', outputPerMillion: '0.30' },
        sources: [{ url: `${MD}/deepinfra/models/meta-llama/Llama-4-Scout-17B-16E-Instruct.toml`, checkedAt: '2026-06-10' }],
      },
    ],
  },
  {
    id: 'deepinfra/llama-4-maverick',
    provider: 'meta',
    host: 'deepinfra',
    hostModelId: 'meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8',
    displayName: 'Llama 4 Maverick (DeepInfra)',
    aliases: ['deepinfra/meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8'],
    knowledgeCutoff: '2024-08-31',
    contextWindow: 1_048_576,
    maxOutputTokens: 16_384,
    modalities: { input: ['text', 'image'], output: ['text'] },
    reasoning: false,
    prices: [
      {
        standard: { inputPerMillion: '0.15', outputPerMillion: '0.60' },
        sources: [{ url: `${MD}/deepinfra/models/meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8.toml`, checkedAt: '2026-06-10' }],
      },
    ],
  },
  {
    id: 'openrouter/llama-4-scout',
    provider: 'meta',
    host: 'openrouter',
    hostModelId: 'meta-llama/llama-4-scout',
    displayName: 'Llama 4 Scout (OpenRouter, routed)',
    aliases: ['openrouter/meta-llama/llama-4-scout'],
    knowledgeCutoff: '2024-08-31',
    contextWindow: 327_680,
    maxOutputTokens: 16_384,
    modalities: { input: ['text', 'image'], output: ['text'] },
    reasoning: false,
    prices: [
      {
        standard: { inputPerMillion: '0.10', outputPerMillion: '0.30' },
        sources: [{ url: OR, checkedAt: '2026-08-01', note: 'limits of the top provider' }],
      },
    ],
  },
  {
    id: 'openrouter/llama-4-maverick',
    provider: 'meta',
    host: 'openrouter',
    hostModelId: 'meta-llama/llama-4-maverick',
    displayName: 'Llama 4 Maverick (OpenRouter, routed)',
    aliases: ['openrouter/meta-llama/llama-4-maverick'],
    knowledgeCutoff: '2024-08-31',
    contextWindow: 1_048_576,
    maxOutputTokens: 16_384,
    modalities: { input: ['text', 'image'], output: ['text'] },
    reasoning: false,
    prices: [
      {
        standard: { inputPerMillion: '0.20', outputPerMillion: '0.80' },
        sources: [{ url: OR, checkedAt: '2026-08-01', note: 'limits of the top provider; genai-prices has an older 0.15/0.60 row' }],
      },
    ],
  },
  // ---------------------------------------------------------------- Mistral
  {
    id: 'mistral-small-2603',
    provider: 'mistral',
    displayName: 'Mistral Small 4',
    aliases: ['mistral-small-latest', 'mistral/mistral-small-latest', 'mistral/mistral-small-2603', 'mistral-small-4'],
    releaseDate: '2026-03-16',
    contextWindow: 262_144,
    maxOutputTokens: 256_000,
    modalities: { input: ['text', 'image'], output: ['text'] },
    reasoning: true,
    prices: [
      {
        from: '2026-03-16',
        standard: { inputPerMillion: '0.15', cachedInputPerMillion: '0.015', outputPerMillion: '0.60' },
        sources: [
          { url: `${MD}/mistral/models/mistral-small-2603.toml`, checkedAt: '2026-06-04' },
          { url: OR, checkedAt: '2026-08-01' },
        ],
      },
    ],
    performance: { latency: { ttftMs: 550, outputTokensPerSecond: 154.2, source: aaLatency('mistral-small-4-non-reasoning') } },
    notes: ['Context 262,144 (genai-prices, OpenRouter; issue 11); models.dev says 256,000.', 'Batch pricing is unverified and not bundled. Mistral Small 3.2 is not bundled: its sources conflict.'],
  },
];


/**
 * OpenAI's long-context rule (fact sheet §8): prompts of more than 272K input tokens are billed
 * 2x input (and cached input) and 1.5x output. ">272K": 272,000 is the base price and 272,001 the
 * first long-context token, as genai-prices' repository data (`start: 272000`, exclusive) and
 * LiteLLM (an invoice-based test bills 272,000 at the base rate) have it. The build writes
 * `fromInputTokens: 272_001` for every OpenAI tier at this threshold, whatever a dataset encodes.
 */
export const OPENAI_LONG_CONTEXT = { provider: 'openai', threshold: 272_000, fromInputTokens: 272_001 } as const;

const OAI_DEPRECATIONS = 'https://platform.openai.com/docs/deprecations';
const GEM_DEPRECATIONS = 'https://ai.google.dev/gemini-api/docs/deprecations';
const ANT_DEPRECATIONS = 'https://docs.claude.com/en/docs/about-claude/model-deprecations';
const openAiPage = (note: string): Source => ({ url: OAI_DEPRECATIONS, checkedAt: '2026-11-30', note: `as quoted by public write-ups (Oct-Nov 2026) in the dataset review: ${note}` });
const secondary = (url: string, checkedAt: string, note: string): Source => ({ url, checkedAt, note: `secondary source: ${note}` });

/** A lifecycle fact: dates and replacement, each with its source. */
export interface LifecycleFact {
  readonly id: string;
  readonly deprecatedAt?: { readonly date: string; readonly source: Source };
  readonly shutdownAt?: { readonly date: string; readonly source: Source };
  readonly replacement?: { readonly id: string; readonly source: Source };
}

const nanoShutdown = secondary('https://dev.to (ImportStatic, quoting OpenAI\'s deprecations page "as of October 15, 2026")', '2026-10-15', 'gpt-4.1-nano shut down 2026-10-23; Retell moved its users to gpt-5.6-luna on 2026-10-20');
const dec11 = openAiPage('gpt-5, gpt-5-mini, gpt-5-nano, gpt-5-pro, o3 and o3-pro shut down on 2026-12-11');
const jan14 = secondary('https://dev.to and hashnode summaries of OpenAI\'s deprecations page', '2026-10-31', 'gpt-4o, gpt-4o-mini, gpt-4.1 and gpt-4.1-mini shut down on 2027-01-14; replacement gpt-6-luna for the minis');
const gemini = secondary('https://dev.to/aideprecations (citing Google\'s deprecations page as read on 2026-11-10)', '2026-11-10', 'gemini-2.5-flash shuts down 2026-12-01 and is then routed to gemini-3.5-flash-lite at that model\'s rates');

export const LIFECYCLE: readonly LifecycleFact[] = [
  { id: 'gpt-4.1-nano', shutdownAt: { date: '2026-10-23', source: nanoShutdown }, replacement: { id: 'gpt-5.6-luna', source: nanoShutdown } },
  { id: 'o4-mini', shutdownAt: { date: '2026-10-23', source: openAiPage('o4-mini shut down 2026-10-23') } },
  { id: 'gpt-5-mini', shutdownAt: { date: '2026-12-11', source: dec11 }, replacement: { id: 'gpt-6.1-terra', source: dec11 } },
  { id: 'gpt-5-nano', shutdownAt: { date: '2026-12-11', source: dec11 } },
  { id: 'gpt-5', shutdownAt: { date: '2026-12-11', source: dec11 }, replacement: { id: 'gpt-6.1-sol', source: dec11 } },
  { id: 'gpt-5-pro', shutdownAt: { date: '2026-12-11', source: { ...dec11, note: `secondary source; ${dec11.note ?? ''}` } } },
  { id: 'o3', shutdownAt: { date: '2026-12-11', source: dec11 } },
  { id: 'o3-pro', shutdownAt: { date: '2026-12-11', source: dec11 } },
  { id: 'gpt-5.1', shutdownAt: { date: '2027-04-01', source: secondary(OAI_DEPRECATIONS, '2026-11-30', 'gpt-5.1 shuts down 2027-04-01 (dataset review)') } },
  { id: 'gpt-4o-mini', shutdownAt: { date: '2027-01-14', source: jan14 }, replacement: { id: 'gpt-6-luna', source: jan14 } },
  { id: 'gpt-4.1-mini', shutdownAt: { date: '2027-01-14', source: jan14 }, replacement: { id: 'gpt-6-luna', source: jan14 } },
  { id: 'gpt-4o', shutdownAt: { date: '2027-01-14', source: jan14 } },
  { id: 'gpt-4.1', shutdownAt: { date: '2027-01-14', source: jan14 } },
  { id: 'gemini-2.5-flash', shutdownAt: { date: '2026-12-01', source: gemini }, replacement: { id: 'gemini-3.5-flash-lite', source: gemini } },
  {
    id: 'gemini-2.5-pro',
    shutdownAt: { date: '2026-12-01', source: secondary(GEM_DEPRECATIONS, '2026-11-10', 'gemini-2.5-pro shuts down 2026-12-01 (dataset review)') },
    replacement: { id: 'gemini-3.8-flash', source: secondary(GEM_DEPRECATIONS, '2026-11-10', 'routed to gemini-3.8-flash') },
  },
  { id: 'gemini-3-pro-preview', shutdownAt: { date: '2026-03-09', source: { url: GEM_DEPRECATIONS, checkedAt: '2026-11-30', note: 'dataset review: gemini-3-pro-preview was shut down 2026-03-09' } } },
  {
    id: 'gemini-3.5-flash',
    deprecatedAt: { date: '2026-11-10', source: secondary(GEM_DEPRECATIONS, '2026-11-10', 'listed as deprecated, routed to gemini-3.6-flash (date = when the page was read)') },
    replacement: { id: 'gemini-3.6-flash', source: secondary(GEM_DEPRECATIONS, '2026-11-10', 'routed to gemini-3.6-flash') },
  },
  { id: 'claude-sonnet-4-0', shutdownAt: { date: '2026-06-15', source: { url: ANT_DEPRECATIONS, checkedAt: '2026-11-30', note: 'dataset review: Sonnet 4 was retired on 2026-06-15' } } },
];

/**
 * Latency defaults (median TTFT at a 1,000-token prompt and median output speed) for catalog
 * models that come from the datasets, not from a fact entry: the Artificial Analysis snapshot of
 * 2026-07-05 (../shared/reference/snapshots/artificial-analysis-speed-2026-07-05.json), in the
 * non-reasoning configuration where AA measures one, else the lowest reasoning effort it measures
 * (said in the note). Rows with no measurement (speed 0) and models AA only measures with
 * reasoning on are left out: their latency stays unknown. Keyed by catalog id.
 */
export const LATENCY_FACTS: Readonly<Record<string, { readonly ttftMs: number; readonly outputTokensPerSecond: number; readonly source: Source }>> = {
  'gpt-5.5': { ttftMs: 915, outputTokensPerSecond: 69.6, source: aaLatency('gpt-5-5-non-reasoning') },
  'gpt-4.1': { ttftMs: 595, outputTokensPerSecond: 130.6, source: aaLatency('gpt-4-1') },
  'gpt-4o': { ttftMs: 451, outputTokensPerSecond: 208.5, source: aaLatency('gpt-4o') },
  'claude-sonnet-4-6': { ttftMs: 988, outputTokensPerSecond: 46.6, source: aaLatency('claude-sonnet-4-6 (no extended thinking; the "adaptive" row is the thinking one)') },
  'claude-opus-4-1': { ttftMs: 1977, outputTokensPerSecond: 34.8, source: aaLatency('claude-4-1-opus (no thinking)') },
  'claude-opus-4-5': { ttftMs: 1310, outputTokensPerSecond: 47.8, source: aaLatency('claude-opus-4-5 (no thinking)') },
  'claude-opus-4-6': { ttftMs: 1769, outputTokensPerSecond: 43.4, source: aaLatency('claude-opus-4-6 (no thinking; the "adaptive" row is the thinking one)') },
  'claude-opus-4-7': { ttftMs: 1524, outputTokensPerSecond: 43.9, source: aaLatency('claude-opus-4-7-non-reasoning') },
  'gemini-3.5-flash': { ttftMs: 685, outputTokensPerSecond: 198.9, source: aaLatency('gemini-3-5-flash-minimal (lowest thinking level; no non-reasoning row exists)') },
  'gemini-3-flash-preview': { ttftMs: 725, outputTokensPerSecond: 192.1, source: aaLatency('gemini-3-flash (the "reasoning" row is the thinking one)') },
  'deepseek-v4-flash': { ttftMs: 817, outputTokensPerSecond: 93.3, source: aaLatency('deepseek-v4-flash-non-reasoning') },
  'deepseek-v4-pro': { ttftMs: 1024, outputTokensPerSecond: 52.7, source: aaLatency('deepseek-v4-pro-non-reasoning') },
  'grok-4.3': { ttftMs: 626, outputTokensPerSecond: 112.7, source: aaLatency('grok-4-3-non-reasoning') },
  'mistral-medium-3-5': { ttftMs: 667, outputTokensPerSecond: 114.8, source: aaLatency('mistral-medium-3-5') },
  'mistral-large-3': { ttftMs: 656, outputTokensPerSecond: 59.9, source: aaLatency('mistral-large-3') },
};

/** Context limits the fact sheet or the review settles against a dataset. */
export const LIMIT_FACTS: Readonly<Record<string, { readonly contextWindow?: number; readonly maxInputTokens?: number; readonly maxOutputTokens?: number; readonly source: Source }>> = {
  'claude-sonnet-4-0': { contextWindow: 200_000, source: { ...CONFLICT_REVIEW, note: 'the 1M context beta was retired on 2026-04-30; LiteLLM still says 1,000,000' } },
};

/** Names that the fact sheet assigns to a model (they beat a dataset's own entry of that name). */
export const ALIAS_FACTS: readonly { readonly name: string; readonly id: string; readonly source: Source }[] = [
  { name: 'mistral-small-latest', id: 'mistral-small-2603', source: { ...FACT_SHEET, note: 'models.dev repointed mistral-small-latest to Small 4 (PR #1289, 2026-03-29); genai-prices (0.10/0.30) and LiteLLM (0.06/0.18) still price it as Small 3.x' } },
];

/**
 * Dataset figures the fact sheet or review calls implausible or UNVERIFIED: left out.
 * `model` is the catalog id, `tier` the service tier whose prices are dropped.
 */
export const OMIT: readonly { readonly model: string; readonly tier: 'batch' | 'flex' | 'priority'; readonly why: string }[] = [
  { model: 'gpt-5-nano', tier: 'priority', why: 'LiteLLM priority input 2.50 with no output is implausible (fact sheet §6-3, UNVERIFIED)' },
  { model: 'gpt-4o-mini', tier: 'priority', why: 'LiteLLM only (fact sheet §1, UNVERIFIED)' },
];

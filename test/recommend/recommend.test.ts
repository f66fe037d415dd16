import { describe, expect, it } from 'vitest';
import { levelOf } from '../../src/recommend/capability-index.js';
import { isLlmSpendError, type LlmSpendErrorCode } from '../../src/errors.js';
import { createPricingTable, defaultPricing, withOverrides } from '../../src/pricing/index.js';
import { projectSpend } from '../../src/projection/project.js';
import { DEFAULT_LATENCY_TAIL_SIGMA, recommendModel, type ConstraintCheck, type ContextFitCheck, type RecommendConstraints, type RecommendationOption } from '../../src/recommend/index.js';

function codeOf(run: () => unknown): LlmSpendErrorCode | 'no error' | 'other error' {
  try {
    run();
    return 'no error';
  } catch (error) {
    return isLlmSpendError(error) ? error.code : 'other error';
  }
}

function check(option: RecommendationOption | null | undefined, name: ConstraintCheck['name']): ConstraintCheck {
  const found = option?.checks.find((item) => item.name === name);
  if (found === undefined) throw new Error(`no ${name} check on ${option?.id ?? 'null'}`);
  return found;
}

function option(result: { options: readonly RecommendationOption[] }, id: string): RecommendationOption {
  const found = result.options.find((item) => item.id === id);
  if (found === undefined) throw new Error(`no option ${id}`);
  return found;
}

// 50,000 tickets a day, 1,000 input tokens (ticket + instructions), a 20-token label.
const triage = { volume: { calls: 50_000, per: 'day' }, tokens: { input: 1000, output: 20 } } as const;
// The cascade example of domain-notes §3: 1,000 input / 300 output tokens, 1M calls a month.
const perMillion = { volume: { calls: 1_000_000, per: 'month' }, tokens: { input: 1000, output: 300 } } as const;

describe('worked cases', () => {
  it('high-volume classification: a p95 SLO both meet and a budget only nano fits picks nano', () => {
    const result = recommendModel(triage, { task: 'classification', budget: { usd: '1000', per: 'month' }, latency: { p95Ms: 5000 } });
    expect(result.choice?.id).toBe('gpt-5.4-nano');
    const nano = option(result, 'gpt-5.4-nano');
    const mini = option(result, 'gpt-5.4-mini');
    // 1,520,833.3 calls a month: nano 1000 × 0.20 + 20 × 1.25 = 225 µ$ a call; mini 750 + 90 = 840 µ$.
    expect(nano.spend.expected).toBe('342.1875');
    expect(mini.spend.expected).toBe('1277.5');
    expect(check(nano, 'latency.p95').pass).toBe(true);
    expect(check(mini, 'latency.p95').pass).toBe(true);
    expect(check(mini, 'budget')).toMatchObject({ pass: false, limit: '1000', actual: '1277.5', margin: '-277.5' });
    expect(check(nano, 'budget')).toMatchObject({ pass: true, margin: '657.8125' });
    expect(check(nano, 'capability')).toMatchObject({ pass: true, limit: 2, actual: 3, margin: 1 });
    expect(result.bindingConstraint).toBeNull();
    expect(result.nearest).toBeNull();
    expect(result.explanation).toMatch(/^Choose gpt-5\.4-nano/);
  });

  it('a coding task picks mini: nano is below the floor of 4', () => {
    const result = recommendModel(triage, { task: 'coding' });
    expect(result.choice?.id).toBe('gpt-5.4-mini');
    expect(check(option(result, 'gpt-5.4-nano'), 'capability')).toMatchObject({ pass: false, limit: 4, actual: 3, margin: -1 });
    expect(check(result.choice, 'capability')).toMatchObject({ pass: true, actual: 4, margin: 0 });
    expect(result.explanation).toContain('would cost less but fails capability');
  });

  it('a budget too small for any candidate returns no choice, naming the budget', () => {
    const result = recommendModel(perMillion, { budget: { usd: '100', per: 'month' } });
    expect(result.choice).toBeNull();
    expect(result.bindingConstraint).toBe('budget');
    expect(result.nearest?.id).toBe('gpt-5.4-nano');
    expect(check(result.nearest, 'budget')).toMatchObject({ pass: false, actual: '575', margin: '-475' });
    expect(result.explanation).toContain('The binding constraint is budget');
  });

  it('a cascade nano → mini at 30% escalation on 1,000 / 300 tokens costs 42.62% less than mini alone; p* = 72.6%', () => {
    const result = recommendModel(perMillion, { escalationRate: 0.3 });
    const cascade = option(result, 'cascade:gpt-5.4-nano>gpt-5.4-mini');
    // c_nano = 1000 × 0.20 + 300 × 1.25 = 575 µ$; c_mini = 750 + 1350 = 2100 µ$; cascade = 575 + 0.3 × 2100 = 1205 µ$.
    expect(option(result, 'gpt-5.4-nano').perCall).toBe('0.000575');
    expect(option(result, 'gpt-5.4-mini').perCall).toBe('0.0021');
    expect(cascade.perCall).toBe('0.001205');
    expect(cascade.spend.expected).toBe('1205');
    expect(cascade.models).toEqual(['gpt-5.4-nano', 'gpt-5.4-mini']);
    expect(cascade.cascade?.savingVsLarge).toBeCloseTo(1 - 1205 / 2100, 12);
    expect(cascade.cascade?.savingVsLarge).toBeCloseTo(0.4262, 4);
    expect(cascade.cascade?.breakEvenRate).toBeCloseTo(1 - 575 / 2100, 12);
    expect(cascade.cascade?.breakEvenRate).toBeCloseTo(0.726, 3);
    expect(result.explanation).toContain('42.6% less than gpt-5.4-mini alone');
    expect(result.explanation).toContain('stops paying above 72.6% escalation');
    // At the break-even rate the cascade costs what mini costs.
    const atBreakEven = recommendModel(perMillion, { escalationRate: 1 - 575 / 2100 });
    expect(Number(option(atBreakEven, 'cascade:gpt-5.4-nano>gpt-5.4-mini').spend.expected)).toBeCloseTo(2100, 6);
  });

  it('a cascade pays both calls on the escalated share: latency from the mixture, not the means (domain-notes §3)', () => {
    // Lognormal latencies of median 1 s and 3 s, σ 0.5; 5% escalate: p99 moves from 3.2 s to 5.9 s, the mean by 15%.
    const result = recommendModel(
      { volume: { calls: 1000, per: 'day' }, tokens: { input: 100, output: 0 } },
      {
        escalationRate: 0.05,
        latencyProfiles: {
          // TTFTs measured at this workload's 100-token prompt (issue 12: TTFT grows with the prompt)
          'gpt-5.4-nano': { ttftMs: 1000, outputTokensPerSecond: 100, tailSigma: 0.5, referenceInputTokens: 100 },
          'gpt-5.4-mini': { ttftMs: 3000, outputTokensPerSecond: 100, tailSigma: 0.5, referenceInputTokens: 100 },
        },
      },
    );
    const nano = option(result, 'gpt-5.4-nano').latency;
    const cascade = option(result, 'cascade:gpt-5.4-nano>gpt-5.4-mini').latency;
    expect(nano?.p99Ms).toBeCloseTo(1000 * Math.exp(2.3263478740408408 * 0.5), 0);
    expect((nano?.p99Ms ?? 0) / 1000).toBeCloseTo(3.2, 1);
    // domain-notes rounds it to 5.9 s; the mixture gives 5.85 s (a 4-million-draw Monte Carlo: 5.84 s).
    expect((cascade?.p99Ms ?? 0) / 1000).toBeGreaterThan(5.8);
    expect((cascade?.p99Ms ?? 0) / 1000).toBeLessThan(5.9);
    expect((cascade?.meanMs ?? 0) / (nano?.meanMs ?? 1)).toBeCloseTo(1.15, 2);
    expect(cascade?.method).toBe('exact');
  });
});

describe('latency defaults and profiles', () => {
  it('uses the table profile with the fixed-length calibration (issue 12); the pessimistic σ on request gives p95 = 5.7 × p50', () => {
    const result = recommendModel(triage, {});
    const nano = option(result, 'gpt-5.4-nano');
    // 578 ms (at the 1,000-token reference prompt, which triage sends) + 20 tokens / 146.3 tokens/s, split tail
    const ratio = (nano.latency?.p95Ms ?? 0) / (nano.latency?.p50Ms ?? 1);
    expect(ratio).toBeGreaterThan(1.5);
    expect(ratio).toBeLessThan(2.6);
    expect(nano.latency?.profiles['gpt-5.4-nano']?.source.note).toContain('gpt-5-4-nano-non-reasoning');
    expect(nano.latency?.profiles['gpt-5.4-nano']?.tailSource).toContain('fixed-length');
    const pessimistic = option(recommendModel(triage, { latencyTailSigma: DEFAULT_LATENCY_TAIL_SIGMA }), 'gpt-5.4-nano');
    expect(pessimistic.latency?.p50Ms).toBeCloseTo(578 + (20 * 1000) / 146.3, 2);
    expect((pessimistic.latency?.p95Ms ?? 0) / (pessimistic.latency?.p50Ms ?? 1)).toBeCloseTo(Math.exp(1.6448536269514722 * DEFAULT_LATENCY_TAIL_SIGMA), 4);
  });

  it('reasoning tokens add reasoning / speed; maxOutputTokens caps them', () => {
    const base = { volume: { calls: 10, per: 'day' }, tokens: { input: 500, output: 100, reasoning: 900 } } as const;
    const profiles = { 'gpt-5.4-mini': { tailSigma: 0 } };
    const free = option(recommendModel(base, { candidates: ['gpt-5.4-mini'], latencyProfiles: profiles }), 'gpt-5.4-mini');
    // a 500-token prompt: 50 ms less prefill than the 1,000-token reference (0.1 ms per token)
    expect(free.latency?.p50Ms).toBeCloseTo(485 + (1000 * 1000) / 170.3, 3);
    const capped = option(recommendModel({ ...base, maxOutputTokens: 500 }, { candidates: ['gpt-5.4-mini'], latencyProfiles: profiles }), 'gpt-5.4-mini');
    expect(capped.latency?.p50Ms).toBeCloseTo(485 + (500 * 1000) / 170.3, 3);
  });

  it('a model without latency data fails a latency constraint as unknown unless given a profile', () => {
    const constraints: RecommendConstraints = { candidates: ['gpt-5.2', 'gpt-5.4-mini'], latency: { p95Ms: 60_000 } };
    const without = recommendModel(triage, constraints);
    const full = option(without, 'gpt-5.2');
    expect(full.latency).toBeNull();
    expect(check(full, 'latency.p95')).toMatchObject({ pass: false, actual: null, margin: null });
    expect(check(full, 'latency.p95').detail).toContain('latency unknown');
    expect(full.warnings.map((warning) => warning.code)).toContain('LATENCY_UNKNOWN');
    expect(without.choice?.id).toBe('gpt-5.4-mini');
    const withProfile = recommendModel(triage, { ...constraints, latencyProfiles: { 'gpt-5.2': { ttftMs: 900, outputTokensPerSecond: 80 } } });
    expect(check(option(withProfile, 'gpt-5.2'), 'latency.p95').pass).toBe(true);
    expect(option(withProfile, 'gpt-5.2').latency?.profiles['gpt-5.2']?.source.url).toBe('user-supplied profile');
  });

  it('profiles in the workload override the table; the constraints override the workload, field by field', () => {
    const workload = { ...triage, latencyProfiles: { 'gpt-5.4-nano': { ttftMs: 200, outputTokensPerSecond: 400, tailSigma: 0 } } };
    const fromWorkload = option(recommendModel(workload, {}), 'gpt-5.4-nano');
    expect(fromWorkload.latency?.p50Ms).toBeCloseTo(200 + 50, 6);
    const both = option(recommendModel(workload, { latencyProfiles: { 'openai/gpt-5.4-nano': { ttftMs: 100 } } }), 'gpt-5.4-nano');
    expect(both.latency?.p50Ms).toBeCloseTo(100 + 50, 6);
    expect(both.latency?.p95Ms).toBeCloseTo(150, 6);
  });

  it('latencyTailSigma sets the spread of every default profile', () => {
    const narrow = option(recommendModel(triage, { latencyTailSigma: 0.5 }), 'gpt-5.4-mini').latency;
    expect((narrow?.p95Ms ?? 0) / (narrow?.p50Ms ?? 1)).toBeCloseTo(Math.exp(1.6448536269514722 * 0.5), 4);
  });

  it('batch and flex have no default latency: the table figures are for standard processing', () => {
    const result = recommendModel({ ...triage, tier: 'flex' }, { latency: { p95Ms: 10_000 } });
    expect(result.choice).toBeNull();
    expect(result.bindingConstraint).toBe('latency.p95');
    expect(check(result.nearest, 'latency.p95').detail).toContain('flex');
    const measured = recommendModel({ ...triage, tier: 'flex' }, { latency: { p95Ms: 10_000 }, latencyProfiles: { 'gpt-5.4-nano': { ttftMs: 1500, outputTokensPerSecond: 60, tailSigma: 0.8 } } });
    expect(measured.choice?.id).toBe('gpt-5.4-nano');
  });

  it('conversations: latency per turn (assistant + reasoning tokens of one turn)', () => {
    const chat = { volume: { calls: 100, per: 'day' }, conversation: { turns: 6, userTokensPerTurn: 80, assistantTokensPerTurn: 300, systemTokens: 500 } } as const;
    const mini = option(recommendModel(chat, { latencyTailSigma: 0 }), 'gpt-5.4-mini');
    // the mean turn's prompt: 500 + 80·(6+1)/2 + 300·(6−1)/2 = 1,530 tokens → TTFT 535 + 53 ms
    expect(mini.latency?.p50Ms).toBeCloseTo(588 + (300 * 1000) / 170.3, 3);
  });

  it('pipelines: latency per task by a seeded Monte Carlo over the steps, deterministic', () => {
    const pipeline = {
      volume: { calls: 1000, per: 'day' },
      steps: [
        { name: 'plan', tokens: { input: 2000, output: 200 } },
        { name: 'act', callsPerTask: 3, tokens: { input: 1500, output: 100 } },
      ],
    } as const;
    const a = recommendModel(pipeline, { latencyTailSigma: 0 });
    const mini = option(a, 'gpt-5.4-mini');
    expect(mini.latency?.method).toBe('monte-carlo');
    // 4 sequential calls: 4 × 535 ms + prefill beyond the 1,000-token reference (100 + 3 × 50 ms) + 500 tokens / 170.3 tokens/s, no tail.
    expect(mini.latency?.p50Ms).toBeCloseTo(4 * 535 + 250 + (500 * 1000) / 170.3, 3);
    expect(mini.warnings.map((warning) => warning.code)).toContain('LATENCY_MONTE_CARLO');
    expect(recommendModel(pipeline, { latencyTailSigma: 0 })).toEqual(a);
    const tailed = option(recommendModel(pipeline, { seed: 7 }), 'gpt-5.4-mini').latency;
    expect(tailed?.p95Ms).toBeGreaterThan(tailed?.p50Ms ?? Infinity);
  });
});

describe('constraints', () => {
  it('a budget can check a percentile of the band (p90) instead of the expectation', () => {
    const uncertain = { volume: { calls: { low: 20_000, median: 50_000, high: 90_000 }, per: 'day' }, tokens: { input: 1000, output: 20 } } as const;
    const projection = projectSpend(uncertain, { model: 'gpt-5.4-nano' });
    const expected = Number(projection.spend.expected);
    const p90 = Number(projection.spend.p90);
    expect(p90).toBeGreaterThan(expected);
    const usd = String(Math.round((expected + p90) / 2));
    const onExpected = recommendModel(uncertain, { candidates: ['gpt-5.4-nano'], budget: { usd, per: 'month' } });
    const onP90 = recommendModel(uncertain, { candidates: ['gpt-5.4-nano'], budget: { usd, per: 'month', percentile: 'p90' } });
    expect(onExpected.choice?.id).toBe('gpt-5.4-nano');
    expect(onP90.choice).toBeNull();
    expect(check(onP90.nearest, 'budget')).toMatchObject({ percentile: 'p90', actual: projection.spend.p90 });
    expect(onP90.assumptions.budgetSpend).toBe('p90');
  });

  it('the budget period sets the projection period', () => {
    const daily = recommendModel(triage, { budget: { usd: '20', per: 'day' } });
    expect(daily.assumptions.period.name).toBe('day');
    expect(option(daily, 'gpt-5.4-nano').spend.expected).toBe('11.25');
    expect(daily.choice?.id).toBe('gpt-5.4-nano');
  });

  it('minCapability overrides the task floor; capability ratings override the table', () => {
    expect(recommendModel(triage, { task: 'coding', minCapability: 3 }).choice?.id).toBe('gpt-5.4-nano');
    expect(recommendModel(triage, { task: 'coding', capability: { 'gpt-5.4-nano': 4 } }).choice?.id).toBe('gpt-5.4-nano');
  });

  it('a model without a rating or an Artificial Analysis index fails a floor as "capability unknown" unless rated', () => {
    const result = recommendModel(triage, { candidates: ['deepseek-chat'], task: 'chat' });
    expect(result.choice).toBeNull();
    expect(result.bindingConstraint).toBe('capability');
    expect(check(result.nearest, 'capability')).toMatchObject({ actual: null, pass: false });
    expect(check(result.nearest, 'capability').detail).toContain('capability unknown');
    expect(result.warnings.map((warning) => warning.code)).toContain('CAPABILITY_UNKNOWN');
    expect(recommendModel(triage, { candidates: ['deepseek-chat'], task: 'chat', capability: { 'deepseek-chat': 3 } }).choice?.id).toBe('deepseek-chat');
  });

  it('other providers are rated from the Artificial Analysis indices mapped to the 1–5 scale (issue 12)', () => {
    // Claude Haiku 4.5: Intelligence Index 23.7 ≥ 14.8 (gpt-4.1-mini, OpenAI-rated 3) → 3: meets chat, not coding.
    const chat = recommendModel(triage, { candidates: ['claude-haiku-4-5'], task: 'chat' });
    expect(chat.choice?.id).toBe('claude-haiku-4-5');
    expect(option(chat, 'claude-haiku-4-5').capability).toBe(3);
    expect(recommendModel(triage, { candidates: ['claude-haiku-4-5'], task: 'coding' }).bindingConstraint).toBe('capability');
    // Gemini 3.5 Flash: Coding Index 70.1 ≥ 56.1 (gpt-5.4-mini, rated 4) → 4 for coding.
    expect(option(recommendModel(triage, { candidates: ['gemini-3.5-flash'], task: 'coding' }), 'gemini-3.5-flash').capability).toBe(4);
    // OpenAI's own rating wins where it exists: nano's coding index would earn 4, OpenAI says 3.
    expect(option(recommendModel(triage, { candidates: ['gpt-5.4-nano'], task: 'coding' }), 'gpt-5.4-nano').capability).toBe(3);
    expect(levelOf(40, 'intelligence')).toBe(4);
    expect(levelOf(6.8, 'intelligence')).toBe(1);
  });

  it('a cascade or split takes the lowest capability of the models that answer', () => {
    const result = recommendModel(triage, { task: 'coding', escalationRate: 0.3, splitShare: 0.5 });
    expect(option(result, 'cascade:gpt-5.4-nano>gpt-5.4-mini').capability).toBe(3);
    expect(option(result, 'split:gpt-5.4-nano+gpt-5.4-mini').capability).toBe(3);
    expect(result.choice?.id).toBe('gpt-5.4-mini');
    // Everything escalates: only mini answers.
    const all = recommendModel(triage, { task: 'coding', escalationRate: 1 });
    expect(option(all, 'cascade:gpt-5.4-nano>gpt-5.4-mini').capability).toBe(4);
  });

  it('a cascade that never escalates or a split that sends everything one way is left out beside single models', () => {
    expect(recommendModel(triage, { escalationRate: 0, splitShare: 1 }).options.map((item) => item.strategy)).toEqual(['single', 'single']);
    const only = recommendModel(triage, { strategies: ['cascade'], escalationRate: 0 });
    expect(only.options.map((item) => item.id)).toEqual(['cascade:gpt-5.4-nano>gpt-5.4-mini']);
    expect(only.options[0]?.spend.expected).toBe(option(recommendModel(triage, {}), 'gpt-5.4-nano').spend.expected);
  });

  it('quality: per model, mixed by share for cascades and splits, or per option id', () => {
    const quality = { 'gpt-5.4-nano': 0.81, 'gpt-5.4-mini': 0.93 };
    const result = recommendModel(triage, { quality, minQuality: 0.85, escalationRate: 0.5, splitShare: 0.25 });
    expect(option(result, 'gpt-5.4-nano').quality).toBe(0.81);
    expect(option(result, 'cascade:gpt-5.4-nano>gpt-5.4-mini').quality).toBeCloseTo(0.87, 12);
    expect(option(result, 'split:gpt-5.4-nano+gpt-5.4-mini').quality).toBeCloseTo(0.84, 12);
    expect(result.choice?.id).toBe('cascade:gpt-5.4-nano>gpt-5.4-mini');
    const measured = recommendModel(triage, { quality: { ...quality, 'split:gpt-5.4-nano+gpt-5.4-mini': 0.9 }, minQuality: 0.85, escalationRate: 0.5, splitShare: 0.25 });
    expect(measured.choice?.id).toBe('split:gpt-5.4-nano+gpt-5.4-mini');
    const unknown = recommendModel(triage, { minQuality: 0.5 });
    expect(unknown.choice).toBeNull();
    expect(unknown.bindingConstraint).toBe('quality');
  });

  it('required modalities: images in the workload require image input', () => {
    const tagging = { volume: { calls: 10_000, per: 'day' }, tokens: { input: 200, output: 30 }, images: { perCall: 1, width: 1024, height: 1024 } } as const;
    const result = recommendModel(tagging, { candidates: ['together/llama-4-scout', 'gpt-5.4-nano'] });
    expect(result.assumptions.modalities).toEqual(['image']);
    const llama = option(result, 'together/llama-4-scout');
    // priced without the images, and out on modalities
    expect(check(llama, 'modalities')).toMatchObject({ pass: false, margin: -1, limit: ['image'], actual: [] });
    expect(llama.warnings.map((warning) => warning.code)).toContain('NO_IMAGE_INPUT');
    expect(Number(llama.spend.expected)).toBeLessThan(Number(option(result, 'gpt-5.4-nano').spend.expected));
    expect(result.choice?.id).toBe('gpt-5.4-nano');
    const textOnly = recommendModel(tagging, { candidates: ['together/llama-4-scout'] });
    expect(textOnly.choice).toBeNull();
    expect(textOnly.bindingConstraint).toBe('modalities');
    const audio = recommendModel(triage, { modalities: ['audio'] });
    expect(audio.choice).toBeNull();
    expect(audio.bindingConstraint).toBe('modalities');
  });

  it('context fit: calls that do not fit fail the option', () => {
    const huge = { volume: { calls: 100, per: 'day' }, tokens: { input: 300_000, output: 100 } } as const;
    const result = recommendModel(huge, { candidates: ['gpt-5.4-mini', 'gpt-5.4-nano', 'gpt-5.4'] });
    expect(check(option(result, 'gpt-5.4-mini'), 'context')).toMatchObject({ pass: false, actual: 1 });
    expect(result.choice?.id).toBe('gpt-5.4');
    const some = { volume: { calls: 100, per: 'day' }, tokens: { input: { uniform: [200_000, 300_000] }, output: 100 } } as const;
    const shares = recommendModel(some, { maxContextOverflowShare: 0.5, maxContextOverflowSpendShare: 0.5 });
    const fit = check(option(shares, 'gpt-5.4-nano'), 'context') as ContextFitCheck;
    expect(fit.actual).toBeCloseTo(0.28, 2);
    // the longest prompts are the dearest: 28 % of calls are ~31 % of the spend
    expect(fit.spendShare).toBeGreaterThan(0.3);
    expect(shares.choice?.id).toBe('gpt-5.4-nano');
    // with the default spend limit (1 %) the same option fails on the spend share alone
    expect(check(option(recommendModel(some, { maxContextOverflowShare: 0.5 }), 'gpt-5.4-nano'), 'context').pass).toBe(false);
  });

  it('context fit (issue 12): a parametric tail cannot fail an option by itself; a meaningful share of calls or of spend does', () => {
    // An agent whose prompts are lognormal (median 20,000, p95 60,000): 0.0047 % of calls (0.05 % of the spend) pass 272,000 tokens.
    const agent = { volume: { calls: 5000, per: 'day' }, tokens: { input: { lognormal: { median: 20_000, p95: 60_000 } }, output: 800 } } as const;
    const result = recommendModel(agent, { task: 'classification' });
    const fit = check(option(result, 'gpt-5.4-nano'), 'context') as ContextFitCheck;
    expect(fit.actual).toBeGreaterThan(0);
    expect(fit.actual).toBeLessThan(0.001);
    expect(fit.spendShare).toBeLessThan(0.01);
    expect(fit.pass).toBe(true);
    expect(fit.detail).toMatch(/of calls \(.*of the spend\) do not fit/);
    expect(result.choice?.id).toBe('gpt-5.4-nano');
    // A heavier tail (p95 80,000): 0.098 % of calls, under the 0.1 % limit, but 1.04 % of the spend → fails on the spend share.
    const heavy = { volume: { calls: 5000, per: 'day' }, tokens: { input: { lognormal: { median: 20_000, p95: 80_000 } }, output: 800 } } as const;
    const heavyFit = check(option(recommendModel(heavy, { task: 'classification' }), 'gpt-5.4-nano'), 'context') as ContextFitCheck;
    expect(heavyFit.actual).toBeLessThan(0.001);
    expect(heavyFit.spendShare).toBeGreaterThan(0.01);
    expect(heavyFit.pass).toBe(false);
  });

  it('candidates with no price for the workload are listed as unavailable, not thrown', () => {
    const result = recommendModel({ ...triage, tier: 'priority' }, {});
    expect(result.unavailable.map((item) => item.model)).toEqual(['gpt-5.4-nano']);
    expect(result.choice?.id).toBe('gpt-5.4-mini');
  });

  it('custom tables work (createPricingTable / withOverrides)', () => {
    const pricing = withOverrides(defaultPricing, { 'gpt-5.4-nano': { prices: { standard: { inputPerMillion: '1', outputPerMillion: '9' } } } });
    expect(recommendModel(triage, { pricing }).choice?.id).toBe('gpt-5.4-mini');
    const tiny = createPricingTable({
      version: 1,
      checkedAt: '2026-11-01',
      models: [
        {
          id: 'in-house',
          provider: 'self',
          contextWindow: 32_000,
          maxOutputTokens: 4_000,
          modalities: { input: ['text'], output: ['text'] },
          reasoning: false,
          prices: [{ standard: { inputPerMillion: '0.05', outputPerMillion: '0.1' }, sources: [{ url: 'contract', checkedAt: '2026-11-01' }] }],
          performance: { rating: { capability: 2, source: { url: 'our eval', checkedAt: '2026-11-01' } } },
        },
      ],
    });
    const result = recommendModel(triage, { pricing: tiny, candidates: ['in-house'], task: 'routing', latency: { p95Ms: 2000 }, latencyProfiles: { 'in-house': { ttftMs: 100, outputTokensPerSecond: 300, tailSigma: 0.4 } } });
    expect(result.choice?.id).toBe('in-house');
  });
});

describe('choice, nearest and frontier', () => {
  it('options follow the choice rule; the frontier is the cost–p95 Pareto set', () => {
    // A month from 2026-09-01, when gpt-4.1-nano (shut down 2026-10-23) was still alive: every option is admissible.
    const result = recommendModel(perMillion, { escalationRate: 0.3, splitShare: 0.3, candidates: ['gpt-5.4-mini', 'gpt-5.4-nano', 'gpt-4.1-nano'], start: '2026-09-01' });
    const costs = result.options.map((item) => Number(item.spend.expected));
    expect([...costs].sort((a, b) => a - b)).toEqual(costs);
    expect(result.options).toHaveLength(3 + 3 + 3);
    for (const point of result.frontier) {
      for (const other of result.options) {
        if (other === point || other.latency === null || point.latency === null) continue;
        const cheaper = Number(other.spend.expected) <= Number(point.spend.expected);
        const faster = other.latency.p95Ms <= point.latency.p95Ms;
        const strictly = Number(other.spend.expected) < Number(point.spend.expected) || other.latency.p95Ms < point.latency.p95Ms;
        expect(cheaper && faster && strictly, `${other.id} dominates ${point.id}`).toBe(false);
      }
    }
    for (const other of result.options) {
      if (result.frontier.includes(other) || other.latency === null) continue;
      expect(result.frontier.some((point) => Number(point.spend.expected) <= Number(other.spend.expected) && (point.latency?.p95Ms ?? Infinity) <= other.latency!.p95Ms)).toBe(true);
    }
  });

  it('ties on expected spend go to the lower p95 latency', () => {
    const pricing = withOverrides(defaultPricing, { 'gpt-5.4-nano': { prices: { standard: { inputPerMillion: '0.75', cachedInputPerMillion: '0.075', cacheWritePerMillion: '0.75', outputPerMillion: '4.50' } } } });
    // Same prices: mini (535 ms, 170 tokens/s) is faster than nano (578 ms, 146 tokens/s).
    expect(recommendModel(perMillion, { pricing }).choice?.id).toBe('gpt-5.4-mini');
    const slowMini = recommendModel(perMillion, { pricing, latencyProfiles: { 'gpt-5.4-mini': { ttftMs: 2000 } } });
    expect(slowMini.choice?.id).toBe('gpt-5.4-nano');
  });

  it('the nearest option fails the fewest checks; the binding constraint is its largest shortfall', () => {
    const result = recommendModel(triage, { task: 'coding', budget: { usd: '500', per: 'month' } });
    expect(result.choice).toBeNull();
    // nano fails capability only (342 < 500); mini fails the budget only (1277.5 > 500): mini is 155% over, nano 25% short.
    expect(result.nearest?.id).toBe('gpt-5.4-nano');
    expect(result.bindingConstraint).toBe('capability');
  });
});

describe('bad constraints', () => {
  const cases: Array<[string, unknown, LlmSpendErrorCode]> = [
    ['negative budget', { budget: { usd: '-5', per: 'month' } }, 'INVALID_CONSTRAINTS'],
    ['budget not a decimal', { budget: { usd: '1e3', per: 'month' } }, 'INVALID_CONSTRAINTS'],
    ['budget per unknown', { budget: { usd: '5', per: 'fortnight' } }, 'INVALID_CONSTRAINTS'],
    ['budget with a guard window', { budget: { usd: '5', window: 'month' } }, 'INVALID_CONSTRAINTS'],
    ['budget percentile unknown', { budget: { usd: '5', per: 'month', percentile: 'p95' } }, 'INVALID_CONSTRAINTS'],
    ['unknown task kind', { task: 'poetry' }, 'INVALID_CONSTRAINTS'],
    ['unknown candidate', { candidates: ['gpt-5.4-mnii'] }, 'UNKNOWN_MODEL'],
    ['empty candidates', { candidates: [] }, 'INVALID_CONSTRAINTS'],
    ['escalation rate above 1', { escalationRate: 1.5 }, 'INVALID_CONSTRAINTS'],
    ['escalation rate below 0', { escalationRate: -0.1 }, 'INVALID_CONSTRAINTS'],
    ['escalation rate NaN', { escalationRate: Number.NaN }, 'INVALID_CONSTRAINTS'],
    ['split share above 1', { splitShare: 2 }, 'INVALID_CONSTRAINTS'],
    ['cascade without a rate', { strategies: ['cascade'] }, 'INVALID_CONSTRAINTS'],
    ['rate without the cascade strategy', { strategies: ['single'], escalationRate: 0.2 }, 'INVALID_CONSTRAINTS'],
    ['unknown strategy', { strategies: ['ensemble'] }, 'INVALID_CONSTRAINTS'],
    ['cascade with one candidate', { candidates: ['gpt-5.4-mini'], escalationRate: 0.2 }, 'INVALID_CONSTRAINTS'],
    ['negative latency', { latency: { p95Ms: -1 } }, 'INVALID_CONSTRAINTS'],
    ['latency key misspelt', { latency: { p95: 500 } }, 'INVALID_CONSTRAINTS'],
    ['capability out of scale', { minCapability: 7 }, 'INVALID_CONSTRAINTS'],
    ['rating of an unknown model', { capability: { 'gpt-9': 3 } }, 'UNKNOWN_MODEL'],
    ['unknown modality', { modalities: ['smell'] }, 'INVALID_CONSTRAINTS'],
    ['unknown field', { budjet: { usd: '5', per: 'month' } }, 'INVALID_CONSTRAINTS'],
    ['bad profile', { latencyProfiles: { 'gpt-5.4-mini': { ttftMs: 0 } } }, 'INVALID_CONSTRAINTS'],
    ['bad tail sigma', { latencyTailSigma: -1 }, 'INVALID_CONSTRAINTS'],
    ['period against the budget', { budget: { usd: '5', per: 'month' }, period: 'day' }, 'INVALID_CONSTRAINTS'],
  ];
  it.each(cases)('%s', (_name, constraints, code) => {
    expect(codeOf(() => recommendModel(triage, constraints as RecommendConstraints))).toBe(code);
  });

  it('messages name the field and what to do', () => {
    try {
      recommendModel(triage, { task: 'clasification' as never });
      expect.unreachable();
    } catch (error) {
      expect(isLlmSpendError(error, 'INVALID_CONSTRAINTS')).toBe(true);
      expect((error as Error).message).toContain('task');
      expect((error as Error).message).toContain('Did you mean "classification"');
    }
    try {
      recommendModel(triage, { candidates: ['gpt-5.4-mnii'] });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain('candidates[0]');
      expect((error as Error).message).toContain('gpt-5.4-mini');
    }
  });

  it('a bad workload is INVALID_WORKLOAD', () => {
    expect(codeOf(() => recommendModel({ volume: { calls: -1, per: 'day' }, tokens: { input: 1, output: 1 } }))).toBe('INVALID_WORKLOAD');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fcOptions } from '../seed.js';
import { createPricingTable, listModels, type ModelEntryInput } from '../../src/index.js';
import { projectSpend, recommendModel, type LifecycleCheck, type RecommendConstraints } from '../../src/projection/index.js';

// Planning treats a model shut down during the period as unavailable (issue 11, item 6).
const triage = { volume: { calls: 50_000, per: 'day' }, tokens: { input: 1000, output: 20 } } as const;

function lifecycleOf(option: { checks: readonly { name: string }[] }): LifecycleCheck | undefined {
  return option.checks.find((check): check is LifecycleCheck => check.name === 'lifecycle');
}

describe('recommendModel and lifecycle', () => {
  it('with candidates [gpt-4.1-nano, gpt-5.4-nano] it never picks gpt-4.1-nano, though cheaper, and says why', () => {
    const result = recommendModel(triage, { candidates: ['gpt-4.1-nano', 'gpt-5.4-nano'], task: 'classification' });
    expect(result.choice?.id).toBe('gpt-5.4-nano');
    const nano41 = result.options.find((option) => option.id === 'gpt-4.1-nano');
    // listed and priced: 1,520,833.3… calls × (1000 × 0.10 + 20 × 0.40)/1M = 1,520,833.3… × 0.000108
    expect(nano41?.spend.expected).toBe('164.25');
    expect(nano41?.feasible).toBe(false);
    const check = nano41 === undefined ? undefined : lifecycleOf(nano41);
    expect(check).toMatchObject({ name: 'lifecycle', pass: false, actual: '2026-10-23', replacements: { 'gpt-4.1-nano': 'gpt-5.6-luna' } });
    expect(check?.detail).toContain('shut down on 2026-10-23');
    expect(check?.detail).toContain('gpt-5.6-luna');
    expect(result.unavailable).toEqual([expect.objectContaining({ model: 'gpt-4.1-nano', code: 'MODEL_SHUT_DOWN', replacement: 'gpt-5.6-luna' })]);
    expect(result.explanation).toContain('gpt-4.1-nano would cost less but fails lifecycle');
    expect(nano41?.warnings.map((warning) => warning.code)).toContain('MODEL_SHUT_DOWN');
    // an active model carries no lifecycle check
    const chosen = result.choice;
    expect(chosen === null ? 'none' : lifecycleOf(chosen)).toBeUndefined();
  });

  it('a bare month starts at `start`, else `at`, else the table\'s checkedAt (2026-11-25)', () => {
    const candidates = ['gpt-5-mini', 'gpt-5.4-nano'];
    // from 2026-11-25, 730 hours reach 2026-12-25: gpt-5-mini shuts down on 2026-12-11 within it
    const byTable = recommendModel(triage, { candidates, task: 'classification' });
    expect(lifecycleOf(byTable.options.find((option) => option.id === 'gpt-5-mini')!)).toMatchObject({ pass: false, limit: '2026-12-25', actual: '2026-12-11', margin: -14 });
    // a month from 2026-10-01 ends 2026-10-31: gpt-5-mini is deprecated but alive, and allowed
    const october = recommendModel(triage, { candidates, task: 'classification', start: '2026-10-01' });
    const mini = october.options.find((option) => option.id === 'gpt-5-mini')!;
    expect(lifecycleOf(mini)).toMatchObject({ pass: true, limit: '2026-10-31', actual: '2026-12-11', margin: 41, replacements: { 'gpt-5-mini': 'gpt-6.1-terra' } });
    expect(mini.warnings.map((warning) => warning.code)).toContain('MODEL_DEPRECATED');
    // `at` anchors the month when there is no start
    const atOctober = recommendModel(triage, { candidates, task: 'classification', at: '2026-10-01' });
    expect(lifecycleOf(atOctober.options.find((option) => option.id === 'gpt-5-mini')!)?.pass).toBe(true);
  });

  it('a deprecated model that is alive for the whole period can be chosen, and the explanation says so', () => {
    const result = recommendModel(triage, { candidates: ['gpt-4o-mini', 'gpt-5.4-nano'], task: 'classification', period: { from: '2026-12-01', to: '2027-01-01' } });
    expect(result.choice?.id).toBe('gpt-4o-mini');
    expect(lifecycleOf(result.choice!)).toMatchObject({ pass: true, actual: '2027-01-14', replacements: { 'gpt-4o-mini': 'gpt-6-luna' } });
    expect(result.explanation).toContain('gpt-4o-mini is deprecated: it shuts down on 2027-01-14');
    // over a range that reaches the shutdown, it is out
    const january = recommendModel(triage, { candidates: ['gpt-4o-mini', 'gpt-5.4-nano'], task: 'classification', period: { from: '2027-01-01', to: '2027-02-01' } });
    expect(january.choice?.id).toBe('gpt-5.4-nano');
  });

  it('only shut-down candidates: no choice, lifecycle binds, and the nearest names the replacement', () => {
    const result = recommendModel(triage, { candidates: ['gpt-4.1-nano', 'o4-mini'] });
    expect(result.choice).toBeNull();
    expect(result.bindingConstraint).toBe('lifecycle');
    expect(result.explanation).toContain('not available for the whole period');
    expect(result.unavailable.map((item) => item.model).sort()).toEqual(['gpt-4.1-nano', 'o4-mini']);
  });

  it('a cascade through a shut-down model fails lifecycle too', () => {
    const result = recommendModel(triage, { candidates: ['gpt-4.1-nano', 'gpt-5.4-nano', 'gpt-5.4-mini'], strategies: ['cascade'], escalationRate: 0.2 });
    for (const option of result.options) {
      expect(lifecycleOf(option)?.pass ?? true).toBe(!option.models.includes('gpt-4.1-nano'));
    }
    expect(result.choice?.models).not.toContain('gpt-4.1-nano');
  });

  it('start must be a date', () => {
    expect(() => recommendModel(triage, { start: 'soon' })).toThrow(expect.objectContaining({ code: 'INVALID_CONSTRAINTS' }));
  });
});

describe('projectSpend and lifecycle', () => {
  it('a projection on gpt-5-mini for December 2026 warns about its 2026-12-11 shutdown, with the replacement, and still prices', () => {
    const december = projectSpend({ volume: { calls: 10_000, per: 'day' }, tokens: { input: 500, output: 100 } }, { model: 'gpt-5-mini', period: { from: '2026-12-01', to: '2027-01-01' } });
    // 31 days × 10,000 calls × (500 × 0.25 + 100 × 2.00)/1M = 310,000 × 0.000325
    expect(december.spend.expected).toBe('100.75');
    const warning = december.warnings.find((item) => item.code === 'MODEL_SHUT_DOWN');
    expect(warning?.message).toContain('2026-12-11');
    expect(warning?.message).toContain('gpt-6.1-terra');
    // November: alive through the period, deprecated
    const november = projectSpend({ volume: { calls: 10_000, per: 'day' }, tokens: { input: 500, output: 100 } }, { model: 'gpt-5-mini', period: { from: '2026-11-01', to: '2026-12-01' } });
    expect(november.warnings.map((item) => item.code)).toEqual(['MODEL_DEPRECATED']);
  });

  it('an active model gets no lifecycle warning; a pipeline step on a shut-down model does', () => {
    expect(projectSpend(triage, { model: 'gpt-5.4-nano' }).warnings).toEqual([]);
    const pipeline = projectSpend(
      { volume: { calls: 1000, per: 'day' }, steps: [{ name: 'route', model: 'gpt-4.1-nano', tokens: { input: 300, output: 5 } }, { name: 'answer', tokens: { input: 1000, output: 200 } }] },
      { model: 'gpt-5.4-mini', start: '2026-12-01' },
    );
    expect(pipeline.warnings.filter((item) => item.code === 'MODEL_SHUT_DOWN').map((item) => item.message.slice(0, 40))).toEqual(['gpt-4.1-nano was shut down on 2026-10-23']);
  });
});

// ---------------------------------------------------------------------------------------
// Property: the recommender's choice is never a model shut down during the period.
// ---------------------------------------------------------------------------------------
const DAY = 86_400_000;
const BASE = Date.parse('2026-06-01');
const day = (offset: number): string => new Date(BASE + offset * DAY).toISOString().slice(0, 10);

const scenario = fc.record({
  models: fc.array(
    fc.record({
      input: fc.integer({ min: 1, max: 400 }).map((cents) => (cents / 100).toString()),
      output: fc.integer({ min: 1, max: 800 }).map((cents) => (cents / 100).toString()),
      shutdown: fc.option(fc.integer({ min: -60, max: 150 }), { nil: undefined, freq: 2 }),
      replacement: fc.boolean(),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  period: fc.oneof(
    fc.record({ kind: fc.constant('named' as const), name: fc.constantFrom('day', 'week', 'month', 'year'), start: fc.integer({ min: 0, max: 90 }) }),
    fc.record({ kind: fc.constant('range' as const), from: fc.integer({ min: 0, max: 90 }), length: fc.integer({ min: 1, max: 60 }) }),
  ),
  strategies: fc.constantFrom<Array<'single' | 'cascade' | 'split'>>(['single'], ['single', 'cascade'], ['single', 'split']),
});

describe('property: lifecycle in the recommender', () => {
  it('the choice is never a model shut down on or before the period\'s end, and listModels({ aliveDuring }) offers every model of the choice', () => {
    fc.assert(
      fc.property(scenario, ({ models, period, strategies }) => {
        const source = { url: 'test', checkedAt: '2026-06-01' };
        const entries: ModelEntryInput[] = models.map((model, index) => ({
          id: `m${index}`,
          provider: 'test',
          contextWindow: 128_000,
          maxOutputTokens: 4096,
          modalities: { input: ['text'], output: ['text'] },
          reasoning: false,
          prices: [{ standard: { inputPerMillion: model.input, outputPerMillion: model.output }, sources: [source] }],
          ...(model.shutdown === undefined
            ? {}
            : { lifecycle: { shutdownAt: { date: day(model.shutdown), source }, ...(model.replacement ? { replacement: { id: 'm-next', source } } : {}) } }),
        }));
        const pricing = createPricingTable({ version: 1, checkedAt: '2026-06-01', models: entries });
        const ids = entries.map((entry) => entry.id);
        const hours = { day: 24, week: 168, month: 730, year: 8760 } as const;
        let constraints: RecommendConstraints;
        let fromMs: number;
        let toMs: number;
        if (period.kind === 'named') {
          fromMs = BASE + period.start * DAY;
          toMs = fromMs + hours[period.name as keyof typeof hours] * 3_600_000;
          constraints = { period: period.name as 'month', start: day(period.start) };
        } else {
          fromMs = BASE + period.from * DAY;
          toMs = fromMs + period.length * DAY;
          constraints = { period: { from: day(period.from), to: day(period.from + period.length) } };
        }
        const multi = strategies.length > 1 && ids.length >= 2;
        const result = recommendModel(triage, {
          ...constraints,
          pricing,
          candidates: ids,
          strategies: multi ? strategies : ['single'],
          ...(multi && strategies.includes('cascade') ? { escalationRate: 0.25 } : {}),
          ...(multi && strategies.includes('split') ? { splitShare: 0.4 } : {}),
        });
        const deadBy = (id: string): boolean => {
          const shutdown = entries.find((entry) => entry.id === id)?.lifecycle?.shutdownAt?.date;
          return shutdown !== undefined && Date.parse(shutdown) <= toMs;
        };
        for (const option of result.options) {
          // escalationRate 0.25 and splitShare 0.4: every model of every option is called
          if (option.models.some(deadBy)) expect(option.feasible).toBe(false);
        }
        if (result.choice !== null) {
          for (const id of result.choice.models) expect(deadBy(id)).toBe(false);
          const alive = listModels({ pricing, aliveDuring: { from: new Date(fromMs), to: new Date(toMs) } }).map((entry) => entry.id);
          for (const id of result.choice.models) expect(alive).toContain(id);
        } else {
          // with no choice and every candidate dead, lifecycle binds
          if (ids.every(deadBy)) expect(result.bindingConstraint).toBe('lifecycle');
        }
      }),
      { ...fcOptions, numRuns: 60 },
    );
  });
});

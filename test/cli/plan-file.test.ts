// The plan file in process: parsing, money as written, error positions, pricing-file
// detection, and the small formatting and chart helpers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLlmSpendError, LlmSpendError } from '../../src/errors.js';
import { moneyTick, niceTicks } from '../../src/cli/format/charts.js';
import { percentText, table, usd, wrap } from '../../src/cli/format/text.js';
import { parsePlan, readPlanSource, type PlanIssue } from '../../src/cli/plan/parse.js';
import { planSchema } from '../../src/cli/plan/schema.js';
import { detectPricingFormat } from '../../src/cli/pricing-file.js';
import { headline } from '../../src/cli/report/diff.js';
import { repo } from './helpers.js';

const minimal = (budget: string): string => `version: 1
budget: { usd: ${budget}, per: month }
workloads:
  - name: triage
    volume: { calls: 10, per: day }
    tokens: { input: 800, output: 40 }
`;

function issuesOf(text: string): PlanIssue[] {
  try {
    parsePlan(text, { file: 'p.yaml' });
  } catch (error) {
    if (isLlmSpendError(error, 'INVALID_PLAN')) return error.details['issues'] as PlanIssue[];
    throw error;
  }
  throw new Error('the plan parsed');
}

describe('parsePlan', () => {
  it('parses every example', () => {
    for (const name of ['support-triage', 'coding-assistant', 'agent-pipeline']) {
      const plan = parsePlan(readFileSync(join(repo, 'examples', `${name}.yaml`), 'utf8'), { file: name });
      expect(plan.version).toBe(1);
      expect(plan.workloads.length).toBeGreaterThan(0);
    }
  });

  it('reads money from the source text, never through a binary float', () => {
    expect(parsePlan(minimal('1500.50')).budget?.usd).toBe('1500.50');
    expect(parsePlan(minimal('0.30')).budget?.usd).toBe('0.30');
    expect(parsePlan(minimal('"1500.50"')).budget?.usd).toBe('1500.50');
    expect(parsePlan(minimal('12345678901234567890.123456789')).budget?.usd).toBe('12345678901234567890.123456789');
    expect(parsePlan(minimal('1500')).budget?.usd).toBe('1500');
    const json = parsePlan('{"version":1,"budget":{"usd":0.1,"per":"month"},"policies":{"failOnIncreaseUsd":99.99},"workloads":[{"name":"a","volume":{"calls":1,"per":"day"},"tokens":{"input":1,"output":1}}]}');
    expect(json.budget?.usd).toBe('0.1');
    expect(json.policies?.failOnIncreaseUsd).toBe('99.99');
  });

  it('refuses money that is not a plain decimal, at its line and column', () => {
    for (const bad of ['1e3', '-5', '"$15"', '"1,500"', '0x10']) {
      const [issue] = issuesOf(minimal(bad));
      expect(issue?.path, bad).toBe('budget.usd');
      expect(issue?.line, bad).toBe(2);
      expect(issue?.column, bad).toBe(16);
      expect(issue?.message, bad).toContain('must be a non-negative amount in USD such as 1500 or 1500.50');
    }
    // In code (planSchema), a fractional JS number is refused: it is already a binary float.
    expect(planSchema.safeParse({ version: 1, budget: { usd: 0.1, per: 'month' }, workloads: [{ name: 'a', volume: { calls: 1, per: 'day' }, tokens: { input: 1, output: 1 } }] }).success).toBe(false);
  });

  it('names unknown fields with a suggestion, and every problem with its place', () => {
    const issues = issuesOf(`version: 1
workloads:
  - name: triage
    volum: { calls: 10, per: day }
    tokens: { input: 800, output: 40 }
  - name: triage
    volume: { calls: 10, per: fortnight }
    tokens: { input: 800, output: 40 }
`);
    expect(issues).toEqual([
      { path: 'workloads[0].volume', message: 'is required', line: 3, column: 5 },
      expect.objectContaining({ path: 'workloads[0].volum', line: 4, column: 5, message: expect.stringContaining('unknown field "volum". Did you mean "volume"?') }),
      expect.objectContaining({ path: 'workloads[1].volume.per', line: 7, column: 31, message: expect.stringContaining('got "fortnight"') }),
    ]);
  });

  it('checks unique workload names', () => {
    const issues = issuesOf(`version: 1
workloads:
  - { name: a, volume: { calls: 1, per: day }, tokens: { input: 1, output: 1 } }
  - { name: a, volume: { calls: 1, per: day }, tokens: { input: 1, output: 1 } }
`);
    expect(issues).toEqual([{ path: 'workloads[1].name', message: 'workload names must be unique; "a" is also workloads[0]', line: 4, column: 13 }]);
  });

  it('reports syntax errors, duplicate keys, an empty file and a wrong version', () => {
    expect(issuesOf('version: 1\nversion: 1\n')[0]).toMatchObject({ path: '(syntax)', line: 2, column: 1 });
    expect(issuesOf('')[0]?.message).toContain('the file is empty');
    expect(issuesOf('- 1\n- 2\n')[0]?.message).toContain('got a list');
    expect(issuesOf(minimal('1').replace('version: 1', 'version: 2'))[0]).toMatchObject({ path: 'version', line: 1, column: 10 });
  });

  it('treats keys such as __proto__ as data', () => {
    const issues = issuesOf(`version: 1
__proto__: { polluted: true }
workloads:
  - { name: a, volume: { calls: 1, per: day }, tokens: { input: 1, output: 1 } }
`);
    expect(issues[0]).toMatchObject({ path: '__proto__', line: 2, column: 1 });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('locates any field for later checks', () => {
    const source = readPlanSource(minimal('1'), { file: 'p.yaml' });
    expect(source.locate(['workloads', 0, 'tokens', 'output'])).toEqual({ line: 6, column: 35 });
    expect(source.locate(['workloads', 0, 'volume'])).toEqual({ line: 5, column: 5 });
    expect(source.has(['workloads', 0, 'name'])).toBe(true);
    expect(source.has(['workloads', 1])).toBe(false);
  });

  it('throws LlmSpendError INVALID_PLAN with a code frame', () => {
    try {
      parsePlan(minimal('x'), { file: 'plan.yaml' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LlmSpendError);
      const { message, details } = error as LlmSpendError;
      expect(message).toContain('plan.yaml:2:16: budget.usd:');
      expect(message).toContain('> 2 | budget: { usd: x, per: month }');
      expect(details).toMatchObject({ file: 'plan.yaml', line: 2, column: 16, path: 'budget.usd' });
    }
  });
});

describe('pricing file detection', () => {
  it('tells llm-spend, LiteLLM and models.dev files apart', () => {
    const fixture = (name: string): unknown => JSON.parse(readFileSync(join(repo, 'test', 'fixtures', name), 'utf8'));
    expect(detectPricingFormat(fixture('litellm-model-prices.json'))).toBe('litellm');
    expect(detectPricingFormat(fixture('models-dev-api.json'))).toBe('models-dev');
    expect(detectPricingFormat({ version: 1, checkedAt: '2026-11-25', models: [] })).toBe('llm-spend');
    expect(detectPricingFormat({ 'gpt-x': { input_cost_per_token: 1e-7, output_cost_per_token: 2e-7 } })).toBe('litellm');
    expect(detectPricingFormat({ providers: [{ id: 'openai', models: [] }] })).toBe('genai-prices');
    expect(detectPricingFormat({ hello: 'world' })).toBeUndefined();
    expect(detectPricingFormat([1, 2])).toBeUndefined();
  });
});

describe('formatting helpers', () => {
  it('formats money, percentages and headlines', () => {
    expect(usd('1402')).toBe('$1,402.00');
    expect(usd('0.004')).toBe('<$0.01');
    expect(usd('0')).toBe('$0.00');
    expect(usd('0.000319', 6)).toBe('$0.000319');
    expect(percentText('23.7373', true)).toBe('+23.7%');
    expect(percentText('1728.4', true)).toBe('+1,728%');
    expect(percentText('-19.18')).toBe('-19.2%');
    expect(percentText('0.001', true)).toBe('+<0.1%');
    expect(headline('495', '612.5')).toBe('Monthly LLM spend will increase by $117.50 (+23.7%)');
    expect(headline('0', '1361')).toBe('Monthly LLM spend will increase by $1,361.00 (from $0.00)');
    expect(headline('612.5', '495')).toBe('Monthly LLM spend will decrease by $117.50 (-19.2%)');
    expect(headline('495', '495')).toBe('Monthly LLM spend will not change ($495.00 a month)');
  });

  it('keeps tables and wrapped text within the width', () => {
    const lines = table([{ header: 'Name', shrink: true }, { header: 'Value', align: 'right' }], [['x'.repeat(150), '$1.00']], { maxWidth: 40 });
    expect(lines.every((line) => [...line].length <= 40)).toBe(true);
    expect(lines[1]).toMatch(/…\s+\$1\.00$/);
    expect(wrap('word '.repeat(60), { indent: 2, hanging: 4, maxWidth: 30 }).every((line) => line.length <= 30)).toBe(true);
    expect(wrap('y'.repeat(250), { maxWidth: 100 }).every((line) => line.length <= 100)).toBe(true);
  });

  it('picks nice chart ticks', () => {
    expect(niceTicks(1806)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(niceTicks(0.9)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(moneyTick(1500)).toBe('$1.5K');
    expect(moneyTick(250)).toBe('$250');
  });
});

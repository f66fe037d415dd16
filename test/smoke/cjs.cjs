// Runs from a temp project where llm-spend is installed from the packed tarball
// (see run.mjs). Prints "pass <check>" or "fail <check>: <why>" per check.
'use strict';
const assert = require('node:assert/strict');
const { estimateCost, LlmSpendError, readUsage } = require('llm-spend');
const core = require('llm-spend/core');
const { pricingFromModelsDev } = require('llm-spend/convert');
const { projectSpend, parseWorkload } = require('llm-spend/projection');
const { createBudgetGuard, memoryStore, CALENDAR_WINDOWS } = require('llm-spend/budget');
const { redisStore } = require('llm-spend/redis');
const { parsePlan } = require('llm-spend/plan');
const actual = require('llm-spend/actual');

const flavour = 'cjs';
let failed = 0;

function check(name, body) {
  try {
    body();
    console.log(`pass ${flavour}: ${name}`);
  } catch (error) {
    failed += 1;
    const why = error instanceof Error ? error.message.replace(/\s+/g, ' ').trim() : String(error);
    console.log(`fail ${flavour}: ${name}: ${why}`);
  }
}

check('exports are present', () => {
  assert.equal(typeof estimateCost, 'function');
  assert.equal(typeof LlmSpendError, 'function');
});

check('gpt-5.4-mini 1,234 in (1,000 cached) + 567 out = "0.002802"', () => {
  const estimate = estimateCost({ model: 'gpt-5.4-mini', inputTokens: 1234, cachedInputTokens: 1000, outputTokens: 567 });
  assert.equal(estimate.total, '0.002802', `total is ${JSON.stringify(estimate.total)}, expected "0.002802"`);
});

check('readUsage reads a Gemini response whose candidates already include the thoughts', () => {
  const read = readUsage({ modelVersion: 'gemini-2.5-flash', usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 10, thoughtsTokenCount: 5, totalTokenCount: 20 } });
  assert.deepEqual(read.usage, { inputTokens: 10, outputTokens: 10, reasoningTokens: 5 });
});

check('unknown model throws LlmSpendError UNKNOWN_MODEL', () => {
  assert.throws(
    () => estimateCost({ model: 'no-such-model-xyz', inputTokens: 1, outputTokens: 1 }),
    (error) => {
      assert.ok(error instanceof LlmSpendError, 'error is instanceof LlmSpendError');
      assert.equal(error.code, 'UNKNOWN_MODEL', `code is ${JSON.stringify(error.code)}`);
      return true;
    },
  );
});

check('llm-spend/package.json gives the version', () => {
  const manifest = require('llm-spend/package.json');
  assert.equal(manifest.name, 'llm-spend');
  assert.equal(manifest.version, process.env.SMOKE_EXPECTED_VERSION, `version is ${JSON.stringify(manifest.version)}, expected ${JSON.stringify(process.env.SMOKE_EXPECTED_VERSION)}`);
});

check('llm-spend/redis: redisStore loads without ioredis and refuses a non-client', () => {
  assert.equal(typeof redisStore, 'function');
  assert.throws(() => redisStore({}), /evalsha and eval/);
  const store = redisStore({ evalsha: async () => ['1'], eval: async () => ['1'] });
  assert.equal(typeof store.reserve, 'function');
});

// One check (at least) per entry point; the installed package.json's `exports` decides which.
const covered = new Set(['.', './redis', './package.json', './plan.schema.json']);

covered.add('./core');
check('llm-spend/core: prices from its own table ("0.00042"); no bundled catalog; one LlmSpendError class', () => {
  const pricing = core.createPricingTable({
    version: 1,
    checkedAt: '2026-11-01',
    models: [{ id: 'my-finetune', provider: 'openai', contextWindow: 128000, maxOutputTokens: 16384, modalities: { input: ['text'], output: ['text'] }, reasoning: false, prices: [{ standard: { inputPerMillion: '0.30', outputPerMillion: '1.20' }, sources: [{ url: 'contract #42', checkedAt: '2026-11-01' }] }] }],
  });
  assert.equal(core.estimateCost({ model: 'my-finetune', inputTokens: 1000, outputTokens: 100, pricing }).total, '0.00042');
  assert.equal('defaultPricing' in core, false);
  assert.equal(core.LlmSpendError, LlmSpendError);
});

covered.add('./convert');
check('llm-spend/convert: pricingFromModelsDev makes a table estimateCost prices exactly', () => {
  const catalog = { openai: { id: 'openai', name: 'OpenAI', models: { 'gpt-x': { id: 'gpt-x', name: 'GPT X', cost: { input: 0.25, output: 2, cache_read: 0.025 }, limit: { context: 400000, output: 128000 } } } } };
  const { table } = pricingFromModelsDev(catalog, { checkedAt: '2026-11-25' });
  const model = table.models[0];
  assert.ok(model !== undefined, 'one model converted');
  // 1,234 in (1,000 cached) + 567 out: 234 × 0.25 + 1,000 × 0.025 + 567 × 2 per million = 0.0012175
  assert.equal(estimateCost({ model: model.id, inputTokens: 1234, cachedInputTokens: 1000, outputTokens: 567, pricing: table }).total, '0.0012175');
});

covered.add('./projection');
check('llm-spend/projection: 1,000,000 calls of 1,000 in + 200 out on gpt-5.4-nano = "450" a month', () => {
  const month = projectSpend({ volume: { calls: 1000000, per: 'month' }, tokens: { input: 1000, output: 200 } }, { model: 'gpt-5.4-nano' });
  assert.equal(month.spend.expected, '450');
});

check('llm-spend/projection: its errors are the LlmSpendError of llm-spend (one class across CommonJS entries)', () => {
  assert.throws(() => parseWorkload({ volume: { calls: 10, per: 'fortnight' }, tokens: { input: 1, output: 1 } }), (error) => {
    assert.ok(error instanceof LlmSpendError, `instanceof LlmSpendError of llm-spend (${error && error.constructor && error.constructor.name})`);
    assert.equal(error.code, 'INVALID_WORKLOAD');
    return true;
  });
});

covered.add('./budget');
check('llm-spend/budget: createBudgetGuard and memoryStore load; CALENDAR_WINDOWS lists day and month', () => {
  assert.equal(typeof createBudgetGuard({ limits: [{ usd: '1', window: 'day' }], store: memoryStore() }).reserve, 'function');
  assert.ok(CALENDAR_WINDOWS.includes('day') && CALENDAR_WINDOWS.includes('month'));
});

covered.add('./plan');
check('llm-spend/plan: parsePlan reads YAML', () => {
  const plan = parsePlan('version: 1\nworkloads:\n  - name: triage\n    volume: { calls: 50000, per: day }\n    tokens: { input: 800, output: 40 }\n');
  assert.equal(plan.workloads[0].name, 'triage');
});

covered.add('./actual');
check('llm-spend/actual: loads', () => {
  assert.equal(typeof actual, 'object');
});

check('every exports subpath has a smoke check', () => {
  const manifest = require('llm-spend/package.json');
  const missing = Object.keys(manifest.exports).filter((subpath) => !covered.has(subpath));
  assert.deepEqual(missing, [], `no CommonJS smoke check for ${missing.join(', ')}`);
});

process.exitCode = failed === 0 ? 0 : 1;

// Runs from a temp project where llm-spend is installed from the packed tarball
// (see run.mjs). Prints "pass <check>" or "fail <check>: <why>" per check.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { estimateCost, LlmSpendError, defaultPricing, readUsage, isLlmSpendError } from 'llm-spend';
import * as core from 'llm-spend/core';
import { pricingFromLiteLLM, loadPricing, PRICING_FORMATS } from 'llm-spend/convert';
import { projectSpend, recommendModel, parseWorkload } from 'llm-spend/projection';
import { createBudgetGuard, memoryStore } from 'llm-spend/budget';
import { redisStore } from 'llm-spend/redis';
import { parsePlan, planJsonSchema } from 'llm-spend/plan';
import * as actual from 'llm-spend/actual';

const flavour = 'esm';
let failed = 0;

async function check(name, body) {
  try {
    await body();
    console.log(`pass ${flavour}: ${name}`);
  } catch (error) {
    failed += 1;
    const why = error instanceof Error ? error.message.replace(/\s+/g, ' ').trim() : String(error);
    console.log(`fail ${flavour}: ${name}: ${why}`);
  }
}

await check('exports are present', () => {
  assert.equal(typeof estimateCost, 'function');
  assert.equal(typeof LlmSpendError, 'function');
  assert.ok(Array.isArray(defaultPricing.models) && defaultPricing.models.length > 0, 'defaultPricing.models is a non-empty array');
});

await check('gpt-5.4-mini 1,234 in (1,000 cached) + 567 out = "0.002802"', () => {
  const estimate = estimateCost({ model: 'gpt-5.4-mini', inputTokens: 1234, cachedInputTokens: 1000, outputTokens: 567 });
  assert.equal(estimate.total, '0.002802', `total is ${JSON.stringify(estimate.total)}, expected "0.002802"`);
});

await check('readUsage prices an Anthropic Message with thinking and both cache TTLs: "0.02755"', () => {
  const read = readUsage({ type: 'message', model: 'claude-haiku-4-5', usage: { input_tokens: 50, cache_read_input_tokens: 10000, cache_creation_input_tokens: 3000, cache_creation: { ephemeral_5m_input_tokens: 2000, ephemeral_1h_input_tokens: 1000 }, output_tokens: 400, output_tokens_details: { thinking_tokens: 150 }, server_tool_use: { web_search_requests: 2 } } });
  assert.equal(read.source, 'anthropic');
  assert.equal(estimateCost({ model: 'claude-haiku-4-5', ...read.usage }).total, '0.02755');
});

await check('unknown model throws LlmSpendError UNKNOWN_MODEL', () => {
  assert.throws(
    () => estimateCost({ model: 'no-such-model-xyz', inputTokens: 1, outputTokens: 1 }),
    (error) => {
      assert.ok(error instanceof LlmSpendError, 'error is instanceof LlmSpendError');
      assert.equal(error.code, 'UNKNOWN_MODEL', `code is ${JSON.stringify(error.code)}`);
      return true;
    },
  );
});

await check('llm-spend/package.json gives the version', async () => {
  const { default: manifest } = await import('llm-spend/package.json', { with: { type: 'json' } });
  assert.equal(manifest.name, 'llm-spend');
  assert.equal(manifest.version, process.env.SMOKE_EXPECTED_VERSION, `version is ${JSON.stringify(manifest.version)}, expected ${JSON.stringify(process.env.SMOKE_EXPECTED_VERSION)}`);
});

await check('llm-spend/redis: redisStore runs its script through the client (ioredis not needed to load)', async () => {
  assert.equal(typeof redisStore, 'function');
  const calls = [];
  const client = { evalsha: async (...args) => (calls.push(args), ['1']), eval: async () => ['1'] };
  const counters = [{ key: 'k', limit: 10n, ttlMs: 1000, rollingMs: 0, bucketMs: 0, thresholds: [] }];
  const outcome = await redisStore(client, { prefix: 'smoke' }).reserve({ now: 1, id: 'r', units: 1n, expiresAt: 2, counters });
  assert.deepEqual(outcome, { ok: true });
  assert.equal(calls.length, 1);
  assert.match(calls[0][0], /^[0-9a-f]{40}$/, 'EVALSHA with a SHA-1');
  assert.deepEqual(calls[0].slice(1, 4), [2, 'smoke:c:k', 'smoke:z:k']);
});


// One check (at least) per entry point: the installed package.json's `exports` decides which
// entries there are, so a new subpath without a smoke check fails here.
const covered = new Set(['.', './redis', './package.json', './plan.schema.json']);

covered.add('./core');
await check('llm-spend/core: prices from its own table ("0.00042"), the same functions as llm-spend without the catalog', () => {
  const pricing = core.createPricingTable({
    version: 1,
    checkedAt: '2026-11-01',
    models: [{ id: 'my-finetune', provider: 'openai', contextWindow: 128000, maxOutputTokens: 16384, modalities: { input: ['text'], output: ['text'] }, reasoning: false, prices: [{ standard: { inputPerMillion: '0.30', outputPerMillion: '1.20' }, sources: [{ url: 'contract #42', checkedAt: '2026-11-01' }] }] }],
  });
  // 1,000 × $0.30/M + 100 × $1.20/M = $0.0003 + $0.00012
  assert.equal(core.estimateCost({ model: 'my-finetune', inputTokens: 1000, outputTokens: 100, pricing }).total, '0.00042');
  assert.equal(core.addUsd('0.1', '0.2'), '0.3');
  assert.equal('defaultPricing' in core, false, 'llm-spend/core has no bundled catalog');
  assert.equal(core.LlmSpendError, LlmSpendError, 'one LlmSpendError class in llm-spend and llm-spend/core');
});

covered.add('./convert');
await check('llm-spend/convert: pricingFromLiteLLM makes a table estimateCost prices exactly ("0.0004503")', async () => {
  const litellm = { 'gpt-4o-mini': { litellm_provider: 'openai', mode: 'chat', max_input_tokens: 128000, max_output_tokens: 16384, input_cost_per_token: 1.5e-7, cache_read_input_token_cost: 7.5e-8, output_cost_per_token: 6e-7 } };
  const { table } = pricingFromLiteLLM(litellm, { checkedAt: '2026-11-25' });
  assert.equal(estimateCost({ model: 'gpt-4o-mini', inputTokens: 1234, cachedInputTokens: 1000, outputTokens: 567, pricing: table }).total, '0.0004503');
  assert.ok(PRICING_FORMATS.includes('litellm'));
  const loaded = await loadPricing(JSON.stringify(litellm), { checkedAt: '2026-11-25' });
  assert.equal(estimateCost({ model: 'gpt-4o-mini', inputTokens: 1000, outputTokens: 0, pricing: loaded }).total, '0.00015');
});

covered.add('./projection');
await check('llm-spend/projection: 1,000,000 calls of 1,000 in + 200 out on gpt-5.4-nano = "450" a month; recommendModel answers', () => {
  const month = projectSpend({ volume: { calls: 1_000_000, per: 'month' }, tokens: { input: 1000, output: 200 } }, { model: 'gpt-5.4-nano' });
  assert.equal(month.spend.expected, '450');
  assert.equal(month.perCall, '0.00045');
  const result = recommendModel({ volume: { calls: 50_000, per: 'day' }, tokens: { input: 1000, output: 20 } }, { candidates: ['gpt-5.4-mini', 'gpt-5.4-nano'], task: 'classification' });
  assert.ok(result.choice !== null, `no choice: ${result.bindingConstraint}`);
});

await check('llm-spend/projection: its errors are the LlmSpendError of llm-spend (one class across entries)', () => {
  assert.throws(() => parseWorkload({ volume: { calls: 10, per: 'fortnight' }, tokens: { input: 1, output: 1 } }), (error) => {
    assert.ok(error instanceof LlmSpendError, `instanceof LlmSpendError of llm-spend (${error?.constructor?.name})`);
    assert.equal(error.code, 'INVALID_WORKLOAD');
    return true;
  });
});

covered.add('./budget');
await check('llm-spend/budget: reserve "0.006", commit "0.00285" on a memory store', async () => {
  const guard = createBudgetGuard({ limits: [{ usd: '50', window: 'day' }], store: memoryStore(), now: () => Date.parse('2026-03-08T15:00:00Z') });
  const result = await guard.reserve({ model: 'gpt-5.4-mini', inputTokens: 2000, maxOutputTokens: 1000 });
  assert.ok(result.ok, result.message);
  assert.equal(result.reservation.usd, '0.006');
  const commit = await guard.commit(result.reservation, { inputTokens: 2000, outputTokens: 300 });
  assert.equal(commit.usd, '0.00285');
  assert.throws(() => createBudgetGuard({ limits: [] }), (error) => error instanceof LlmSpendError && isLlmSpendError(error));
});

covered.add('./plan');
await check('llm-spend/plan: parsePlan reads YAML with its money as written; planJsonSchema', () => {
  const plan = parsePlan('version: 1\nbudget: { usd: 1500.50, per: month }\nworkloads:\n  - name: triage\n    volume: { calls: 50000, per: day }\n    tokens: { input: 800, output: 40 }\n');
  assert.equal(plan.budget?.usd, '1500.50');
  assert.deepEqual(plan.workloads[0]?.tokens?.input, { fixed: 800 });
  assert.equal(planJsonSchema().title, 'llm-spend plan');
});

covered.add('./actual');
await check('llm-spend/actual: loads', () => {
  assert.equal(typeof actual, 'object');
});

await check('every exports subpath has a smoke check', () => {
  const manifest = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('llm-spend/package.json'), 'utf8'));
  const missing = Object.keys(manifest.exports).filter((subpath) => !covered.has(subpath));
  assert.deepEqual(missing, [], `no ESM smoke check for ${missing.join(', ')}`);
});

process.exitCode = failed === 0 ? 0 : 1;

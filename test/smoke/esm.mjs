// Runs from a temp project where llm-spend is installed from the packed tarball
// (see run.mjs). Prints "pass <check>" or "fail <check>: <why>" per check.
import assert from 'node:assert/strict';
import { estimateCost, LlmSpendError, defaultPricing, readUsage } from 'llm-spend';
import { redisStore } from 'llm-spend/redis';

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

process.exitCode = failed === 0 ? 0 : 1;

// Runs from a temp project where llm-spend is installed from the packed tarball
// (see run.mjs). Prints "pass <check>" or "fail <check>: <why>" per check.
'use strict';
const assert = require('node:assert/strict');
const { estimateCost, LlmSpendError, readUsage } = require('llm-spend');
const { redisStore } = require('llm-spend/redis');

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

process.exitCode = failed === 0 ? 0 : 1;

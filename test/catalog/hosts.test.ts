// Hosted models (issue 11, item 2): Claude and Llama on Bedrock and Vertex, GPT on Azure, one
// entry per host (`<host>/<model>`), with the ids users send (Bedrock ids, regional prefixes).
import { describe, expect, it } from 'vitest';
import { estimateCost, getModel, listModels } from '../../src/index.js';

describe('hosted models', () => {
  it('has entries per host', () => {
    const count = (host: string): number => listModels().filter((entry) => entry.host === host).length;
    expect(count('bedrock')).toBeGreaterThanOrEqual(40);
    expect(count('vertex')).toBeGreaterThanOrEqual(15);
    expect(count('azure')).toBeGreaterThanOrEqual(40);
  });

  it('Bedrock ids and regional prefixes resolve; regional profiles price at the regional price, global at the global one', () => {
    for (const id of ['anthropic.claude-sonnet-4-5-20250929-v1:0', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0', 'apac.anthropic.claude-sonnet-4-5-20250929-v1:0']) {
      expect(getModel(id).id, id).toBe('bedrock/claude-sonnet-4-5');
    }
    expect(getModel('global.anthropic.claude-sonnet-4-5-20250929-v1:0').id).toBe('bedrock/global/claude-sonnet-4-5');
    expect(estimateCost({ model: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', inputTokens: 1000, outputTokens: 1000 }).total).toBe('0.0198');
    expect(estimateCost({ model: 'global.anthropic.claude-sonnet-4-5-20250929-v1:0', inputTokens: 1000, outputTokens: 1000 }).total).toBe('0.018');
    const entry = getModel('bedrock/claude-sonnet-4-5');
    expect([entry.provider, entry.host, entry.hostModelId]).toEqual(['anthropic', 'bedrock', 'regional.anthropic.claude-sonnet-4-5-20250929-v1:0']);
  });

  it('Llama on Bedrock and Vertex, Claude on Vertex, GPT on Azure', () => {
    expect(getModel('meta.llama3-3-70b-instruct-v1:0').id).toBe('bedrock/llama3-3-70b-instruct');
    expect(getModel('vertex_ai/claude-sonnet-4-5').id).toBe('vertex/claude-sonnet-4-5');
    expect(getModel('vertex_ai/meta/llama-4-scout-17b-16e-instruct-maas').id).toBe('vertex/llama-4-scout-17b-16e-instruct-maas');
    expect(estimateCost({ model: 'azure/gpt-4o', inputTokens: 1000, outputTokens: 1000 }).total).toBe('0.0125');
    // The first-party names stay first-party.
    expect(getModel('claude-sonnet-4-5').host).toBeUndefined();
    expect(getModel('gpt-4o').host).toBeUndefined();
  });

  it('every hosted price has a source with the dataset and its date', () => {
    for (const entry of listModels().filter((candidate) => ['bedrock', 'vertex', 'azure'].includes(candidate.host ?? ''))) {
      for (const period of entry.prices) {
        expect(period.sources.length, entry.id).toBeGreaterThan(0);
        for (const source of period.sources) expect(source.checkedAt, entry.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
  });
});

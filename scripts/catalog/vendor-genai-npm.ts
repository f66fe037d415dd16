// Copies the price data bundled in the npm package @pydantic/genai-prices (a dev dependency)
// into vendor/genai-prices-npm-0.1.8/providers.json, so that `npm run catalog` reads a file
// that is committed and reviewable. Run by hand after upgrading the package:
//   npx tsx scripts/catalog/vendor-genai-npm.ts
// Filter (documented in vendor/genai-prices-npm-0.1.8/PROVENANCE.md): only the providers
// listed below; per provider only `id`, `name`, `pricing_urls` and `models`; per model only the
// fields the catalog build reads (descriptions dropped). Numbers are written as JSON numbers,
// exactly as the package holds them (JSON.stringify writes the shortest round-trip form).
import { readFileSync, writeFileSync } from 'node:fs';
import { findProvider } from '@pydantic/genai-prices';

export const NPM_PROVIDERS = ['openai', 'anthropic', 'google', 'mistral', 'deepseek', 'x-ai', 'aws', 'cohere', 'groq', 'together'] as const;
const MODEL_FIELDS = ['id', 'name', 'match', 'context_window', 'price_comments', 'deprecated', 'prices'] as const;

const version = (JSON.parse(readFileSync(new URL('../../node_modules/@pydantic/genai-prices/package.json', import.meta.url), 'utf8')) as { version: string }).version;
if (version !== '0.1.8') throw new Error(`expected @pydantic/genai-prices 0.1.8, found ${version}: update the folder name and PROVENANCE.md`);

const providers = NPM_PROVIDERS.map((id) => {
  const provider = findProvider({ providerId: id }) as unknown as Record<string, unknown> | undefined;
  if (provider === undefined) throw new Error(`provider ${id} not in the package`);
  const models = (provider['models'] as Array<Record<string, unknown>>).map((model) =>
    Object.fromEntries(MODEL_FIELDS.filter((field) => model[field] !== undefined).map((field) => [field, model[field]])),
  );
  return { id: provider['id'], name: provider['name'], pricing_urls: provider['pricing_urls'], models };
});
writeFileSync(new URL('../../vendor/genai-prices-npm-0.1.8/providers.json', import.meta.url), `${JSON.stringify({ package: '@pydantic/genai-prices', version, providers }, null, 1)}\n`);

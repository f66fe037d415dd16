// The bundled catalog ships as plain data in the shape the schema parses it to, and the library
// builds its table from it without validating again (src/pricing/catalog.ts). These tests keep
// that trust earned: the shipped data is exactly what the schema makes of it.
import { describe, expect, it } from 'vitest';
import { bundledPricingData } from '../../src/pricing/data/models.js';
import { pricingDataSchema } from '../../src/pricing/schema.js';
import { parsePricingData } from '../../src/pricing/validate.js';
import { createPricingTable, defaultPricing } from '../../src/pricing/table.js';

describe('the shipped catalog', () => {
  it('is what the zod schema parses it to: the same values, defaults applied, keys in the same order', () => {
    const parsed = pricingDataSchema.parse(bundledPricingData);
    expect(parsed).toStrictEqual(bundledPricingData);
    expect(JSON.stringify(parsed)).toBe(JSON.stringify(bundledPricingData));
  });

  it('is accepted by createPricingTable as well (the core validator, and unique ids and aliases)', () => {
    const table = createPricingTable(bundledPricingData);
    expect(table.models).toStrictEqual(defaultPricing.models);
    const parsed = parsePricingData(bundledPricingData);
    expect(parsed.success && JSON.stringify(parsed.data)).toBe(JSON.stringify(bundledPricingData));
  });

  it('defaultPricing is that data, deeply frozen', () => {
    expect(defaultPricing.models).toBe(bundledPricingData.models);
    expect(defaultPricing.checkedAt).toBe(bundledPricingData.checkedAt);
    const unfrozen: string[] = [];
    const visit = (value: unknown, path: string): void => {
      if (typeof value !== 'object' || value === null) return;
      if (!Object.isFrozen(value)) unfrozen.push(path);
      for (const [key, child] of Object.entries(value)) visit(child, `${path}.${key}`);
    };
    visit(defaultPricing, 'defaultPricing');
    expect(unfrozen).toEqual([]);
  });
});

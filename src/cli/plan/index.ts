// The plan file's public API (part of the core library: no `node:` import).
export { parsePlan } from './parse.js';
export type { ParsePlanOptions, PlanIssue, PlanPosition } from './parse.js';
export { planJsonSchema, planSchema } from './schema.js';
export type { Plan, PlanBudget, PlanConstraints, PlanInput, PlanPolicies, PlanWorkload } from './schema.js';
export type { PlanBudgetInput, PlanLatencyLimits, PlanLatencyProfile, PlanPercentile, PlanPoliciesInput, PlanPricingFile, PlanPricingFormat, PlanUsdInput, PlanWorkloadInput } from './types.js';

// The latency of one call (one turn, one task) of the workload on a candidate model: its
// profile (the workload's, the constraints', else the table's), exact for a single call or a
// conversation turn, seeded Monte Carlo for a pipeline of steps.
import type { ModelEntry, ServiceTier } from '../pricing/schema.js';
import { getModel } from '../pricing/table.js';
import { createDistribution, type DistributionSpec, type Workload } from '../workload/index.js';
import type { NormalizedConstraints } from './constraints.js';
import {
  callLatency,
  drawCall,
  generatedAtoms,
  promptOf,
  resolveProfile,
  simulateToPrecision,
  type LatencyDist,
  type LatencyProfile,
  type LatencyProfileInput,
} from './latency.js';
import type { Rng } from './math.js';

const NO_DEFAULT_LATENCY: readonly ServiceTier[] = ['batch', 'flex'];

/** What the latency of a model depends on besides the model: the workload, constraints, profiles and seed. */
export interface LatencyContext {
  readonly workload: Workload;
  readonly constraints: NormalizedConstraints;
  readonly fromWorkload: ReadonlyMap<string, LatencyProfileInput>;
  readonly seed: number;
}

/** A model's latency on the workload, or which profiles are missing. */
export interface ModelLatency {
  readonly dist: LatencyDist | null;
  readonly method: 'exact' | 'monte-carlo';
  readonly profiles: ReadonlyMap<string, LatencyProfile>;
  /** Models called without a profile, and why. */
  readonly missing: ReadonlyArray<{ readonly model: string; readonly reason: string }>;
}

function profileFor(context: LatencyContext, entry: ModelEntry, tier: ServiceTier): { profile?: LatencyProfile; reason?: string } {
  const fromWorkload = context.fromWorkload.get(entry.id);
  const fromConstraints = context.constraints.latencyProfiles.get(entry.id);
  const override = fromWorkload === undefined && fromConstraints === undefined ? undefined : { ...fromWorkload, ...fromConstraints };
  if (NO_DEFAULT_LATENCY.includes(tier) && (override?.ttftMs === undefined || override.outputTokensPerSecond === undefined)) {
    return { reason: `the table's latency profile of ${entry.id} is for standard processing; ${tier} is slower and has no published figures (pass latencyProfiles['${entry.id}'] with ttftMs and outputTokensPerSecond)` };
  }
  const profile = resolveProfile(entry, override, context.constraints.latencyTailSigma);
  if (profile === undefined) {
    return { reason: `latency unknown: the table has no latency profile for ${entry.id} (pass latencyProfiles['${entry.id}'] = { ttftMs, outputTokensPerSecond }, e.g. from fitLatencyProfile)` };
  }
  return { profile };
}

function seedFor(seed: number, id: string): number {
  let hash = Math.trunc(seed) >>> 0;
  for (let index = 0; index < id.length; index += 1) hash = Math.imul(hash ^ id.charCodeAt(index), 0x01000193) >>> 0;
  return hash;
}

/** A drawer of continuous values of a distribution (built once, drawn many times). */
function drawer(spec: DistributionSpec | undefined): (rng: Rng) => number {
  if (spec === undefined) return () => 0;
  if ('fixed' in spec) {
    const value = spec.fixed;
    return () => value;
  }
  const dist = createDistribution(spec);
  return (rng) => Math.max(0, dist.quantile(rng.uniform()));
}

/** The latency of one call (one turn, one task) on `entry` as the workload's model. */
export function modelLatency(context: LatencyContext, entry: ModelEntry): ModelLatency {
  const { workload } = context;
  const tier: ServiceTier = workload.tier ?? 'standard';
  const profiles = new Map<string, LatencyProfile>();
  const missing: Array<{ model: string; reason: string }> = [];
  if (workload.steps === undefined) {
    const found = profileFor(context, entry, tier);
    if (found.profile === undefined) return { dist: null, method: 'exact', profiles, missing: [{ model: entry.id, reason: found.reason ?? 'latency unknown' }] };
    profiles.set(entry.id, found.profile);
    const cap = workload.maxOutputTokens ?? entry.maxOutputTokens;
    const generated =
      workload.tokens !== undefined
        ? generatedAtoms(workload.tokens.output, workload.tokens.reasoning, cap)
        : generatedAtoms(workload.conversation?.assistantTokensPerTurn ?? 0, workload.conversation?.reasoningTokensPerTurn, cap);
    // TTFT grows with the prompt: the call's input tokens (a conversation: the mean turn's, history included).
    const prompt = workload.tokens !== undefined ? promptOf(workload.tokens.input as DistributionSpec) : conversationPrompt(workload);
    return { dist: callLatency(found.profile, generated, prompt), method: 'exact', profiles, missing };
  }
  // A pipeline: one task runs its steps in sequence, each a random number of calls.
  const steps = workload.steps.map((step) => {
    const stepEntry = step.model === undefined ? entry : getModel(step.model, context.constraints.pricing === undefined ? {} : { pricing: context.constraints.pricing });
    const found = profileFor(context, stepEntry, step.tier ?? tier);
    if (found.profile === undefined) {
      if (!missing.some((item) => item.model === stepEntry.id)) missing.push({ model: stepEntry.id, reason: found.reason ?? 'latency unknown' });
    } else profiles.set(stepEntry.id, found.profile);
    return {
      profile: found.profile,
      cap: step.maxOutputTokens ?? workload.maxOutputTokens ?? stepEntry.maxOutputTokens,
      input: drawer(step.tokens.input as DistributionSpec),
      output: drawer(step.tokens.output as DistributionSpec),
      reasoning: drawer(step.tokens.reasoning as DistributionSpec | undefined),
      calls: drawer((step.callsPerTask ?? { fixed: 1 }) as DistributionSpec),
    };
  });
  if (missing.length > 0) return { dist: null, method: 'monte-carlo', profiles, missing };
  const { dist } = simulateToPrecision(seedFor(context.seed, entry.id), (rng) => {
    let total = 0;
    for (const step of steps) {
      const profile = step.profile as LatencyProfile;
      // Calls of this step: a draw of callsPerTask, rounded at random to a whole number (mean kept).
      const raw = step.calls(rng);
      const whole = Math.floor(raw);
      const count = whole === raw ? whole : whole + (rng.uniform() < raw - whole ? 1 : 0);
      for (let call = 0; call < count; call += 1) {
        const generated = step.output(rng) + step.reasoning(rng);
        total += drawCall(profile, step.cap === undefined ? generated : Math.min(step.cap, generated), rng.normal(), step.input(rng), rng.normal());
      }
    }
    return total;
  });
  return { dist, method: 'monte-carlo', profiles, missing };
}

/** The mean prompt of a conversation's turn: E[input per conversation] / E[T] (history re-sent), as a fixed prompt. */
function conversationPrompt(workload: Workload): { mean: number; variance: number } | undefined {
  const conversation = workload.conversation;
  if (conversation === undefined) return undefined;
  const turns = createDistribution(conversation.turns as DistributionSpec);
  const mean = (spec: unknown): number => (spec === undefined ? 0 : createDistribution(spec as DistributionSpec).mean);
  const t1 = turns.mean;
  if (!(t1 > 0)) return undefined;
  const t2 = turns.secondMoment;
  const input = mean(conversation.systemTokens) * t1 + (mean(conversation.userTokensPerTurn) * (t2 + t1)) / 2 + (mean(conversation.assistantTokensPerTurn) * (t2 - t1)) / 2;
  return { mean: input / t1, variance: 0 };
}

// Threshold events: after a commit, each threshold the store reports crossed (once per window,
// limit and scope value, across replicas) goes to onThreshold; its throw or rejection to onError.
import type { GuardContext } from './context.js';
import { limitStatus, type Applied } from './counters.js';
import type { StoreCommitOutcome } from './store.js';
import type { ThresholdEvent } from './types.js';

/** Sends a ThresholdEvent for each threshold the commit crossed. */
export function fire(outcome: StoreCommitOutcome, applied: readonly Applied[], onThreshold: GuardContext['onThreshold'], report: GuardContext['report']): void {
  if (onThreshold === undefined) return;
  for (const crossed of outcome.crossed) {
    const counter = applied[crossed.counter];
    const state = outcome.states[crossed.counter];
    const threshold = counter?.limit.thresholds[crossed.threshold];
    if (counter === undefined || state === undefined || threshold === undefined) continue;
    const status = limitStatus(counter, state);
    const event: ThresholdEvent = {
      threshold: threshold.fraction,
      limit: counter.limit.info,
      scope: counter.scope,
      spent: status.spent,
      windowStart: status.windowStart,
      resetsAt: status.resetsAt,
    };
    try {
      const result = onThreshold(event);
      if (result !== undefined && typeof (result as Promise<void>).then === 'function') {
        (result as Promise<void>).then(undefined, (error: unknown) => report(error, 'onThreshold'));
      }
    } catch (error) {
      report(error, 'onThreshold');
    }
  }
}

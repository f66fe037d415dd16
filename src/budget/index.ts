export { createBudgetGuard } from './guard.js';
export type {
  ActualSpend,
  AmountReserveRequest,
  BudgetGuard,
  BudgetGuardOptions,
  BudgetScope,
  CommitFallback,
  CommitFallbackReason,
  CommitResult,
  CommitWarning,
  GuardOperation,
  LimitStatus,
  RecordRequest,
  Refusal,
  RefusalReason,
  Reservation,
  ReserveRequest,
  ReserveResult,
  RunOptions,
  RunResult,
  StreamOptions,
  StreamRunResult,
  ThresholdEvent,
  TokenReserveRequest,
  TrackedStream,
} from './types.js';
export type { BudgetLimit, CalendarLimit, LimitInfo, RollingLimit } from './limits.js';
export { memoryStore } from './store.js';
export type {
  BudgetStore,
  CounterSpec,
  CounterState,
  MemoryStoreOptions,
  StoreCommitOutcome,
  StoreCommitRequest,
  StoreReleaseRequest,
  StoreReserveOutcome,
  StoreReserveRequest,
  StoreStatusRequest,
} from './store.js';
export { CALENDAR_WINDOWS } from './windows.js';
export type { CalendarWindow } from './windows.js';

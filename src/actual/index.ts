// llm-spend/actual: what was actually spent. Usage logs, traces and provider exports read where
// they are, each record priced at its own date and summed exactly; what-if under other models
// and tiers; reconciliation with the provider's bill; plans fitted from the logs and compared
// with what happened; and the same pricing as SQL for DuckDB and PostgreSQL.
export { USAGE_LOG_FORMATS } from './record.js';
export type { ReadItem, RecordOrigin, RecordProblem, RecordProblemCode, UsageLogFormat, UsageRecord } from './record.js';
export { readUsageLog, DEFAULT_MAX_DOCUMENT_BYTES, DEFAULT_MAX_LINE_BYTES } from './read.js';
export type { ReadStats, ReadUsageLogOptions, UsageLogSource } from './read.js';
export { priceRecord } from './price.js';
export type { PricedRecord, PriceRecordOptions, UnpricedRecord } from './price.js';
export { summarizeSpend } from './report.js';
export type { SpendGroupKey, SpendReport, SpendRow, SpendTokens, SpendWarning, SummarizeSpendOptions } from './report.js';
export { whatIf, WHAT_IF_SHARE_DECIMALS } from './what-if.js';
export type {
  RecordProblemSummary,
  WhatIfCascade,
  WhatIfFigures,
  WhatIfGroupBy,
  WhatIfGroupRow,
  WhatIfOptions,
  WhatIfResult,
  WhatIfScenario,
  WhatIfScenarioCommon,
  WhatIfScenarioResult,
  WhatIfSingle,
  WhatIfSplit,
  WhatIfSplitShare,
  WhatIfTarget,
  WhatIfWarning,
} from './what-if.js';
export { reconcile, RECONCILE_SHARE_DECIMALS } from './reconcile.js';
export type { OneSidedModel, ReconcileDay, ReconcileFigures, ReconcileOptions, ReconcileResult, ReconcileRow, ReconcileTolerance, ReconcileWarning } from './reconcile.js';
export { readBill } from './bill/read-bill.js';
export type { BillFormat, ReadBillAnyOptions } from './bill/read-bill.js';
export type { Bill, BillLine, BillProvider } from './bill/bill.js';
export { readOpenAiCosts } from './bill/openai-costs.js';
export type { ReadBillOptions } from './bill/openai-costs.js';
export { readAnthropicCostReport } from './bill/anthropic-cost-report.js';
export { fitPlan, comparePlan } from './fit.js';
export type {
  ComparablePlan,
  ComparePlanOptions,
  ComparableWorkload,
  FitPlanOptions,
  FittedPlan,
  FittedWorkload,
  FittedDistribution,
  DistributionFit,
  GrowthFit,
  FitWarning,
  ForecastPiece,
  PlanComparison,
  PlanFit,
  WorkloadComparison,
  WorkloadFit,
} from './fit.js';
export { pricingSql, pricingSqlParts, PRICING_SQL_ROW_COLUMNS, SQL_DIALECTS } from './sql.js';
export type { PricingSqlColumns, PricingSqlOptions, PricingSqlOutput, PricingSqlParts, SqlDialect } from './sql.js';

// The table format: what a person reads in a terminal. At most 100 columns; colour only when
// asked (a TTY without NO_COLOR).
import { Dec } from '../../money/decimal.js';
import { breakdownColumns, type DiffReport, type ModelRow, type PlanReport, type PolicyResult, type ReportWarning, type WorkloadReport } from '../report/types.js';
import { count, MAX_WIDTH, msText, percentText, shareText, signedUsd, style, table, terminalSafe, usd, width, wrap, type Column, type Style } from './text.js';

const BREAKDOWN_ROWS: ReadonlyArray<{ key: keyof ModelRow['breakdown']; label: string; always: boolean }> = [
  { key: 'input', label: 'Input (uncached)', always: true },
  { key: 'cachedInput', label: 'Cached input', always: true },
  { key: 'cacheWrite', label: 'Cache writes (5 min)', always: false },
  { key: 'cacheWrite1h', label: 'Cache writes (1 h)', always: false },
  { key: 'output', label: 'Output', always: true },
  { key: 'reasoning', label: '  of which reasoning', always: true },
  { key: 'images', label: 'Images (part of input)', always: true },
  { key: 'fees', label: 'Fees (web search)', always: true },
];

function marker(workload: WorkloadReport, id: string): string {
  if (workload.selected?.option !== id) return '  ';
  return workload.selected.reason === 'pinned' ? '● ' : workload.selected.reason === 'nearest' ? '~ ' : '✓ ';
}

function reasonText(reason: string): string {
  return reason === 'pinned' ? 'pinned in the plan' : reason === 'nearest' ? 'nearest (none meets every constraint)' : 'recommended';
}

/** The per-model breakdown, models as columns, split into blocks that fit the width. */
function breakdown(workload: WorkloadReport, s: Style): string[] {
  const available = breakdownColumns(workload);
  const out: string[] = [];
  if (available.length === 0) return out;
  const parts = BREAKDOWN_ROWS.filter((part) => part.always || available.some((row) => !new Dec(row.breakdown[part.key]).isZero()));
  const labels = [...parts.map((part) => part.label), 'Monthly', 'p90', 'Per call', 'p95 latency'];
  const labelWidth = Math.max(...labels.map(width));
  const latencyOf = (model: string): number | undefined => workload.recommendation.options.find((option) => option.id === model)?.latency?.p95Ms;
  const cells = (row: ModelRow): string[] => [
    ...parts.map((part) => usd(row.breakdown[part.key])),
    usd(row.spend.expected),
    usd(row.spend.p90),
    usd(row.perCall, 6),
    msText(latencyOf(row.model)),
  ];
  const columnWidth = (row: ModelRow): number => Math.max(width(marker(workload, row.model) + row.model), ...cells(row).map(width));
  // Greedy blocks of models that fit 100 columns after the label column.
  const blocks: ModelRow[][] = [];
  let current: ModelRow[] = [];
  let used = 2 + labelWidth;
  for (const row of available) {
    const size = Math.min(columnWidth(row), 30) + 2;
    if (current.length > 0 && used + size > MAX_WIDTH) {
      blocks.push(current);
      current = [];
      used = 2 + labelWidth;
    }
    current.push(row);
    used += size;
  }
  if (current.length > 0) blocks.push(current);
  for (const block of blocks) {
    const columns: Column[] = [
      { header: '', align: 'left' },
      ...block.map((row): Column => ({
        header: marker(workload, row.model) + row.model,
        align: 'right',
        shrink: true,
        paint: (padded, _raw, index) => (index === labels.length - 4 ? s.bold(padded) : padded),
      })),
    ];
    const rows = labels.map((label, index) => [label, ...block.map((row) => cells(row)[index] ?? '')]);
    out.push(...table(columns, rows, { indent: 2, headerStyle: s.bold }));
  }
  return out;
}

function options(workload: WorkloadReport, s: Style): string[] {
  const rec = workload.recommendation;
  if (rec.options.length === 0) return [];
  const per = rec.period === 'month' ? 'a month' : `a ${rec.period}`;
  const columns: Column[] = [
    { header: `Options (spend ${per})`, shrink: true },
    { header: 'Expected', align: 'right' },
    { header: 'p90', align: 'right' },
    { header: 'p95 latency', align: 'right' },
    { header: 'Cap.', align: 'right' },
    {
      header: 'Checks',
      shrink: true,
      paint: (padded, raw) => (raw.startsWith('✓') ? s.green(padded) : s.red(padded)),
    },
  ];
  const rows = rec.options.map((option) => {
    const failed = option.checks.filter((check) => !check.pass).map((check) => check.name);
    return [
      `${rec.choice === option.id ? '✓ ' : '  '}${option.id}${option.onFrontier ? ' ◆' : ''}`,
      usd(option.spend.expected),
      usd(option.spend.p90),
      msText(option.latency?.p95Ms),
      option.capability === null ? '?' : String(option.capability),
      failed.length === 0 ? '✓ all pass' : `✗ ${failed.join(', ')}`,
    ];
  });
  return table(columns, rows, { indent: 2, headerStyle: s.bold });
}

function policyLines(policies: readonly PolicyResult[], s: Style): string[] {
  if (policies.length === 0) return [];
  const out = [s.bold('Policies')];
  for (const policy of policies) {
    const mark = policy.status === 'pass' ? s.green('✓') : policy.status === 'fail' ? s.red('✗') : s.dim('-');
    out.push(...wrap(`${policy.name}: ${policy.message}`, { indent: 4, hanging: 6 }).map((line, index) => (index === 0 ? `  ${mark}${line.slice(3)}` : line)));
  }
  return out;
}

function warningLines(warnings: readonly ReportWarning[], s: Style): string[] {
  const shown = warnings.filter((item) => item.level === 'warning');
  const notes = warnings.length - shown.length;
  const out: string[] = [];
  if (shown.length > 0) {
    out.push(s.bold(`Warnings (${shown.length})`));
    for (const item of shown) {
      const text = `${item.workload === undefined ? '' : `[${item.workload}] `}${item.code}: ${item.message}`;
      out.push(...wrap(text, { indent: 4, hanging: 6 }).map((line, index) => (index === 0 ? `  ${s.yellow('!')}${line.slice(3)}` : line)));
    }
  }
  if (notes > 0) out.push(s.dim(`${notes} note${notes === 1 ? '' : 's'} on how figures were computed: see --format json.`));
  return out;
}

/** @internal The plan report as a terminal table. */
export function planTable(unsafe: PlanReport, color: boolean): string {
  const report = terminalSafe(unsafe);
  const s = style(color);
  const out: string[] = [];
  const title = report.plan.title === null ? report.plan.file : `${report.plan.title} (${report.plan.file})`;
  out.push(...wrap(s.bold(`llm-spend plan: ${title}`)));
  const pricing = report.pricing.source === 'bundled' ? `bundled prices checked ${report.pricing.checkedAt}` : `prices from ${report.pricing.source} (${report.pricing.format}, checked ${report.pricing.checkedAt})`;
  out.push(...wrap(s.dim(`USD a month (730 hours) · ${pricing}${report.pricing.at === null ? '' : `, in effect ${report.pricing.at}`} · today ${report.today}`)));

  for (const workload of report.workloads) {
    out.push('');
    const calls = workload.models.find((row) => row.available)?.calls;
    const what = workload.kind === 'conversation' ? 'conversations' : workload.kind === 'steps' ? 'tasks' : 'calls';
    out.push(...wrap(`${s.bold(s.cyan(workload.name))} · ${workload.volume}${calls === undefined ? '' : ` · ${count(calls)} ${what} this month`}`));
    if (workload.description !== undefined) out.push(...wrap(s.dim(workload.description), { indent: 2 }));
    out.push(...breakdown(workload, s));
    out.push('');
    for (const row of workload.models.filter((item) => !item.available)) {
      out.push(...wrap(`${row.model}: cannot price this workload (${row.unavailable?.code ?? ''})`, { indent: 2, hanging: 4 }).map(s.dim));
    }
    out.push(...options(workload, s));
    const rec = workload.recommendation;
    const head = rec.choice === null ? s.red('✗ Recommendation: none.') : s.green('✓ Recommendation:');
    out.push(...wrap(`${head} ${rec.explanation}`, { indent: 2, hanging: 4 }));
  }

  out.push('');
  out.push(s.bold('Totals (spend a month)'));
  const rows = report.workloads.map((workload) => [
    workload.name,
    workload.selected === null ? '-' : `${marker(workload, workload.selected.option)}${workload.selected.option}`,
    workload.selected === null ? '' : reasonText(workload.selected.reason),
    workload.selected === null ? '$0.00' : usd(workload.selected.monthly.expected),
    workload.selected === null ? '$0.00' : usd(workload.selected.monthly.p90),
  ]);
  rows.push(['Total', '', '', usd(report.totals.monthly.expected), usd(report.totals.monthly.p90)]);
  out.push(
    ...table(
      [
        { header: 'Workload', shrink: true },
        { header: 'Option', shrink: true },
        { header: 'Why', shrink: true },
        { header: 'Expected', align: 'right', paint: (padded, _raw, index) => (index === rows.length - 1 ? s.bold(padded) : padded) },
        { header: 'p90', align: 'right' },
      ],
      rows,
      { indent: 2, headerStyle: s.bold },
    ),
  );
  const budget = report.budget;
  if (budget !== null) {
    const per = budget.per === 'month' ? 'a month' : `a ${budget.per}`;
    const spend = budget.percentile === 'expected' ? 'expected spend' : `${budget.percentile} spend`;
    const verdict = budget.withinBudget
      ? s.green(`✓ within budget, ${usd(budget.remaining)} left (${percentText(budget.usedShare === null ? null : new Dec(budget.usedShare).times(100).toFixed())} used)`)
      : s.red(`✗ over budget by ${usd(new Dec(budget.remaining).neg().toFixed())}${budget.usedShare === null ? '' : ` (${percentText(new Dec(budget.usedShare).times(100).toFixed())} of it)`}`);
    out.push(...wrap(`Budget ${usd(budget.usd)} ${per} (${spend} ${usd(budget.spend)}): ${verdict}`, { hanging: 2 }));
  }
  const forecast = report.totals.forecast;
  if (forecast.length === 12 && forecast[0] !== forecast[11]) {
    const crossing = budget?.exceededInMonth ?? null;
    out.push(
      ...wrap(
        `Next 12 months with growth: ${usd(forecast[0] ?? '0')} → ${usd(forecast[11] ?? '0')} a month${budget === null ? '' : crossing === null ? ', within the budget throughout' : `; over the budget from month ${crossing}`}.`,
        { hanging: 2 },
      ),
    );
  }
  const policies = policyLines(report.policies, s);
  if (policies.length > 0) out.push('', ...policies);
  const warnings = warningLines(report.warnings, s);
  if (warnings.length > 0) out.push('', ...warnings);
  out.push('', s.dim('✓ recommended  ● pinned  ~ nearest (nothing meets every constraint)  ◆ cost-latency frontier'));
  return `${out.join('\n')}\n`;
}

/** @internal The diff report as a terminal table. */
export function diffTable(unsafe: DiffReport, color: boolean): string {
  const report = terminalSafe(unsafe);
  const s = style(color);
  const out: string[] = [];
  out.push(...wrap(s.bold(report.headline)));
  out.push(...wrap(`Monthly cost change: ${signedUsd(report.change.usd)} (${usd(report.base.total)} → ${usd(report.current.total)})`));
  out.push(...wrap(s.dim(`${report.base.file} → ${report.current.file} · today ${report.today}`)));
  out.push('');
  const rows = report.workloads.map((change) => [
    change.name,
    change.status === 'added' ? `+ ${change.option ?? '-'}` : change.status === 'removed' ? `- ${change.baseOption ?? '-'}` : change.baseOption === change.option ? change.option ?? '-' : `${change.baseOption ?? '-'} → ${change.option ?? '-'}`,
    usd(change.base),
    usd(change.current),
    signedUsd(change.change),
    change.percent === null ? (change.status === 'added' ? 'new' : '') : percentText(change.percent, true),
  ]);
  rows.push(['Total', '', usd(report.base.total), usd(report.current.total), signedUsd(report.change.usd), report.change.percent === null ? '' : percentText(report.change.percent, true)]);
  const paintChange = (padded: string, raw: string): string => (raw.startsWith('+') ? s.red(padded) : raw.startsWith('-') ? s.green(padded) : padded);
  out.push(
    ...table(
      [
        { header: 'Workload', shrink: true },
        { header: 'Option', shrink: true },
        { header: 'Before', align: 'right' },
        { header: 'After', align: 'right' },
        { header: 'Change', align: 'right', paint: paintChange },
        { header: '%', align: 'right', paint: paintChange },
      ],
      rows,
      { indent: 2, headerStyle: s.bold },
    ),
  );
  if (report.budget !== null) {
    const b = report.budget;
    out.push('');
    out.push(...wrap(`Budget ${usd(b.usd)} a ${b.per}: ${b.withinBudget ? s.green(`✓ within, ${usd(b.remaining)} left`) : s.red(`✗ over by ${usd(new Dec(b.remaining).neg().toFixed())}`)}`));
  }
  const policies = policyLines(report.policies, s);
  if (policies.length > 0) out.push('', ...policies);
  const warnings = warningLines(report.warnings, s);
  if (warnings.length > 0) out.push('', ...warnings);
  return `${out.join('\n')}\n`;
}

/** @internal Shared by cost and models: a share shown as a percentage. */
export { shareText };

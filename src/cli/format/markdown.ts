// The markdown format: a pull-request comment (GitHub-flavoured tables, details blocks).
import { Dec } from '../../money/decimal.js';
import { breakdownColumns, type DiffReport, type ModelRow, type PlanReport, type PolicyResult, type ReportWarning, type WorkloadReport } from '../report/types.js';
import { count, msText, percentText, signedUsd, usd } from './text.js';

/** @internal A hidden marker, so that a bot can find and update its own comment. */
export const COMMENT_MARKER = '<!-- llm-spend -->';

const MD_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '|': '&#124;' };

/**
 * @internal What a user wrote (a workload name, a description, a model id, a message that quotes
 * them) as inert markdown text: HTML-significant characters become entities (`<script>` shows as
 * text, never runs or renders), a pipe cannot split a table cell, markdown syntax (links, emphasis,
 * code) is backslash-escaped, and line breaks become spaces so nothing starts a new block.
 */
export function mdText(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ').replace(/[&<>|\\`*_[\]~#]/g, (char) => MD_ESCAPES[char] ?? `\\${char}`);
}

/** @internal An id as inline code when it is a plain id (letters, digits, `.:/@>+=-_`), else as escaped text. */
export function mdCode(text: string): string {
  return /^[\w.:/@>+=-]+$/.test(text) ? `\`${text}\`` : mdText(text);
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

function reasonText(reason: string): string {
  return reason === 'pinned' ? 'pinned' : reason === 'nearest' ? 'nearest (none meets every constraint)' : 'recommended';
}

function budgetLine(report: PlanReport): string {
  const b = report.budget;
  const head = `**${usd(report.totals.monthly.expected)} a month** expected (p90 ${usd(report.totals.monthly.p90)})`;
  if (b === null) return `${head}.`;
  const per = b.per === 'month' ? 'a month' : `a ${b.per}`;
  const used = b.usedShare === null ? '' : ` (${percentText(new Dec(b.usedShare).times(100).toFixed())} used)`;
  const verdict = b.withinBudget ? `✅ within budget, ${usd(b.remaining)} left${used}` : `❌ over budget by ${usd(new Dec(b.remaining).neg().toFixed())}${used}`;
  const spend = b.percentile === 'expected' ? '' : ` (checked at ${b.percentile}: ${usd(b.spend)})`;
  return `${head} · budget ${usd(b.usd)} ${per}${spend}: ${verdict}`;
}

function policies(list: readonly PolicyResult[]): string[] {
  if (list.length === 0) return [];
  return ['### Policies', '', ...list.map((policy) => `- ${policy.status === 'pass' ? '✅' : policy.status === 'fail' ? '❌' : '⏭️'} **${mdText(policy.name)}**: ${mdText(policy.message)}`), ''];
}

function warnings(list: readonly ReportWarning[]): string[] {
  const shown = list.filter((item) => item.level === 'warning');
  if (shown.length === 0) return [];
  return [
    `<details><summary>⚠️ ${shown.length} warning${shown.length === 1 ? '' : 's'}</summary>`,
    '',
    ...shown.map((item) => `- ${item.workload === undefined ? '' : `${mdCode(item.workload)} `}**${mdText(item.code)}**: ${mdText(item.message)}`),
    '',
    '</details>',
    '',
  ];
}

const PARTS: ReadonlyArray<{ key: keyof ModelRow['breakdown']; label: string; always: boolean }> = [
  { key: 'input', label: 'Input (uncached)', always: true },
  { key: 'cachedInput', label: 'Cached input', always: true },
  { key: 'cacheWrite', label: 'Cache writes (5 min)', always: false },
  { key: 'cacheWrite1h', label: 'Cache writes (1 h)', always: false },
  { key: 'output', label: 'Output', always: true },
  { key: 'reasoning', label: '↳ of which reasoning', always: true },
  { key: 'images', label: 'Images (part of input)', always: true },
  { key: 'fees', label: 'Fees', always: true },
];

function workloadSection(workload: WorkloadReport): string[] {
  const out: string[] = [];
  const calls = workload.models.find((item) => item.available)?.calls;
  out.push(`#### ${mdText(workload.name)}`, '', `${mdText(workload.volume)}${calls === undefined ? '' : ` · ${count(calls)} a month`}${workload.description === undefined ? '' : ` · ${mdText(workload.description)}`}`, '');
  const models = breakdownColumns(workload);
  if (models.length > 0) {
    const mark = (id: string): string => (workload.selected?.option === id ? ' ✓' : '');
    const parts = PARTS.filter((part) => part.always || models.some((model) => !new Dec(model.breakdown[part.key]).isZero()));
    out.push(row(['', ...models.map((model) => `${mdText(model.model)}${mark(model.model)}`)]));
    out.push(`|---|${models.map(() => '---:').join('|')}|`);
    for (const part of parts) out.push(row([part.label, ...models.map((model) => usd(model.breakdown[part.key]))]));
    out.push(row(['**Monthly**', ...models.map((model) => `**${usd(model.spend.expected)}**`)]));
    out.push(row(['p90', ...models.map((model) => usd(model.spend.p90))]));
    out.push(row(['Per call', ...models.map((model) => usd(model.perCall, 6))]));
    out.push('');
  }
  for (const model of workload.models.filter((item) => !item.available)) out.push(`- ${mdCode(model.model)} cannot price this workload: ${mdText(model.unavailable?.message ?? '')}`);
  const rec = workload.recommendation;
  out.push(`**Recommendation:** ${rec.choice === null ? '❌ none. ' : ''}${mdText(rec.explanation)}`, '');
  if (rec.options.length > 0) {
    const per = rec.period === 'month' ? 'a month' : `a ${rec.period}`;
    out.push(row([`Option (spend ${per})`, 'Expected', 'p90', 'p95 latency', 'Capability', 'Checks']));
    out.push('|---|---:|---:|---:|---:|---|');
    for (const option of rec.options) {
      const failed = option.checks.filter((check) => !check.pass).map((check) => check.name);
      out.push(
        row([
          `${rec.choice === option.id ? '✓ ' : ''}${mdCode(option.id)}${option.onFrontier ? ' ◆' : ''}`,
          usd(option.spend.expected),
          usd(option.spend.p90),
          msText(option.latency?.p95Ms),
          option.capability === null ? '?' : String(option.capability),
          failed.length === 0 ? '✅ all pass' : `❌ ${mdText(failed.join(', '))}`,
        ]),
      );
    }
    out.push('');
  }
  return out;
}

function planBody(report: PlanReport): string[] {
  const out: string[] = [];
  out.push(budgetLine(report), '');
  out.push(row(['Workload', 'Option', 'Why', 'Expected / month', 'p90']));
  out.push('|---|---|---|---:|---:|');
  for (const workload of report.workloads) {
    const selected = workload.selected;
    out.push(row([mdText(workload.name), selected === null ? '-' : mdCode(selected.option), selected === null ? '' : reasonText(selected.reason), usd(selected?.monthly.expected ?? '0'), usd(selected?.monthly.p90 ?? '0')]));
  }
  out.push(row(['**Total**', '', '', `**${usd(report.totals.monthly.expected)}**`, `**${usd(report.totals.monthly.p90)}**`]));
  out.push('');
  const forecast = report.totals.forecast;
  if (forecast.length === 12 && forecast[0] !== forecast[11]) {
    const crossing = report.budget?.exceededInMonth ?? null;
    out.push(
      `Next 12 months: ${usd(forecast[0] ?? '0')} → ${usd(forecast[11] ?? '0')} a month with growth${report.budget === null ? '.' : crossing === null ? ', within the monthly budget throughout.' : `; over the monthly budget (${usd(report.budget.monthly)}) from month ${crossing}.`}`,
      '',
    );
  }
  out.push('<details><summary>Breakdown per workload and model</summary>', '');
  for (const workload of report.workloads) out.push(...workloadSection(workload));
  out.push('✓ the option the totals use · ◆ on the cost–latency frontier', '', '</details>', '');
  return out;
}

function footer(report: PlanReport): string {
  const pricing = report.pricing.source === 'bundled' ? `bundled prices checked ${mdText(report.pricing.checkedAt)}` : `prices from ${mdText(report.pricing.source)} (checked ${mdText(report.pricing.checkedAt)})`;
  return `<sub>llm-spend ${mdText(report.tool.version)} · ${pricing} · ${mdText(report.today)} · USD, a month = 730 hours</sub>`;
}

/** @internal The plan report as markdown. */
export function planMarkdown(report: PlanReport): string {
  const title = report.plan.title ?? report.plan.file;
  const out = [COMMENT_MARKER, `## LLM spend: ${mdText(title)}`, '', ...planBody(report), ...policies(report.policies), ...warnings(report.warnings), footer(report)];
  return `${out.join('\n')}\n`;
}

/** @internal The diff report as a pull-request comment. */
export function diffMarkdown(report: DiffReport): string {
  const out: string[] = [COMMENT_MARKER, `## ${report.headline}`, ''];
  out.push(`Monthly cost change: **${signedUsd(report.change.usd)}** (${usd(report.base.total)} → ${usd(report.current.total)})`, '');
  out.push(row(['Workload', 'Option', 'Before', 'After', 'Change']));
  out.push('|---|---|---:|---:|---:|');
  for (const change of report.workloads) {
    const code = (id: string | null): string => mdCode(id ?? '-');
    const option = change.status === 'added' ? `${code(change.option)} (new)` : change.status === 'removed' ? `${code(change.baseOption)} (removed)` : change.baseOption === change.option ? code(change.option) : `${code(change.baseOption)} → ${code(change.option)}`;
    const percent = change.percent === null ? '' : ` (${percentText(change.percent, true)})`;
    out.push(row([mdText(change.name), option, usd(change.base), usd(change.current), `${signedUsd(change.change)}${percent}`]));
  }
  const percent = report.change.percent === null ? '' : ` (${percentText(report.change.percent, true)})`;
  out.push(row(['**Total**', '', `**${usd(report.base.total)}**`, `**${usd(report.current.total)}**`, `**${signedUsd(report.change.usd)}${percent}**`]), '');
  out.push(...policies(report.policies));
  out.push('<details><summary>The plan after this change</summary>', '', ...planBody(report.report), '</details>', '');
  out.push(...warnings(report.warnings), footer(report.report));
  return `${out.join('\n')}\n`;
}

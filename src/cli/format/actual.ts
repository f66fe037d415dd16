// `llm-spend actual` as a terminal table and as markdown (a CI summary or a pull-request comment):
// spend per group, problems (counted by reason, the first listed with file and line), warnings,
// the what-if comparison and the reconciliation with the bill.
import { Dec } from '../../money/decimal.js';
import type { ReconcileResult, ReconcileRow } from '../../actual/reconcile.js';
import type { RecordProblem } from '../../actual/record.js';
import type { SpendReport } from '../../actual/report.js';
import type { WhatIfResult } from '../../actual/what-if.js';
import type { ActualCliReport } from '../commands/actual.js';
import { mdCode, mdText } from './markdown.js';
import { count, percentText, signedUsd, style, table, terminalSafe, usd, wrap, type Column } from './text.js';

/** @internal A problem in one line: `file:line code: message`. */
export function problemLine(problem: RecordProblem): string {
  const where = `${problem.origin.file ?? '(input)'}:${problem.origin.line}`;
  return `${where} ${problem.code}: ${problem.message}`;
}

/** @internal The USD amount for people, with 2 decimals ("$1,234.57", "<$0.01"). */
function money(value: string): string {
  return usd(value, 2);
}

/** @internal A share string such as "0.123456" as a percentage. */
function share(value: string | null): string {
  return value === null ? 'n/a' : percentText(new Dec(value).times(100).toFixed());
}

function keyText(report: SpendReport, key: Readonly<Record<string, string>>): string[] {
  return report.groupBy.map((name) => key[name] ?? '');
}

function dateSpan(report: SpendReport): string {
  if (report.dateRange === null) return 'no priced record';
  return `${report.dateRange.from.slice(0, 10)} → ${report.dateRange.to.slice(0, 10)}`;
}

function byCodeText(byCode: Readonly<Partial<Record<string, number>>>): string {
  return Object.entries(byCode)
    .map(([code, value]) => `${value ?? 0} ${code}`)
    .join(', ');
}

function reconcileTitle(result: ReconcileResult & { readonly billFile: string }): string {
  const period = result.period === undefined ? '' : `, ${result.period.from.slice(0, 10)} → ${result.period.to.slice(0, 10)}`;
  return `${result.billFile} (${result.provider}${period}, ${result.timeZone})`;
}

function flaggedRows(result: ReconcileResult): readonly ReconcileRow[] {
  return result.rows.filter((row) => row.flagged);
}

// ------------------------------------------------------------------------------ table

/** @internal The terminal table. */
export function actualTable(unsafe: ActualCliReport, color: boolean): string {
  const report = terminalSafe(unsafe);
  const s = style(color);
  const spend = report.spend;
  const out: string[] = [];
  out.push(s.bold(`Actual LLM spend: ${money(spend.total.cost.total)}`));
  out.push(
    ...wrap(
      `${dateSpan(spend)} (${spend.timeZone}) · ${count(spend.counts.priced)} records priced, ${count(spend.total.calls)} calls · read ${count(spend.counts.read)} from ${report.files.join(', ')} · exact total $${spend.total.cost.total}`,
      { indent: 0, hanging: 2 },
    ).map((line) => s.dim(line)),
  );
  out.push('');
  const columns: Column[] = [
    ...spend.groupBy.map((name): Column => ({ header: name, shrink: true })),
    { header: 'records', align: 'right' },
    { header: 'input tokens', align: 'right' },
    { header: 'output tokens', align: 'right' },
    { header: 'cost', align: 'right' },
  ];
  const rows = spend.rows.map((row) => [...keyText(spend, row.key), count(row.records), count(row.tokens.inputTokens), count(row.tokens.outputTokens), money(row.cost.total)]);
  rows.push([...spend.groupBy.map((_, index) => (index === 0 ? 'total' : '')), count(spend.total.records), count(spend.total.tokens.inputTokens), count(spend.total.tokens.outputTokens), money(spend.total.cost.total)]);
  out.push(...table(columns, rows, { indent: 2, headerStyle: s.dim }));
  if (spend.counts.problems > 0 || spend.counts.skipped > 0) {
    out.push('');
    out.push(s.yellow(`Not priced: ${count(spend.counts.problems)} record${spend.counts.problems === 1 ? '' : 's'}${spend.counts.problems > 0 ? ` (${byCodeText(spend.problems.byCode)})` : ''}${spend.counts.skipped > 0 ? `; skipped on purpose: ${count(spend.counts.skipped)} (${byCodeText(spend.skipped)})` : ''}`));
    for (const problem of spend.problems.listed) out.push(...wrap(problemLine(problem), { indent: 2, hanging: 6 }));
    if (spend.problems.listed.length < spend.counts.problems) out.push(s.dim(`  … and ${count(spend.counts.problems - spend.problems.listed.length)} more (raise --max-problems, or --format json)`));
  }
  for (const warning of spend.warnings) out.push(...wrap(`! ${warning.message}`, { indent: 0, hanging: 2 }).map((line) => s.yellow(line)));
  if (report.whatIf !== null) out.push('', ...whatIfTable(report.whatIf, s));
  if (report.reconcile !== null) out.push('', ...reconcileTable(report.reconcile, s));
  return `${out.join('\n')}\n`;
}

function whatIfTable(result: WhatIfResult, s: ReturnType<typeof style>): string[] {
  const out: string[] = [s.bold('What if: the same records, each re-priced at its own date')];
  const columns: Column[] = [
    { header: 'scenario', shrink: true },
    { header: 'records', align: 'right' },
    { header: 'actual', align: 'right' },
    { header: 'scenario', align: 'right' },
    { header: 'saving', align: 'right' },
    { header: 'share', align: 'right' },
    { header: 'not servable', align: 'right' },
  ];
  const rows = result.scenarios.map((scenario) => [scenario.label, count(scenario.records), money(scenario.baseline), money(scenario.scenario), signedUsd(scenario.saving), share(scenario.savingShare), count(scenario.unpriceable.count)]);
  out.push(...table(columns, rows, { indent: 2, headerStyle: s.dim }));
  for (const scenario of result.scenarios) {
    if (scenario.unpriceable.count > 0) {
      out.push(...wrap(`${scenario.label}: ${count(scenario.unpriceable.count)} record(s) it cannot serve (${byCodeText(scenario.unpriceable.byCode)}), actually ${money(scenario.unpriceableBaseline)}, left out of both sides.`, { indent: 2, hanging: 4 }).map((line) => s.dim(line)));
    }
    for (const warning of scenario.warnings) out.push(...wrap(`! ${scenario.label}: ${warning.message}`, { indent: 2, hanging: 4 }).map((line) => s.yellow(line)));
  }
  return out;
}

function reconcileTable(result: ReconcileResult & { readonly billFile: string }, s: ReturnType<typeof style>): string[] {
  const out: string[] = [s.bold(`Reconciliation with ${reconcileTitle(result)}`)];
  out.push(`  computed ${money(result.totals.computed)} · billed ${money(result.totals.billed)} · difference ${signedUsd(result.totals.difference)} (exact: ${result.totals.difference})`);
  const flagged = flaggedRows(result);
  if (flagged.length === 0) out.push(s.green(`  ✓ every model and day within rounding (${count(result.rows.length)} rows)`));
  else {
    out.push(s.red(`  ✗ ${count(flagged.length)} of ${count(result.rows.length)} rows differ beyond rounding:`));
    const columns: Column[] = [
      { header: 'day' },
      { header: 'model', shrink: true },
      { header: 'computed', align: 'right' },
      { header: 'billed', align: 'right' },
      { header: 'difference', align: 'right' },
      { header: 'tolerance', align: 'right' },
    ];
    out.push(...table(columns, flagged.map((row) => [row.day, row.model, `$${row.computed}`, `$${row.billed}`, row.difference, row.tolerance]), { indent: 4, headerStyle: s.dim }));
  }
  for (const model of result.billedNotLogged) out.push(...wrap(`billed, never logged: ${model.model} ${money(model.usd)} on ${model.days.length} day(s)`, { indent: 2, hanging: 4 }).map((line) => s.yellow(line)));
  for (const model of result.loggedNotBilled) out.push(...wrap(`logged, never billed: ${model.model} ${money(model.usd)} on ${model.days.length} day(s)`, { indent: 2, hanging: 4 }).map((line) => s.yellow(line)));
  if (result.outsidePeriod > 0 || result.otherProvider > 0) out.push(s.dim(`  left out: ${count(result.outsidePeriod)} record(s) outside the bill's period, ${count(result.otherProvider)} of another provider or host`));
  for (const warning of result.warnings) out.push(...wrap(`! ${warning.message}`, { indent: 2, hanging: 4 }).map((line) => s.yellow(line)));
  return out;
}

// ------------------------------------------------------------------------------ markdown

function mdRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function mdTable(headers: readonly string[], right: readonly boolean[], rows: readonly (readonly string[])[]): string[] {
  return [mdRow(headers), mdRow(headers.map((_, index) => (right[index] === true ? '---:' : '---'))), ...rows.map(mdRow)];
}

/** @internal The markdown report (GitHub-flavoured). */
export function actualMarkdown(report: ActualCliReport): string {
  const spend = report.spend;
  const out: string[] = [];
  out.push(`### Actual LLM spend: ${money(spend.total.cost.total)}`, '');
  out.push(`${mdText(dateSpan(spend))} (${mdText(spend.timeZone)}) · ${count(spend.counts.priced)} records priced, ${count(spend.total.calls)} calls · read ${count(spend.counts.read)} from ${report.files.map(mdCode).join(', ')} · exact total \`$${spend.total.cost.total}\``, '');
  const rows = spend.rows.map((row) => [...keyText(spend, row.key).map(mdCode), count(row.records), count(row.tokens.inputTokens), count(row.tokens.outputTokens), money(row.cost.total)]);
  rows.push([...spend.groupBy.map((_, index) => (index === 0 ? '**total**' : '')), count(spend.total.records), count(spend.total.tokens.inputTokens), count(spend.total.tokens.outputTokens), `**${money(spend.total.cost.total)}**`]);
  out.push(...mdTable([...spend.groupBy.map(mdText), 'records', 'input tokens', 'output tokens', 'cost'], [...spend.groupBy.map(() => false), true, true, true, true], rows), '');
  if (spend.counts.problems > 0 || spend.counts.skipped > 0) {
    out.push(`**Not priced: ${count(spend.counts.problems)} record${spend.counts.problems === 1 ? '' : 's'}**${spend.counts.problems > 0 ? ` (${mdText(byCodeText(spend.problems.byCode))})` : ''}${spend.counts.skipped > 0 ? `; skipped on purpose: ${count(spend.counts.skipped)}` : ''}`, '');
    for (const problem of spend.problems.listed) out.push(`- ${mdCode(`${problem.origin.file ?? '(input)'}:${problem.origin.line}`)} ${mdText(problem.code)}: ${mdText(problem.message)}`);
    if (spend.problems.listed.length < spend.counts.problems) out.push(`- … and ${count(spend.counts.problems - spend.problems.listed.length)} more`);
    out.push('');
  }
  for (const warning of spend.warnings) out.push(`> ⚠️ ${mdText(warning.message)}`, '');
  if (report.whatIf !== null) {
    out.push('#### What if: the same records, each re-priced at its own date', '');
    out.push(
      ...mdTable(
        ['scenario', 'records', 'actual', 'scenario', 'saving', 'share', 'not servable'],
        [false, true, true, true, true, true, true],
        report.whatIf.scenarios.map((scenario) => [mdCode(scenario.label), count(scenario.records), money(scenario.baseline), money(scenario.scenario), signedUsd(scenario.saving), share(scenario.savingShare), count(scenario.unpriceable.count)]),
      ),
      '',
    );
    for (const scenario of report.whatIf.scenarios) for (const warning of scenario.warnings) out.push(`> ⚠️ ${mdText(`${scenario.label}: ${warning.message}`)}`, '');
  }
  const result = report.reconcile;
  if (result !== null) {
    out.push(`#### Reconciliation with ${mdText(reconcileTitle(result))}`, '');
    out.push(`Computed ${money(result.totals.computed)} · billed ${money(result.totals.billed)} · difference ${signedUsd(result.totals.difference)} (exact: \`${result.totals.difference}\`)`, '');
    const flagged = flaggedRows(result);
    if (flagged.length === 0) out.push(`✅ Every model and day within rounding (${count(result.rows.length)} rows).`, '');
    else {
      out.push(`❌ ${count(flagged.length)} of ${count(result.rows.length)} rows differ beyond rounding:`, '');
      out.push(...mdTable(['day', 'model', 'computed', 'billed', 'difference', 'tolerance'], [false, false, true, true, true, true], flagged.map((row) => [row.day, mdCode(row.model), `$${row.computed}`, `$${row.billed}`, row.difference, row.tolerance])), '');
    }
    for (const model of result.billedNotLogged) out.push(`- billed, never logged: ${mdCode(model.model)} ${money(model.usd)} on ${model.days.length} day(s)`);
    for (const model of result.loggedNotBilled) out.push(`- logged, never billed: ${mdCode(model.model)} ${money(model.usd)} on ${model.days.length} day(s)`);
    for (const warning of result.warnings) out.push(`> ⚠️ ${mdText(warning.message)}`);
    out.push('');
  }
  out.push(`<sub>llm-spend ${mdText(report.tool.version)} · each record priced at its own date from the bundled catalog or --pricing</sub>`, '');
  return out.join('\n');
}

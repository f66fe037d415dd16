// The HTML format: one self-contained page (inline CSS and SVG, no script, no network: a
// Content-Security-Policy forbids every fetch), readable in light and dark mode.
import { Dec } from '../../money/decimal.js';
import type { CostReport, ModelsReport } from '../commands/lookup.js';
import { breakdownColumns, type DiffReport, type ModelRow, type PlanReport, type PolicyResult, type ReportWarning, type WorkloadReport } from '../report/types.js';
import { escapeXml as esc, frontierScatter, monthColumns, stackedBars, type BarGroup, type ScatterPoint } from './charts.js';
import { count, msText, percentText, signedUsd, usd } from './text.js';

const CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --card: #f6f8fa;
  --accent: #0969da; --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700;
  --c0: #0072b2; --c1: #56b4e9; --c2: #cc79a7; --c3: #e69f00; --c4: #009e73; --c5: #d55e00;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --card: #151b23;
    --accent: #4493f8; --ok: #3fb950; --bad: #f85149; --warn: #d29922;
    --c0: #4aa3df; --c1: #8fd3fe; --c2: #e29bc9; --c3: #f5b83d; --c4: #34c69a; --c5: #ff8a4c;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
main { max-width: 960px; margin: 0 auto; padding: 28px 20px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 36px 0 6px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 22px 0 6px; }
p { margin: 6px 0; }
.muted, .sub { color: var(--muted); }
.sub { margin: 0 0 18px; font-size: 14px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; margin: 18px 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.card .label { color: var(--muted); font-size: 13px; }
.card .value { font-size: 24px; font-weight: 650; font-variant-numeric: tabular-nums; }
.card .note { font-size: 13px; color: var(--muted); }
.meter { height: 8px; background: var(--line); border-radius: 4px; overflow: hidden; margin-top: 8px; }
.meter > span { display: block; height: 100%; background: var(--ok); }
.meter.over > span { background: var(--bad); }
.ok { color: var(--ok); } .bad { color: var(--bad); } .warn { color: var(--warn); }
.headline { font-size: 22px; font-weight: 650; margin: 6px 0; }
figure { margin: 10px 0 4px; }
figcaption { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 14px; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { font-weight: 600; color: var(--muted); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 650; border-top: 2px solid var(--line); }
tr.selected td:first-child { font-weight: 650; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--card); padding: 1px 4px; border-radius: 4px; }
ul.plain { padding-left: 18px; }
footer { margin-top: 40px; color: var(--muted); font-size: 13px; }
svg.chart { display: block; max-width: 100%; height: auto; overflow: visible; }
svg.chart text { fill: var(--fg); font: 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
svg.chart .tick, svg.chart .axis-title { fill: var(--muted); font-size: 11px; }
svg.chart .tick.over { fill: var(--bad); font-weight: 700; }
svg.chart .grid { stroke: var(--line); stroke-width: 1; opacity: 0.7; }
svg.chart .axis { stroke: var(--muted); stroke-width: 1; }
svg.chart .group-label { font-weight: 700; font-size: 13px; }
svg.chart .bar-row.selected .bar-label { font-weight: 700; }
svg.chart .bar-outline { fill: none; stroke: var(--fg); stroke-width: 1.5; }
svg.chart .bar-value { font-variant-numeric: tabular-nums; }
svg.chart .part-0, svg.chart .series-0 { fill: var(--c0); }
svg.chart .part-1, svg.chart .series-1 { fill: var(--c1); }
svg.chart .part-2, svg.chart .series-2 { fill: var(--c2); }
svg.chart .part-3, svg.chart .series-3 { fill: var(--c3); }
svg.chart .part-4, svg.chart .series-4 { fill: var(--c4); }
svg.chart .series-5 { fill: var(--c5); }
svg.chart .point { stroke: var(--bg); stroke-width: 1.5; }
svg.chart .point.single { fill: var(--c0); }
svg.chart .point.cascade { fill: var(--c3); }
svg.chart .point.split { fill: var(--c4); }
svg.chart .point.infeasible { fill: var(--bg); stroke: var(--bad); stroke-width: 2; }
svg.chart .point.chosen { stroke: var(--fg); stroke-width: 2.5; }
svg.chart .point-label { font-size: 11.5px; }
svg.chart .point-label, svg.chart .budget-label, svg.chart .slo-label, svg.chart .crossing-label { paint-order: stroke; stroke: var(--bg); stroke-width: 4px; stroke-linejoin: round; }
svg.chart .frontier { fill: none; stroke: var(--accent); stroke-width: 2; stroke-dasharray: 1 0; opacity: 0.8; }
svg.chart .slo { stroke: var(--bad); stroke-width: 1.5; stroke-dasharray: 6 4; }
svg.chart .slo-label { fill: var(--bad); font-size: 11px; }
svg.chart .budget { stroke: var(--warn); stroke-width: 2; stroke-dasharray: 8 4; }
svg.chart .budget-label { fill: var(--warn); font-size: 11.5px; font-weight: 600; }
svg.chart .crossing-line { stroke: var(--bad); stroke-width: 1; stroke-dasharray: 2 3; }
svg.chart .crossing-label { fill: var(--bad); font-size: 11.5px; font-weight: 600; }
.legend-note { font-size: 13px; color: var(--muted); }
.legend-note .sw { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin: 0 4px 0 10px; vertical-align: -1px; }
`;

/** A self-contained HTML page (shared by every HTML report): a title, inline CSS and the body. */
export function htmlPage(title: string, body: string, css: string = CSS): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    // Self-contained by rule: the page may load nothing (no script, font, image or request).
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${esc(title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body><main>',
    body,
    '</main></body>',
    '</html>',
    '',
  ].join('\n');
}

const num = (value: string): number => Number(value);

function meter(share: number, over: boolean): string {
  const width = Math.max(0, Math.min(100, share * 100));
  return `<div class="meter${over ? ' over' : ''}" role="meter" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${width.toFixed(0)}"><span style="width:${width.toFixed(1)}%"></span></div>`;
}

function cards(report: PlanReport): string {
  const out: string[] = [];
  out.push(`<div class="card"><div class="label">Monthly spend, expected</div><div class="value">${esc(usd(report.totals.monthly.expected))}</div><div class="note">p90 ${esc(usd(report.totals.monthly.p90))} · ${report.workloads.length} workload${report.workloads.length === 1 ? '' : 's'}</div></div>`);
  const b = report.budget;
  if (b !== null) {
    const share = b.usedShare === null ? 0 : num(b.usedShare);
    const per = b.per === 'month' ? 'a month' : `a ${b.per}`;
    const verdict = b.withinBudget ? `<span class="ok">within budget</span>, ${esc(usd(b.remaining))} left` : `<span class="bad">over budget</span> by ${esc(usd(new Dec(b.remaining).neg().toFixed()))}`;
    out.push(`<div class="card"><div class="label">Budget ${esc(usd(b.usd))} ${per}${b.percentile === 'expected' ? '' : ` (at ${esc(b.percentile)})`}</div><div class="value">${esc(percentText(new Dec(b.usedShare ?? '0').times(100).toFixed()))} used</div>${meter(share, !b.withinBudget)}<div class="note">${verdict}</div></div>`);
  }
  const forecast = report.totals.forecast;
  if (forecast.length === 12) {
    const crossing = b?.exceededInMonth ?? null;
    out.push(
      `<div class="card"><div class="label">In 12 months, with growth</div><div class="value">${esc(usd(forecast[11] ?? '0'))}</div><div class="note">${crossing === null ? (b === null ? 'a month' : '<span class="ok">within the budget throughout</span>') : `<span class="bad">over the budget from month ${crossing}</span>`}</div></div>`,
    );
  }
  if (report.policies.length > 0) {
    const failed = report.policies.filter((policy) => policy.status === 'fail').length;
    out.push(`<div class="card"><div class="label">Policies</div><div class="value ${failed === 0 ? 'ok' : 'bad'}">${failed === 0 ? 'pass' : `${failed} failed`}</div><div class="note">exit code ${failed === 0 ? 0 : 1}</div></div>`);
  }
  return `<div class="cards">${out.join('')}</div>`;
}

const PARTS: ReadonlyArray<{ key: keyof ModelRow['breakdown']; label: string }> = [
  { key: 'input', label: 'Input (uncached)' },
  { key: 'cachedInput', label: 'Cached input' },
  { key: 'cacheWrite', label: 'Cache writes (5 min)' },
  { key: 'cacheWrite1h', label: 'Cache writes (1 h)' },
  { key: 'output', label: 'Output' },
  { key: 'reasoning', label: '↳ of which reasoning' },
  { key: 'images', label: 'Images (part of input)' },
  { key: 'fees', label: 'Fees' },
];

function spendChart(report: PlanReport): string {
  const legend = ['input', 'cached input', 'cache writes', 'output', 'fees'];
  const groups: BarGroup[] = report.workloads.map((workload) => ({
    label: workload.name,
    bars: breakdownColumns(workload).map((row) => ({
        label: row.model,
        selected: workload.selected?.option === row.model,
        total: num(row.spend.expected),
        totalText: usd(row.spend.expected),
        values: [num(row.breakdown.input), num(row.breakdown.cachedInput), num(row.breakdown.cacheWrite) + num(row.breakdown.cacheWrite1h), num(row.breakdown.output), num(row.breakdown.fees)],
      })),
  }));
  const svg = stackedBars(groups, legend, 'Monthly spend per workload and model, by part', 'spend-chart');
  return `<section id="chart-spend"><h2>Monthly spend per workload and model</h2><figure>${svg}<figcaption>Expected spend a month (730 hours) on each candidate model, split into input, cached input, cache writes, output (reasoning included) and fees. ✓ marks the model a workload's total uses.</figcaption></figure></section>`;
}

function frontierCharts(report: PlanReport): string {
  const figures: string[] = [];
  report.workloads.forEach((workload, index) => {
    const rec = workload.recommendation;
    const points: ScatterPoint[] = rec.options
      .filter((option) => option.latency !== null)
      .map((option) => ({
        label: option.id,
        strategy: option.strategy,
        spend: num(option.spend.expected),
        spendText: usd(option.spend.expected),
        latencyMs: option.latency?.p95Ms ?? 0,
        feasible: option.feasible,
        onFrontier: option.onFrontier,
        chosen: rec.choice === option.id,
      }));
    const missing = rec.options.filter((option) => option.latency === null).map((option) => option.id);
    const period = rec.period === 'month' ? 'a month' : `a ${rec.period}`;
    let budget: { value: number; label: string } | undefined;
    if (rec.budget !== null) budget = { value: num(rec.budget.usd), label: `budget ${usd(rec.budget.usd)} ${period}` };
    else if (report.budget !== null && rec.period === 'month') budget = { value: num(report.budget.monthly), label: `plan budget ${usd(report.budget.monthly)} a month (all workloads)` };
    const note = missing.length === 0 ? '' : ` No latency profile for ${missing.map((id) => `<code>${esc(id)}</code>`).join(', ')}: not plotted.`;
    if (points.length === 0) {
      figures.push(`<h3>${esc(workload.name)}</h3><p class="muted">No option of this workload has a latency profile (batch or flex tiers publish none), so there is nothing to plot.${note}</p>`);
      return;
    }
    const svg = frontierScatter(points, { sloMs: rec.latencyLimits.p95Ms, budget, title: `${workload.name}: expected spend against p95 latency per option`, id: `frontier-${index}`, period });
    figures.push(`<h3>${esc(workload.name)}</h3><figure>${svg}<figcaption>Each option's expected spend ${esc(period)} against its p95 latency per call${workload.kind === 'steps' ? ' (per task: all steps)' : ''}. The blue staircase is the Pareto frontier (no option is both cheaper and faster); the red dashed line is the p95 SLO, the amber one the budget. Hollow marks fail a constraint; ◆ marks cascades and splits.${note}</figcaption></figure>`);
  });
  return `<section id="chart-frontier"><h2>Spend against p95 latency</h2>${figures.join('')}</section>`;
}

function forecastChart(report: PlanReport): string {
  const series = report.workloads.filter((workload) => workload.forecast.length > 0).map((workload) => ({ label: workload.name, values: workload.forecast.map(num) }));
  const budget = report.budget === null ? undefined : num(report.budget.monthly);
  const label = report.budget === null ? undefined : `budget ${usd(report.budget.monthly)} a month${report.budget.per === 'month' ? '' : ` (${usd(report.budget.usd)} a ${report.budget.per})`}`;
  const svg = monthColumns(series, { budget, ...(label === undefined ? {} : { budgetLabel: label }), title: 'Expected spend over the next twelve months, per workload, against the budget', id: 'forecast-chart' });
  const crossing = report.budget?.exceededInMonth ?? null;
  const text = report.budget === null ? 'The plan has no budget.' : crossing === null ? 'The expected spend stays within the budget for the next twelve months.' : `At the planned growth the expected spend passes the budget in month ${crossing}.`;
  return `<section id="chart-forecast"><h2>The next twelve months</h2><figure>${svg}<figcaption>Expected spend of the options the totals use, month by month, with each workload's volume growth compounding monthly. ${esc(text)}</figcaption></figure></section>`;
}

function workloadDetails(workload: WorkloadReport): string {
  const models = breakdownColumns(workload);
  const head = `<tr><th></th>${models.map((row) => `<th class="num">${workload.selected?.option === row.model ? '✓ ' : ''}${esc(row.model)}</th>`).join('')}</tr>`;
  const rows = PARTS.filter((part) => !['cacheWrite', 'cacheWrite1h'].includes(part.key) || models.some((row) => !new Dec(row.breakdown[part.key]).isZero())).map(
    (part) => `<tr><td>${esc(part.label)}</td>${models.map((row) => `<td class="num">${esc(usd(row.breakdown[part.key]))}</td>`).join('')}</tr>`,
  );
  rows.push(`<tr class="total"><td>Monthly</td>${models.map((row) => `<td class="num">${esc(usd(row.spend.expected))}</td>`).join('')}</tr>`);
  rows.push(`<tr><td>p90</td>${models.map((row) => `<td class="num">${esc(usd(row.spend.p90))}</td>`).join('')}</tr>`);
  rows.push(`<tr><td>Per call</td>${models.map((row) => `<td class="num">${esc(usd(row.perCall, 6))}</td>`).join('')}</tr>`);
  const unavailable = workload.models.filter((row) => !row.available).map((row) => `<li><code>${esc(row.model)}</code> cannot price this workload: ${esc(row.unavailable?.message ?? '')}</li>`);
  const rec = workload.recommendation;
  const per = rec.period === 'month' ? 'a month' : `a ${rec.period}`;
  const options = rec.options.map((option) => {
    const failed = option.checks.filter((check) => !check.pass);
    const checks = failed.length === 0 ? '<span class="ok">all pass</span>' : failed.map((check) => `<span class="bad">✗ ${esc(check.name)}</span>: ${esc(check.detail)}`).join('<br>');
    return `<tr${rec.choice === option.id ? ' class="selected"' : ''}><td>${rec.choice === option.id ? '✓ ' : ''}<code>${esc(option.id)}</code>${option.onFrontier ? ' ◆' : ''}</td><td class="num">${esc(usd(option.spend.expected))}</td><td class="num">${esc(usd(option.spend.p90))}</td><td class="num">${esc(msText(option.latency?.p95Ms))}</td><td class="num">${option.capability ?? '?'}</td><td>${checks}</td></tr>`;
  });
  const calls = models[0]?.calls;
  return [
    `<h3>${esc(workload.name)}</h3>`,
    `<p class="muted">${esc(workload.volume)}${calls === undefined ? '' : ` · ${esc(count(calls))} a month`}${workload.description === undefined ? '' : ` · ${esc(workload.description)}`}</p>`,
    models.length === 0 ? '' : `<table>${head}${rows.join('')}</table>`,
    unavailable.length === 0 ? '' : `<ul class="plain">${unavailable.join('')}</ul>`,
    `<p><strong>${rec.choice === null ? '<span class="bad">No recommendation.</span>' : 'Recommendation.'}</strong> ${esc(rec.explanation)}</p>`,
    rec.options.length === 0 ? '' : `<table><tr><th>Option</th><th class="num">Expected ${esc(per)}</th><th class="num">p90</th><th class="num">p95 latency</th><th class="num">Capability</th><th>Checks</th></tr>${options.join('')}</table>`,
  ].join('');
}

function totalsTable(report: PlanReport): string {
  const rows = report.workloads.map((workload) => {
    const selected = workload.selected;
    const why = selected === null ? '' : selected.reason === 'pinned' ? 'pinned in the plan' : selected.reason === 'nearest' ? '<span class="warn">nearest: none meets every constraint</span>' : 'recommended';
    return `<tr><td>${esc(workload.name)}</td><td>${selected === null ? '-' : `<code>${esc(selected.option)}</code>`}</td><td>${why}</td><td class="num">${esc(usd(selected?.monthly.expected ?? '0'))}</td><td class="num">${esc(usd(selected?.monthly.p90 ?? '0'))}</td></tr>`;
  });
  rows.push(`<tr class="total"><td>Total</td><td></td><td></td><td class="num">${esc(usd(report.totals.monthly.expected))}</td><td class="num">${esc(usd(report.totals.monthly.p90))}</td></tr>`);
  return `<table><tr><th>Workload</th><th>Option</th><th>Why</th><th class="num">Expected a month</th><th class="num">p90</th></tr>${rows.join('')}</table>`;
}

function policiesList(policies: readonly PolicyResult[]): string {
  if (policies.length === 0) return '';
  const items = policies.map((policy) => `<li><span class="${policy.status === 'pass' ? 'ok' : policy.status === 'fail' ? 'bad' : 'muted'}">${policy.status === 'pass' ? '✓' : policy.status === 'fail' ? '✗' : '–'} ${esc(policy.name)}</span>: ${esc(policy.message)}</li>`);
  return `<section id="policies"><h2>Policies</h2><ul class="plain">${items.join('')}</ul></section>`;
}

function warningsList(warnings: readonly ReportWarning[]): string {
  const shown = warnings.filter((item) => item.level === 'warning');
  const notes = warnings.filter((item) => item.level === 'note');
  if (shown.length === 0 && notes.length === 0) return '';
  const item = (warning: ReportWarning): string => `<li>${warning.workload === undefined ? '' : `<code>${esc(warning.workload)}</code> `}<strong>${esc(warning.code)}</strong>: ${esc(warning.message)}</li>`;
  return `<section id="warnings"><h2>Warnings</h2>${shown.length === 0 ? '<p class="muted">None.</p>' : `<ul class="plain">${shown.map(item).join('')}</ul>`}${notes.length === 0 ? '' : `<details><summary class="muted">${notes.length} note${notes.length === 1 ? '' : 's'} on how figures were computed</summary><ul class="plain">${notes.map(item).join('')}</ul></details>`}</section>`;
}

function footer(report: PlanReport): string {
  const pricing = report.pricing.source === 'bundled' ? `bundled prices checked ${report.pricing.checkedAt}` : `prices from ${report.pricing.source} (${report.pricing.format}, checked ${report.pricing.checkedAt})`;
  return `<footer>llm-spend ${esc(report.tool.version)} · ${esc(pricing)}${report.pricing.at === null ? '' : ` · prices in effect ${esc(report.pricing.at)}`} · today ${esc(report.today)} · USD; a month is 730 hours.</footer>`;
}

function planSections(report: PlanReport): string {
  return [
    cards(report),
    spendChart(report),
    frontierCharts(report),
    forecastChart(report),
    `<section id="totals"><h2>Totals</h2>${totalsTable(report)}</section>`,
    policiesList(report.policies),
    `<section id="workloads"><h2>Per workload</h2>${report.workloads.map(workloadDetails).join('')}</section>`,
    warningsList(report.warnings),
  ].join('\n');
}

/** @internal The plan report as one self-contained HTML page. */
export function planHtml(report: PlanReport): string {
  const title = report.plan.title ?? report.plan.file;
  const body = [`<h1>LLM spend: ${esc(title)}</h1>`, `<p class="sub">${esc(report.plan.file)} · spend a month (730 hours), USD</p>`, planSections(report), footer(report)].join('\n');
  return htmlPage(`LLM spend: ${title}`, body);
}

/** @internal The diff report as one self-contained HTML page. */
export function diffHtml(report: DiffReport): string {
  const title = report.report.plan.title ?? report.report.plan.file;
  const direction = report.change.direction === 'increase' ? 'bad' : report.change.direction === 'decrease' ? 'ok' : 'muted';
  const rows = report.workloads.map((change) => {
    const option = change.status === 'added' ? `<code>${esc(change.option ?? '-')}</code> (new)` : change.status === 'removed' ? `<code>${esc(change.baseOption ?? '-')}</code> (removed)` : change.baseOption === change.option ? `<code>${esc(change.option ?? '-')}</code>` : `<code>${esc(change.baseOption ?? '-')}</code> → <code>${esc(change.option ?? '-')}</code>`;
    return `<tr><td>${esc(change.name)}</td><td>${option}</td><td class="num">${esc(usd(change.base))}</td><td class="num">${esc(usd(change.current))}</td><td class="num">${esc(signedUsd(change.change))}${change.percent === null ? '' : ` (${esc(percentText(change.percent, true))})`}</td></tr>`;
  });
  rows.push(`<tr class="total"><td>Total</td><td></td><td class="num">${esc(usd(report.base.total))}</td><td class="num">${esc(usd(report.current.total))}</td><td class="num">${esc(signedUsd(report.change.usd))}${report.change.percent === null ? '' : ` (${esc(percentText(report.change.percent, true))})`}</td></tr>`);
  const body = [
    `<h1>LLM spend: ${esc(title)}</h1>`,
    `<p class="headline ${direction}" id="headline">${esc(report.headline)}</p>`,
    `<p class="sub">Monthly cost change: ${esc(signedUsd(report.change.usd))} (${esc(usd(report.base.total))} → ${esc(usd(report.current.total))}) · ${esc(report.base.file)} → ${esc(report.current.file)}</p>`,
    `<section id="changes"><h2>Change per workload</h2><table><tr><th>Workload</th><th>Option</th><th class="num">Before</th><th class="num">After</th><th class="num">Change</th></tr>${rows.join('')}</table></section>`,
    policiesList(report.policies),
    planSections({ ...report.report, policies: [] }),
    footer(report.report),
  ].join('\n');
  return htmlPage(`LLM spend: ${report.headline}`, body);
}

/** @internal One call's cost as an HTML page. */
export function costHtml(report: CostReport): string {
  const rows = [
    ['Input (uncached)', report.cost.input],
    ['Cached input', report.cost.cachedInput],
    ['Cache writes', report.cost.cacheWrite],
    ['Output', report.cost.output],
    ['↳ of which reasoning', report.cost.reasoning],
    ['Fees', report.cost.fees],
  ].map(([label, value]) => `<tr><td>${esc(label ?? '')}</td><td class="num">$${esc(value ?? '')}</td></tr>`);
  rows.push(`<tr class="total"><td>Total</td><td class="num">$${esc(report.cost.total)}</td></tr>`);
  const body = `<h1>${esc(report.model)}: $${esc(report.cost.total)} a call</h1><p class="sub">${esc(report.tier)} tier · ${esc(count(report.usage.inputTokens))} input tokens (${esc(count(report.usage.cachedInputTokens))} cached) · ${esc(count(report.usage.outputTokens))} output tokens</p><table><tr><th>Part</th><th class="num">USD (exact)</th></tr>${rows.join('')}</table><footer>llm-spend ${esc(report.tool.version)}${report.pricesCheckedAt === null ? '' : ` · prices last checked ${esc(report.pricesCheckedAt)}`}</footer>`;
  return htmlPage(`${report.model}: $${report.cost.total} a call`, body);
}

/** @internal The pricing table as an HTML page. */
export function modelsHtml(report: ModelsReport): string {
  const rows = report.models.map(
    (model) =>
      `<tr><td><code>${esc(model.id)}</code></td><td>${esc(model.provider)}</td><td class="num">${esc(model.prices.input)}</td><td class="num">${esc(model.prices.cachedInput ?? '-')}</td><td class="num">${esc(model.prices.output)}</td><td class="num">${model.contextWindow === null ? '?' : esc(count(model.contextWindow))}</td><td class="num">${model.maxOutputTokens === null ? '?' : esc(count(model.maxOutputTokens))}</td><td>${esc(model.tiers.join(', '))}</td><td class="${model.stale ? 'warn' : ''}">${esc(model.lastChecked ?? '?')}</td></tr>`,
  );
  const body = `<h1>Models and prices</h1><p class="sub">${report.models.length} models · USD per million tokens · table checked ${esc(report.checkedAt)}</p><table><tr><th>Model</th><th>Provider</th><th class="num">Input</th><th class="num">Cached</th><th class="num">Output</th><th class="num">Context</th><th class="num">Max output</th><th>Tiers</th><th>Last checked</th></tr>${rows.join('')}</table><footer>llm-spend ${esc(report.tool.version)} · today ${esc(report.today)}</footer>`;
  return htmlPage('llm-spend models', body);
}

// `llm-spend actual --format html`: one self-contained page (inline CSS and SVG, no script, no
// request: a Content-Security-Policy forbids every fetch), light and dark: cards, spend per day
// stacked by model, the groups, problems, the what-if comparison (a bar per scenario and a table)
// and the reconciliation with the bill.
import type { SpendReport } from '../../actual/report.js';
import type { WhatIfResult } from '../../actual/what-if.js';
import { Dec } from '../../money/decimal.js';
import type { ActualCliReport } from '../commands/actual.js';
import { escapeXml as esc, moneyTick, niceTicks, stackedBars } from './charts.js';
import { htmlPage } from './html.js';
import { count, percentText, signedUsd, usd } from './text.js';

const CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --card: #f6f8fa;
  --accent: #0969da; --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700;
  --c0: #0072b2; --c1: #e69f00; --c2: #009e73; --c3: #cc79a7; --c4: #56b4e9; --c5: #d55e00;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --card: #151b23;
    --accent: #4493f8; --ok: #3fb950; --bad: #f85149; --warn: #d29922;
    --c0: #4aa3df; --c1: #f5b83d; --c2: #34c69a; --c3: #e29bc9; --c4: #8fd3fe; --c5: #ff8a4c;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
main { max-width: 960px; margin: 0 auto; padding: 28px 20px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 36px 0 6px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
p { margin: 6px 0; }
.muted, .sub { color: var(--muted); }
.sub { margin: 0 0 18px; font-size: 14px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; margin: 18px 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.card .label { color: var(--muted); font-size: 13px; }
.card .value { font-size: 24px; font-weight: 650; font-variant-numeric: tabular-nums; }
.card .note { font-size: 13px; color: var(--muted); }
.ok { color: var(--ok); } .bad { color: var(--bad); } .warn { color: var(--warn); }
figure { margin: 10px 0 4px; }
figcaption { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 14px; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { font-weight: 600; color: var(--muted); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 650; border-top: 2px solid var(--line); }
tr.flagged td { color: var(--bad); }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--card); padding: 1px 4px; border-radius: 4px; }
ul.plain { padding-left: 18px; }
footer { margin-top: 40px; color: var(--muted); font-size: 13px; }
svg.chart { display: block; max-width: 100%; height: auto; overflow: visible; }
svg.chart text { fill: var(--fg); font: 12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
svg.chart .tick, svg.chart .axis-title { fill: var(--muted); font-size: 11px; }
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
svg.chart .part-5, svg.chart .series-5 { fill: var(--c5); }
svg.chart .change { stroke: var(--warn); stroke-width: 1.5; stroke-dasharray: 5 4; }
svg.chart .change-label { fill: var(--warn); font-size: 11px; font-weight: 600; }
`;

const WIDTH = 760;

function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Money strings become numbers only to place marks. */
const num = (value: string): number => Number(value);

/** @internal Spend per day, stacked by model: one column per day, a legend of the models. */
export function dailyColumns(daily: SpendReport, title: string, id: string): string {
  const days = [...new Set(daily.rows.map((row) => row.key['day'] ?? ''))].sort();
  const totals = new Map<string, number>();
  for (const row of daily.rows) totals.set(row.key['model'] ?? '', (totals.get(row.key['model'] ?? '') ?? 0) + num(row.cost.total));
  // Models by spend, largest first, so the biggest sits at the bottom of each column.
  const models = [...totals.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([model]) => model);
  const cell = new Map<string, { usd: number; text: string }>();
  for (const row of daily.rows) cell.set(`${row.key['day'] ?? ''}\u0000${row.key['model'] ?? ''}`, { usd: num(row.cost.total), text: row.cost.total });
  const dayTotals = days.map((day) => models.reduce((sum, model) => sum + (cell.get(`${day}\u0000${model}`)?.usd ?? 0), 0));
  const left = 72;
  const right = 24;
  const legendRows = Math.ceil(models.length / 4);
  const top = 24 + legendRows * 20;
  const height = top + 250;
  const bottom = height - 44;
  const ticks = niceTicks(Math.max(0, ...dayTotals) * 1.05);
  const yTop = ticks.at(-1) ?? 1;
  const plotWidth = WIDTH - left - right;
  const slot = plotWidth / Math.max(1, days.length);
  const barWidth = Math.max(2, slot * 0.72);
  const y = (value: number): number => bottom - (value / yTop) * (bottom - top);
  const parts: string[] = [];
  for (const tick of ticks) parts.push(`<line class="grid" x1="${left}" x2="${WIDTH - right}" y1="${fmt(y(tick))}" y2="${fmt(y(tick))}"/><text class="tick" x="${left - 8}" y="${fmt(y(tick) + 4)}" text-anchor="end">${moneyTick(tick)}</text>`);
  const labelEvery = Math.max(1, Math.ceil(days.length / 10));
  days.forEach((day, index) => {
    const x0 = left + slot * index + (slot - barWidth) / 2;
    let at = 0;
    const segments: string[] = [];
    models.forEach((model, series) => {
      const value = cell.get(`${day}\u0000${model}`);
      if (value === undefined || value.usd <= 0) return;
      const y0 = y(at);
      at += value.usd;
      const h = Math.max(0.5, y0 - y(at));
      segments.push(`<rect class="bar series-${series % 6}" data-model="${esc(model)}" x="${fmt(x0)}" y="${fmt(y0 - h)}" width="${fmt(barWidth)}" height="${fmt(h)}"><title>${esc(`${day} · ${model}: $${value.text}`)}</title></rect>`);
    });
    parts.push(`<g class="day" data-day="${esc(day)}">${segments.join('')}</g>`);
    if (index % labelEvery === 0) parts.push(`<text class="tick" x="${fmt(x0 + barWidth / 2)}" y="${bottom + 16}" text-anchor="middle">${esc(day.slice(5))}</text>`);
  });
  parts.push(`<line class="axis" x1="${left}" x2="${WIDTH - right}" y1="${bottom}" y2="${bottom}"/>`);
  parts.push(`<text class="axis-title" x="${fmt(left + plotWidth / 2)}" y="${height - 6}" text-anchor="middle">day (${esc(daily.timeZone)})</text>`);
  const legend = models
    .map((model, index) => {
      const x = left + (index % 4) * 170;
      const ly = 6 + Math.floor(index / 4) * 20;
      const label = model.length > 22 ? `${model.slice(0, 21)}…` : model;
      return `<g class="legend-item" transform="translate(${x},${ly})"><rect class="series-${index % 6}" width="12" height="12" rx="2"/><text x="17" y="10">${esc(label)}</text></g>`;
    })
    .join('');
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-labelledby="${id}-title" xmlns="http://www.w3.org/2000/svg"><title id="${id}-title">${esc(title)}</title><g class="legend">${legend}</g>${parts.join('')}</svg>`;
}

function shareText(value: string | null): string {
  return value === null ? 'n/a' : percentText(new Dec(value).times(100).toFixed());
}

function card(label: string, value: string, note: string, cls = ''): string {
  return `<div class="card"><div class="label">${esc(label)}</div><div class="value${cls === '' ? '' : ` ${cls}`}">${esc(value)}</div><div class="note">${esc(note)}</div></div>`;
}

function whatIfSection(result: WhatIfResult): string {
  const first = result.scenarios[0];
  const groups = [
    {
      label: 'the same records',
      bars: [
        { label: 'actual', selected: true, total: num(first?.baseline ?? result.actual), totalText: usd(first?.baseline ?? result.actual), values: [num(first?.baseline ?? result.actual)] },
        ...result.scenarios.map((scenario) => ({ label: scenario.label, selected: false, total: num(scenario.scenario), totalText: `${usd(scenario.scenario)} (${signedUsd(scenario.saving)})`, values: [num(scenario.scenario)] })),
      ],
    },
  ];
  const chart = stackedBars(groups, ['spend'], 'What the same records would have cost', 'chart-what-if-svg');
  const rows = result.scenarios.map(
    (scenario) =>
      `<tr data-scenario="${esc(scenario.label)}"><td><code>${esc(scenario.label)}</code></td><td class="num">${esc(count(scenario.records))}</td><td class="num">${esc(usd(scenario.baseline))}</td><td class="num">${esc(usd(scenario.scenario))}</td><td class="num">${esc(signedUsd(scenario.saving))}</td><td class="num">${esc(shareText(scenario.savingShare))}</td><td class="num">${esc(count(scenario.unpriceable.count))}</td></tr>`,
  );
  const notes = result.scenarios.flatMap((scenario) => [
    ...(scenario.unpriceable.count > 0 ? [`${scenario.label}: ${count(scenario.unpriceable.count)} record(s) it cannot serve (${Object.entries(scenario.unpriceable.byCode).map(([code, value]) => `${value ?? 0} ${code}`).join(', ')}), actually ${usd(scenario.unpriceableBaseline)}, left out of both sides.`] : []),
    ...scenario.warnings.map((warning) => `${scenario.label}: ${warning.message}`),
  ]);
  return [
    '<h2 id="what-if">What if</h2>',
    '<p class="muted">The same records re-priced under each scenario, each at its own date; a record the scenario cannot serve (context, tier, price) is left out of both sides.</p>',
    `<figure id="chart-what-if">${chart}</figure>`,
    `<table id="what-if-table"><tr><th>Scenario</th><th class="num">Records</th><th class="num">Actual</th><th class="num">Scenario</th><th class="num">Saving</th><th class="num">Share</th><th class="num">Not servable</th></tr>${rows.join('')}</table>`,
    notes.length === 0 ? '' : `<ul class="plain warn">${notes.map((note) => `<li>${esc(note)}</li>`).join('')}</ul>`,
  ].join('\n');
}

/** @internal The HTML report. */
export function actualHtml(report: ActualCliReport): string {
  const spend = report.spend;
  const span = spend.dateRange === null ? 'no priced record' : `${spend.dateRange.from.slice(0, 10)} → ${spend.dateRange.to.slice(0, 10)}`;
  const out: string[] = [];
  out.push(`<h1>Actual LLM spend: ${esc(usd(spend.total.cost.total))}</h1>`);
  out.push(`<p class="sub">${esc(span)} (${esc(spend.timeZone)}) · ${esc(report.files.join(', '))} · each record priced at its own date · exact total <code>$${esc(spend.total.cost.total)}</code></p>`);
  const cards = [
    card('Spend', usd(spend.total.cost.total), `${count(spend.total.calls)} calls`),
    card('Records priced', count(spend.counts.priced), `of ${count(spend.counts.read)} read`),
    card('Not priced', count(spend.counts.problems), Object.entries(spend.problems.byCode).map(([code, value]) => `${value ?? 0} ${code}`).join(', ') || 'none', spend.counts.problems > 0 ? 'warn' : 'ok'),
  ];
  const best = report.whatIf?.scenarios.reduce<WhatIfResult['scenarios'][number] | undefined>((a, b) => (a === undefined || new Dec(b.saving).gt(a.saving) ? b : a), undefined);
  if (best !== undefined) cards.push(card(`What if: ${best.label}`, signedUsd(best.saving), `saving, ${shareText(best.savingShare)} of the same records`, new Dec(best.saving).isPositive() ? 'ok' : 'bad'));
  if (report.reconcile !== null) cards.push(card('Bill', `${report.reconcile.flagged} flagged`, `billed ${usd(report.reconcile.totals.billed)}, computed ${usd(report.reconcile.totals.computed)}`, report.reconcile.flagged > 0 ? 'bad' : 'ok'));
  out.push(`<div class="cards">${cards.join('')}</div>`);
  if (report.daily !== undefined && report.daily.rows.length > 0) {
    out.push('<h2 id="over-time">Spend per day, by model</h2>');
    out.push(`<figure id="chart-daily">${dailyColumns(report.daily, 'Spend per day, stacked by model', 'chart-daily-svg')}<figcaption>Each column is a day in ${esc(report.daily.timeZone)}; each record is priced at the price in effect on its own date.</figcaption></figure>`);
  }
  out.push(`<h2 id="groups">Spend by ${esc(spend.groupBy.join(', '))}</h2>`);
  const head = `<tr>${spend.groupBy.map((name) => `<th>${esc(name)}</th>`).join('')}<th class="num">Records</th><th class="num">Calls</th><th class="num">Input tokens</th><th class="num">Cached</th><th class="num">Output tokens</th><th class="num">Cost (exact USD)</th></tr>`;
  const rows = spend.rows.map(
    (row) =>
      `<tr>${spend.groupBy.map((name) => `<td>${esc(row.key[name] ?? '')}</td>`).join('')}<td class="num">${esc(count(row.records))}</td><td class="num">${esc(count(row.calls))}</td><td class="num">${esc(count(row.tokens.inputTokens))}</td><td class="num">${esc(count(row.tokens.cachedInputTokens))}</td><td class="num">${esc(count(row.tokens.outputTokens))}</td><td class="num">${esc(row.cost.total)}</td></tr>`,
  );
  const totalRow = `<tr class="total"><td colspan="${spend.groupBy.length}">Total</td><td class="num">${esc(count(spend.total.records))}</td><td class="num">${esc(count(spend.total.calls))}</td><td class="num">${esc(count(spend.total.tokens.inputTokens))}</td><td class="num">${esc(count(spend.total.tokens.cachedInputTokens))}</td><td class="num">${esc(count(spend.total.tokens.outputTokens))}</td><td class="num">${esc(spend.total.cost.total)}</td></tr>`;
  out.push(`<table id="spend-table">${head}${rows.join('')}${totalRow}</table>`);
  if (spend.counts.problems > 0) {
    out.push('<h2 id="problems">Not priced</h2>');
    out.push(`<p>${esc(count(spend.counts.problems))} record(s) counted and not priced; the first ${esc(count(spend.problems.listed.length))}:</p>`);
    out.push(`<ul class="plain" id="problem-list">${spend.problems.listed.map((problem) => `<li><code>${esc(`${problem.origin.file ?? '(input)'}:${problem.origin.line}`)}</code> ${esc(problem.code)}: ${esc(problem.message)}</li>`).join('')}</ul>`);
  }
  if (spend.warnings.length > 0) out.push(`<ul class="plain warn">${spend.warnings.map((warning) => `<li>${esc(warning.message)}</li>`).join('')}</ul>`);
  if (report.whatIf !== null) out.push(whatIfSection(report.whatIf));
  const result = report.reconcile;
  if (result !== null) {
    out.push('<h2 id="bill">Reconciliation with the bill</h2>');
    out.push(`<p>${esc(result.billFile)} (${esc(result.provider)}): computed ${esc(usd(result.totals.computed))}, billed ${esc(usd(result.totals.billed))}, difference ${esc(signedUsd(result.totals.difference))}.</p>`);
    const flagged = result.rows.filter((row) => row.flagged);
    out.push(flagged.length === 0 ? `<p class="ok">Every model and day within rounding (${esc(count(result.rows.length))} rows).</p>` : `<p class="bad">${esc(count(flagged.length))} of ${esc(count(result.rows.length))} rows differ beyond rounding:</p>`);
    if (flagged.length > 0) {
      out.push(
        `<table id="bill-table"><tr><th>Day</th><th>Model</th><th class="num">Computed</th><th class="num">Billed</th><th class="num">Difference</th><th class="num">Tolerance</th></tr>${flagged.map((row) => `<tr class="flagged"><td>${esc(row.day)}</td><td><code>${esc(row.model)}</code></td><td class="num">${esc(row.computed)}</td><td class="num">${esc(row.billed)}</td><td class="num">${esc(row.difference)}</td><td class="num">${esc(row.tolerance)}</td></tr>`).join('')}</table>`,
      );
    }
    const notes = [...result.billedNotLogged.map((model) => `billed, never logged: ${model.model} ${usd(model.usd)}`), ...result.loggedNotBilled.map((model) => `logged, never billed: ${model.model} ${usd(model.usd)}`), ...result.warnings.map((warning) => warning.message)];
    if (notes.length > 0) out.push(`<ul class="plain warn">${notes.map((note) => `<li>${esc(note)}</li>`).join('')}</ul>`);
  }
  out.push(`<footer>llm-spend ${esc(report.tool.version)} · USD, exact sums; amounts in cards rounded to the cent.</footer>`);
  return htmlPage(`Actual LLM spend: ${usd(spend.total.cost.total)}`, out.join('\n'), CSS);
}

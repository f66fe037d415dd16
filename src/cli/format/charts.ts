// Small SVG charts for the HTML report: horizontal stacked bars, a cost–latency scatter with its
// Pareto frontier and limit lines, and stacked columns over months with a budget line. Plain
// strings, no dependency, no script; colours come from CSS variables (light and dark).
// Amounts arrive as decimal strings and are turned into numbers only to place marks.

/** @internal Escapes text for HTML and SVG (content and attributes). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);
}

const WIDTH = 760;

function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** @internal 0, step, 2·step, ... up to at least `max`, with a 1/2/2.5/5 × 10^k step. */
export function niceTicks(max: number, target = 5): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const rough = max / target;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough) ?? 10 * power);
  const ticks: number[] = [];
  for (let value = 0; value < max + step * 0.999; value += step) ticks.push(Number(value.toPrecision(12)));
  if ((ticks.at(-1) ?? 0) < max) ticks.push(Number(((ticks.at(-1) ?? 0) + step).toPrecision(12)));
  return ticks;
}

/** @internal "$1.2K", "$950", "$0.35" for axis labels. */
export function moneyTick(value: number): string {
  if (value === 0) return '$0';
  if (value >= 1_000_000) return `$${fmtShort(value / 1_000_000)}M`;
  if (value >= 1000) return `$${fmtShort(value / 1000)}K`;
  if (value >= 1) return `$${fmtShort(value)}`;
  return `$${value.toPrecision(2)}`;
}

function fmtShort(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(value % 1 === 0 ? 0 : 1) : value.toFixed(value % 1 === 0 ? 0 : 2).replace(/0$/, '');
}

/** @internal "850 ms", "4.9 s", "2.2 min" for axis labels and points. */
export function msTick(value: number): string {
  if (value === 0) return '0';
  if (value < 1000) return `${Math.round(value)} ms`;
  if (value < 120_000) return `${fmtShort(value / 1000)} s`;
  return `${fmtShort(value / 60_000)} min`;
}

/** Legend swatches in a row, spaced by the length of their labels (about 7 px a character). */
function legendItems(labels: readonly string[], prefix: string, left: number, y: number): string {
  let x = left;
  return labels
    .map((label, index) => {
      const item = `<g class="legend-item" transform="translate(${fmt(x)},${y})"><rect class="${prefix}-${index % 6}" width="12" height="12" rx="2"/><text x="17" y="10">${escapeXml(label)}</text></g>`;
      x += 17 + label.length * 7 + 22;
      return item;
    })
    .join('');
}

function svgOpen(height: number, label: string, id: string): string {
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${fmt(height)}" width="100%" role="img" aria-labelledby="${id}-title" xmlns="http://www.w3.org/2000/svg"><title id="${id}-title">${escapeXml(label)}</title>`;
}

// --- 1. Monthly spend per workload and model: horizontal stacked bars ---------------------------

/** @internal One bar: a model (or option) of a workload, its parts and its total. */
export interface BarDatum {
  readonly label: string;
  /** Highlighted as the option the totals use. */
  readonly selected: boolean;
  readonly total: number;
  readonly totalText: string;
  /** Parts in legend order (index into `parts`), values in USD. */
  readonly values: readonly number[];
}

/** @internal A group of bars (one workload). */
export interface BarGroup {
  readonly label: string;
  readonly bars: readonly BarDatum[];
}

/** @internal Horizontal stacked bars grouped by workload, with a legend of the parts. */
export function stackedBars(groups: readonly BarGroup[], parts: readonly string[], title: string, id: string): string {
  const longest = Math.max(0, ...groups.flatMap((group) => group.bars.map((bar) => bar.label.length + (bar.selected ? 2 : 0))));
  const left = Math.min(330, Math.max(150, 20 + longest * 7.3));
  const right = 90;
  const barHeight = 18;
  const gap = 6;
  const groupGap = 18;
  const top = 34;
  const plotWidth = WIDTH - left - right;
  const max = Math.max(0, ...groups.flatMap((group) => group.bars.map((bar) => bar.total)));
  const ticks = niceTicks(max);
  const domain = ticks.at(-1) ?? 1;
  const x = (value: number): number => left + (value / domain) * plotWidth;
  let y = top;
  const body: string[] = [];
  for (const group of groups) {
    body.push(`<text class="group-label" x="12" y="${fmt(y + 12)}">${escapeXml(group.label)}</text>`);
    y += 18;
    for (const bar of group.bars) {
      let at = 0;
      const segments = bar.values.map((value, index) => {
        const start = x(at);
        at += value;
        const width = Math.max(0, x(at) - start);
        if (width <= 0) return '';
        return `<rect class="bar part-${index}" x="${fmt(start)}" y="${fmt(y)}" width="${fmt(width)}" height="${barHeight}"><title>${escapeXml(`${group.label} · ${bar.label} · ${parts[index] ?? ''}: $${value.toFixed(2)}`)}</title></rect>`;
      });
      const name = `${bar.selected ? '✓ ' : ''}${bar.label}`;
      body.push(
        `<g class="bar-row${bar.selected ? ' selected' : ''}" data-model="${escapeXml(bar.label)}">`,
        `<text class="bar-label" x="${left - 8}" y="${fmt(y + 13)}" text-anchor="end">${escapeXml(name)}</text>`,
        ...segments,
        bar.selected ? `<rect class="bar-outline" x="${left}" y="${fmt(y - 1)}" width="${fmt(Math.max(1, x(bar.total) - left))}" height="${barHeight + 2}"/>` : '',
        `<text class="bar-value" x="${fmt(x(bar.total) + 6)}" y="${fmt(y + 13)}">${escapeXml(bar.totalText)}</text>`,
        '</g>',
      );
      y += barHeight + gap;
    }
    y += groupGap - gap;
  }
  const bottom = y;
  const grid = ticks.map((tick) => `<line class="grid" x1="${fmt(x(tick))}" x2="${fmt(x(tick))}" y1="${top - 6}" y2="${fmt(bottom)}"/><text class="tick" x="${fmt(x(tick))}" y="${fmt(bottom + 16)}" text-anchor="middle">${moneyTick(tick)}</text>`);
  const legend = legendItems(parts, 'part', left, 8);
  const height = bottom + 28;
  return `${svgOpen(height, title, id)}<g class="legend">${legend}</g>${grid.join('')}${body.join('')}</svg>`;
}

// --- 2. Spend against p95 latency, with the Pareto frontier, the SLO and the budget ------------

/** @internal One option on the scatter. */
export interface ScatterPoint {
  readonly label: string;
  readonly strategy: 'single' | 'cascade' | 'split';
  readonly spend: number;
  readonly spendText: string;
  readonly latencyMs: number;
  readonly feasible: boolean;
  readonly onFrontier: boolean;
  readonly chosen: boolean;
}

/** @internal Spend (y) against p95 latency (x); the frontier as a staircase; SLO and budget as dashed lines. */
export function frontierScatter(
  points: readonly ScatterPoint[],
  options: { readonly sloMs?: number | undefined; readonly budget?: { readonly value: number; readonly label: string } | undefined; readonly title: string; readonly id: string; readonly period: string },
): string {
  const left = 72;
  const right = 24;
  const top = 24;
  const height = 300;
  const bottom = height - 42;
  const plotWidth = WIDTH - left - right;
  const maxSpend = Math.max(0, ...points.map((point) => point.spend));
  const budget = options.budget;
  // The budget line joins the axis only when it is near the options; else it is noted above.
  const budgetOnChart = budget !== undefined && budget.value <= Math.max(maxSpend * 3, 1e-9);
  const spendTicks = niceTicks(Math.max(maxSpend, budgetOnChart ? budget.value : 0) * 1.08);
  const spendTop = spendTicks.at(-1) ?? 1;
  const maxLatency = Math.max(0, ...points.map((point) => point.latencyMs), options.sloMs ?? 0);
  const latencyTicks = niceTicks(maxLatency * 1.08);
  const latencyRight = latencyTicks.at(-1) ?? 1;
  const x = (ms: number): number => left + (ms / latencyRight) * plotWidth;
  const y = (usd: number): number => bottom - (usd / spendTop) * (bottom - top);
  const parts: string[] = [];
  for (const tick of spendTicks) parts.push(`<line class="grid" x1="${left}" x2="${WIDTH - right}" y1="${fmt(y(tick))}" y2="${fmt(y(tick))}"/><text class="tick" x="${left - 8}" y="${fmt(y(tick) + 4)}" text-anchor="end">${moneyTick(tick)}</text>`);
  // One unit along the axis: ms for sub-2-second domains, else seconds.
  const axisTime = (ms: number): string => (ms === 0 ? '0' : latencyRight <= 2000 ? `${Math.round(ms)} ms` : `${fmtShort(ms / 1000)} s`);
  for (const tick of latencyTicks) parts.push(`<line class="grid" x1="${fmt(x(tick))}" x2="${fmt(x(tick))}" y1="${top}" y2="${bottom}"/><text class="tick" x="${fmt(x(tick))}" y="${bottom + 16}" text-anchor="middle">${axisTime(tick)}</text>`);
  parts.push(`<text class="axis-title" x="${fmt(left + plotWidth / 2)}" y="${height - 6}" text-anchor="middle">p95 latency per call</text>`);
  parts.push(`<text class="axis-title" transform="translate(14 ${fmt((top + bottom) / 2)}) rotate(-90)" text-anchor="middle">expected spend ${escapeXml(options.period)}</text>`);
  if (options.sloMs !== undefined) {
    parts.push(`<line class="slo" x1="${fmt(x(options.sloMs))}" x2="${fmt(x(options.sloMs))}" y1="${top}" y2="${bottom}"><title>p95 latency limit: ${escapeXml(msTick(options.sloMs))}</title></line>`);
    parts.push(`<text class="slo-label" x="${fmt(x(options.sloMs) + 5)}" y="${bottom - 8}">p95 SLO ${escapeXml(axisTime(options.sloMs))}</text>`);
  }
  if (budget !== undefined) {
    if (budgetOnChart) {
      parts.push(`<line class="budget" x1="${left}" x2="${WIDTH - right}" y1="${fmt(y(budget.value))}" y2="${fmt(y(budget.value))}"><title>${escapeXml(budget.label)}</title></line>`);
      parts.push(`<text class="budget-label" x="${WIDTH - right - 4}" y="${fmt(y(budget.value) - 5)}" text-anchor="end">${escapeXml(budget.label)}</text>`);
    } else {
      parts.push(`<line class="budget offscale" x1="${WIDTH - right - 150}" x2="${WIDTH - right}" y1="${top - 8}" y2="${top - 8}"/><text class="budget-label" x="${WIDTH - right - 156}" y="${top - 4}" text-anchor="end">${escapeXml(budget.label)} (above the chart) ↑</text>`);
    }
  }
  const frontier = points.filter((point) => point.onFrontier).sort((a, b) => a.latencyMs - b.latencyMs || b.spend - a.spend);
  if (frontier.length > 0) {
    // Pareto staircase: from each point, spend stays until the next (slower, cheaper) one.
    let d = `M${fmt(x((frontier[0] as ScatterPoint).latencyMs))},${fmt(y((frontier[0] as ScatterPoint).spend))}`;
    for (let index = 1; index < frontier.length; index += 1) {
      const point = frontier[index] as ScatterPoint;
      d += ` H${fmt(x(point.latencyMs))} V${fmt(y(point.spend))}`;
    }
    d += ` H${fmt(WIDTH - right)}`;
    parts.push(`<path class="frontier" d="${d}"><title>cost–latency Pareto frontier</title></path>`);
  }
  const ordered = [...points].sort((a, b) => Number(a.chosen) - Number(b.chosen));
  for (const point of ordered) {
    const cx = x(point.latencyMs);
    const cy = y(point.spend);
    const shape =
      point.strategy === 'single'
        ? `<circle class="point ${point.strategy}${point.feasible ? ' feasible' : ' infeasible'}${point.chosen ? ' chosen' : ''}" cx="${fmt(cx)}" cy="${fmt(cy)}" r="${point.chosen ? 7 : 5.5}">`
        : `<rect class="point ${point.strategy}${point.feasible ? ' feasible' : ' infeasible'}${point.chosen ? ' chosen' : ''}" x="${fmt(cx - 6)}" y="${fmt(cy - 6)}" width="12" height="12" transform="rotate(45 ${fmt(cx)} ${fmt(cy)})">`;
    const tip = `${point.label}: ${point.spendText} ${options.period}, p95 ${msTick(point.latencyMs)}${point.feasible ? '' : ' (fails a constraint)'}`;
    const labelText = `${point.chosen ? '✓ ' : ''}${point.label}`;
    // Labels go right of their mark unless they would leave the chart (about 6.5 px a character).
    const anchorEnd = cx + 10 + labelText.length * 6.5 > WIDTH - right && cx - 10 - labelText.length * 6.5 > left;
    parts.push(
      `<g class="point-group">${shape}<title>${escapeXml(tip)}</title>${point.strategy === 'single' ? '</circle>' : '</rect>'}<text class="point-label" x="${fmt(anchorEnd ? cx - 10 : cx + 10)}" y="${fmt(cy - 8)}" text-anchor="${anchorEnd ? 'end' : 'start'}">${escapeXml(labelText)}</text></g>`,
    );
  }
  parts.push(`<line class="axis" x1="${left}" x2="${left}" y1="${top}" y2="${bottom}"/><line class="axis" x1="${left}" x2="${WIDTH - right}" y1="${bottom}" y2="${bottom}"/>`);
  return `${svgOpen(height, options.title, options.id)}${parts.join('')}</svg>`;
}

// --- 3. The next twelve months: stacked columns and the budget ----------------------------------

/** @internal One series (a workload) over the months. */
export interface MonthSeries {
  readonly label: string;
  readonly values: readonly number[];
}

/** @internal Stacked columns per month with a dashed budget line and the first month over it marked. */
export function monthColumns(series: readonly MonthSeries[], options: { readonly budget?: number | undefined; readonly budgetLabel?: string; readonly title: string; readonly id: string }): string {
  const left = 72;
  const right = 24;
  const top = 40;
  const height = 300;
  const bottom = height - 40;
  const months = Math.max(0, ...series.map((item) => item.values.length));
  const totals = Array.from({ length: months }, (_, month) => series.reduce((sum, item) => sum + (item.values[month] ?? 0), 0));
  const ticks = niceTicks(Math.max(...totals, options.budget ?? 0, 0) * 1.08);
  const yTop = ticks.at(-1) ?? 1;
  const plotWidth = WIDTH - left - right;
  const slot = plotWidth / Math.max(1, months);
  const barWidth = slot * 0.62;
  const y = (usd: number): number => bottom - (usd / yTop) * (bottom - top);
  const parts: string[] = [];
  for (const tick of ticks) parts.push(`<line class="grid" x1="${left}" x2="${WIDTH - right}" y1="${fmt(y(tick))}" y2="${fmt(y(tick))}"/><text class="tick" x="${left - 8}" y="${fmt(y(tick) + 4)}" text-anchor="end">${moneyTick(tick)}</text>`);
  const over = options.budget === undefined ? -1 : totals.findIndex((total) => total > (options.budget as number));
  if (over !== -1) {
    const mx = left + slot * over + slot / 2;
    parts.push(`<g class="crossing"><line class="crossing-line" x1="${fmt(mx)}" x2="${fmt(mx)}" y1="${top - 14}" y2="${bottom}"/><text class="crossing-label" x="${fmt(mx)}" y="${top - 18}" text-anchor="middle">over budget from month ${over + 1}</text></g>`);
  }
  for (let month = 0; month < months; month += 1) {
    const x0 = left + slot * month + (slot - barWidth) / 2;
    let at = 0;
    series.forEach((item, index) => {
      const value = item.values[month] ?? 0;
      const y0 = y(at);
      at += value;
      const h = Math.max(0, y0 - y(at));
      if (h <= 0) return;
      parts.push(`<rect class="bar series-${index % 6}" x="${fmt(x0)}" y="${fmt(y(at))}" width="${fmt(barWidth)}" height="${fmt(h)}"><title>${escapeXml(`month ${month + 1} · ${item.label}: $${value.toFixed(2)}`)}</title></rect>`);
    });
    const overBudget = over !== -1 && month >= over;
    parts.push(`<text class="tick${overBudget ? ' over' : ''}" x="${fmt(x0 + barWidth / 2)}" y="${bottom + 16}" text-anchor="middle">${month + 1}</text>`);
  }
  parts.push(`<text class="axis-title" x="${fmt(left + plotWidth / 2)}" y="${height - 6}" text-anchor="middle">months from now (growth compounds monthly)</text>`);
  if (options.budget !== undefined) {
    const by = y(options.budget);
    parts.push(`<line class="budget" x1="${left}" x2="${WIDTH - right}" y1="${fmt(by)}" y2="${fmt(by)}"><title>${escapeXml(options.budgetLabel ?? 'budget')}</title></line>`);
    parts.push(`<text class="budget-label" x="${left + 6}" y="${fmt(by - 6)}">${escapeXml(options.budgetLabel ?? 'budget')}</text>`);
  }
  const legend = legendItems(
    series.map((item) => item.label),
    'series',
    left,
    6,
  );
  parts.push(`<line class="axis" x1="${left}" x2="${WIDTH - right}" y1="${bottom}" y2="${bottom}"/>`);
  return `${svgOpen(height, options.title, options.id)}<g class="legend">${legend}</g>${parts.join('')}</svg>`;
}

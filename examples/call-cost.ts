// What one typical call costs on GPT-5.4 mini and nano, against GPT-4o mini (the model
// teams migrate from), per call and per million calls. Every figure is an exact decimal
// string: no float ever touches the money, and nothing is rounded until display.
//
// Run: npx tsx examples/call-cost.ts
import { estimateCost, formatUsd, PRICING_CHECKED_AT, sumUsd, type Usage } from '../src/index.js';

/** One typical call: 2,000 input tokens, of which 1,024 read from cache, and 300 output. */
const CALL: Usage = { inputTokens: 2000, cachedInputTokens: 1024, outputTokens: 300 };
const BASELINE = 'gpt-4o-mini';
const MODELS = [BASELINE, 'gpt-5.4-mini', 'gpt-5.4-nano'] as const;
const CALLS = 1_000_000;

/**
 * An exact USD decimal string times a whole number of calls. A decimal string times 10^k
 * is the same digits with the point moved k places, so a million calls is exact; other
 * counts are summed by binary doubling with the exact {@link sumUsd} (log2(n) additions).
 */
function timesCalls(usd: string, calls: number): string {
  if (!Number.isSafeInteger(calls) || calls < 0) throw new RangeError(`calls must be a non-negative safe integer; got ${calls}`);
  let total = '0';
  let power = usd;
  for (let rest = calls; rest > 0; rest = Math.floor(rest / 2)) {
    if (rest % 2 === 1) total = sumUsd([total, power]);
    power = sumUsd([power, power]);
  }
  return total;
}

/** Decimals needed to show every amount exactly (at least 2). */
function decimalsFor(amounts: readonly string[]): number {
  return Math.max(2, ...amounts.map((amount) => (amount.includes('.') ? amount.length - amount.indexOf('.') - 1 : 0)));
}

function signed(usd: string, decimals: number): string {
  const text = formatUsd(usd, { decimals });
  return usd.startsWith('-') || /^[$0.,]+$/.test(text) ? text : `+${text}`;
}

function report(): string {
  const rows = MODELS.map((id) => {
    const perCall = estimateCost({ model: id, ...CALL }).total;
    return { id, perCall, perMillion: timesCalls(perCall, CALLS) };
  });
  const baseline = rows[0]!;
  const callDecimals = decimalsFor(rows.map((row) => row.perCall));
  const millionDecimals = decimalsFor(rows.map((row) => row.perMillion));

  const header = ['model', 'per call', 'per 1M calls', `vs ${BASELINE}, per 1M calls`];
  const table = rows.map((row) => [
    row.id,
    formatUsd(row.perCall, { decimals: callDecimals }),
    formatUsd(row.perMillion, { decimals: millionDecimals }),
    row === baseline ? 'baseline' : signed(sumUsd([row.perMillion, `-${baseline.perMillion}`]), millionDecimals),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...table.map((cells) => cells[column]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd();

  const uncached = CALL.inputTokens - (CALL.cachedInputTokens ?? 0);
  return [
    'llm-spend: what one typical call costs (standard tier, list prices)',
    `call: ${CALL.inputTokens.toLocaleString('en-US')} input tokens (${(CALL.cachedInputTokens ?? 0).toLocaleString('en-US')} cached, ` +
      `${uncached.toLocaleString('en-US')} uncached), ${CALL.outputTokens.toLocaleString('en-US')} output tokens`,
    '',
    line(header),
    ...table.map(line),
    '',
    `Exact USD per call: ${rows.map((row) => `${row.id} ${row.perCall}`).join(', ')}.`,
    `Prices checked ${PRICING_CHECKED_AT}; amounts are exact, not rounded.`,
  ].join('\n');
}

console.log(report());

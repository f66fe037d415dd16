// `llm-spend fit <files…> --out plan.yaml`: a plan file fitted from usage logs (fitPlan), written
// as YAML with comments that state the fit figures, and the fit report.
import { Document } from 'yaml';
import { fitPlan, type DistributionFit, type PlanFit, type WorkloadFit } from '../../actual/fit.js';
import { LlmSpendError } from '../../errors.js';
import { mdCode, mdText } from '../format/markdown.js';
import { count, style, table, terminalSafe, usd, wrap, type Column } from '../format/text.js';
import { problemLine } from '../format/actual.js';
import { logFormatOf, openLogs, ProgressBar, readLogs, type CommandIo, type CommandTools } from './actual-io.js';

/** @internal The help of `llm-spend fit`. */
export const FIT_HELP = `Usage: llm-spend fit <files…> --out plan.yaml [options]

Fits a plan file from usage logs, so that \`llm-spend plan\` starts from what really happened: one
workload per value of a tag (default: the tag \`workload\`, else \`feature\`; records without
it are grouped by model), each with calls per day (and a monthly growth when the trend over 14
days or more is significant), token distributions (a lognormal when the Kolmogorov–Smirnov test
accepts it, else a histogram of quantile bins), the cache (a shared prefix with its hit rate, or
the cached share), conversations from session ids, maxOutputTokens (the largest output seen) and
the models seen as candidates. The YAML states the fit figures in comments. Reads the same
formats as \`llm-spend actual\` (a file \`-\` reads stdin).

Options:
  -o, --out <file>            write the plan here (YAML); the fit report goes to stdout.
                              Without --out the plan is printed on stdout and nothing else.
  --workload-tag <tag>        the tag that names workloads (default: workload, else feature)
  --title <text>              the plan's title (default: "Fitted from usage logs")
  --no-conversations          fit per-call workloads even where session ids allow conversations
  --log-format <format>       as for \`llm-spend actual\` (default: detected per file)
  --pricing <file>            a pricing file instead of the bundled table
  --pricing-checked-at <date> when that file was fetched
  -f, --format <table|json|markdown>   the fit report's format (default: table)
  -h, --help                  this help

Then: \`llm-spend plan plan.yaml\` projects the fitted workloads; over the log's own period the
projection's band holds the spend the log actually had (see docs/actual.md).

Exit codes: 0 the plan was written; 2 bad input, or no record could be used.

Example:
  llm-spend fit examples/usage-log.jsonl --workload-tag team --out fitted.yaml
`;

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  out: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
  'workload-tag': { type: 'string' },
  title: { type: 'string' },
  'no-conversations': { type: 'boolean' },
  'log-format': { type: 'string' },
  pricing: { type: 'string' },
  'pricing-checked-at': { type: 'string' },
} as const;

function round(value: number, decimals: number): string {
  return Number.isFinite(value) ? String(Number(value.toFixed(decimals))) : String(value);
}

/** @internal A distribution's fit in words: "lognormal (KS D 0.012 ≤ 0.05, p 0.93), n 2,400, mean 1,180". */
export function distributionText(fit: DistributionFit): string {
  const parts: string[] = [];
  if (fit.kind === 'lognormal' && fit.lognormal !== undefined) parts.push(`lognormal (KS D ${round(fit.lognormal.ksD, 4)} ≤ ${round(fit.lognormal.threshold, 4)}, p ${round(fit.lognormal.pValue, 3)})`);
  else if (fit.kind === 'histogram') parts.push(`histogram${fit.lognormal === undefined ? '' : ` (lognormal rejected: KS D ${round(fit.lognormal.ksD, 4)} > ${round(fit.lognormal.threshold, 4)} or mean off)`}`);
  else parts.push(fit.kind);
  parts.push(`n ${count(fit.n)}`, `mean ${round(fit.mean, 1)}`, `p50 ${round(fit.p50, 1)}`, `p95 ${round(fit.p95, 1)}`, `max ${count(fit.max)}`);
  return parts.join(', ');
}

function workloadComment(fit: WorkloadFit): string {
  const lines: string[] = [];
  const volume = fit.volume;
  const growth = volume.growth;
  lines.push(` ${fit.name}: ${count(fit.records)} records, ${count(fit.calls)} calls, actual spend $${fit.spend}${fit.tag === null ? ' (named by its model: no workload tag)' : ` (tag ${fit.tag})`}`);
  lines.push(` volume: ${round(volume.meanPerDay, 2)} ${volume.unit} a day on average over ${volume.days} days (${volume.daysWithCalls} with calls); written ${round(volume.callsPerDay, 4)} a day at the start`);
  if (growth !== null) lines.push(` trend: ${round(growth.ratePerMonth * 100, 2)}% a month, t ${round(growth.tStatistic, 2)} over ${growth.days} days: ${growth.significant ? 'significant, written as growth' : 'not significant, not written'}`);
  if (fit.tokens !== null) {
    lines.push(` input tokens: ${distributionText(fit.tokens.input)}`);
    lines.push(` output tokens (visible): ${distributionText(fit.tokens.output)}`);
    if (fit.tokens.reasoning !== undefined) lines.push(` reasoning tokens: ${distributionText(fit.tokens.reasoning)}`);
  } else if (fit.aggregateRecords > 0) lines.push(' tokens: aggregates only, fixed at their means');
  if (fit.conversation !== null) lines.push(` conversations: ${count(fit.conversation.sessions)} sessions, turns ${distributionText(fit.conversation.turns)}; ${fit.conversation.used ? 'written as a conversation' : `not used: ${fit.conversation.reason}`}`);
  lines.push(` cache: cached share ${round(fit.cache.cachedShare, 4)}, hit rate ${round(fit.cache.hitRate, 4)}, prefix ${count(fit.cache.prefixTokens)} tokens explains ${round(fit.cache.prefixExplains * 100, 1)}% of hits; written as ${fit.cache.written}`);
  if (fit.maxOutputTokens !== null) lines.push(` output: max ${count(fit.maxOutputTokens.max)}, p99.9 ${count(fit.maxOutputTokens.p999)} (maxOutputTokens is the max)`);
  return lines.join('\n');
}

/** @internal The fitted plan as YAML, with the fit figures in comments. */
export function fittedYaml(fit: PlanFit, files: readonly string[], version: string): string {
  const doc = new Document(fit.plan);
  const period = fit.report.period;
  doc.commentBefore = [
    ` Fitted by llm-spend ${version} fit from ${files.join(', ')}`,
    ` period: ${period === null ? 'none' : `${period.from.slice(0, 10)} → ${period.to.slice(0, 10)} (${period.days} days, UTC)`}; records read ${count(fit.report.counts.read)}, used ${count(fit.report.counts.used)}, problems ${count(fit.report.counts.problems)}, skipped ${count(fit.report.counts.skipped)}`,
    ' Check it: llm-spend plan <this file>. Token distributions say how they were fitted below each workload.',
    ...fit.report.warnings.map((warning) => ` warning: ${warning.message}`),
  ].join('\n');
  const workloads = doc.get('workloads', true) as { items?: Array<{ commentBefore?: string | null }> } | undefined;
  fit.report.workloads.forEach((workload, index) => {
    const node = workloads?.items?.[index];
    if (node !== undefined) node.commentBefore = workloadComment(workload);
  });
  return doc.toString({ lineWidth: 0 });
}

function reportTable(fit: PlanFit, files: readonly string[], out: string, color: boolean): string {
  const safe = terminalSafe(fit);
  const s = style(color);
  const lines: string[] = [s.bold(`Fitted ${safe.plan.workloads.length} workload${safe.plan.workloads.length === 1 ? '' : 's'} → ${out}`)];
  const period = safe.report.period;
  lines.push(s.dim(`${period === null ? 'no period' : `${period.from.slice(0, 10)} → ${period.to.slice(0, 10)} (${period.days} days)`} · ${count(safe.report.counts.used)} of ${count(safe.report.counts.read)} records used · ${files.join(', ')}`), '');
  const columns: Column[] = [
    { header: 'workload' },
    { header: 'model' },
    { header: 'calls/day', align: 'right' },
    { header: 'growth/mo', align: 'right' },
    { header: 'input', shrink: true },
    { header: 'output', shrink: true },
    { header: 'cache' },
    { header: 'spend', align: 'right' },
  ];
  const rows = safe.report.workloads.map((workload, index) => {
    const planned = safe.plan.workloads[index];
    const growth = workload.volume.growth;
    const kind = (fitOf: DistributionFit | undefined): string => (fitOf === undefined ? 'means' : fitOf.kind === 'lognormal' && fitOf.lognormal !== undefined ? `logn. D=${round(fitOf.lognormal.ksD, 3)}` : fitOf.kind);
    return [
      workload.name,
      planned?.model ?? '',
      round(workload.volume.callsPerDay, 2),
      growth !== null && growth.significant ? `${round(growth.ratePerMonth * 100, 1)}%` : '-',
      workload.conversation?.used === true ? 'conversation' : kind(workload.tokens?.input),
      workload.conversation?.used === true ? `${round(workload.conversation.turns.mean, 1)} turns` : kind(workload.tokens?.output),
      workload.cache.written === 'none' ? '-' : workload.cache.written === 'prefix' ? `prefix ${round(workload.cache.hitRate * 100, 0)}%` : `${round(workload.cache.cachedShare * 100, 1)}%`,
      usd(workload.spend),
    ];
  });
  lines.push(...table(columns, rows, { indent: 2, headerStyle: s.dim }));
  if (safe.report.counts.problems > 0) {
    lines.push('', s.yellow(`Left out: ${count(safe.report.counts.problems)} record(s) that could not be read or priced`));
    for (const problem of safe.report.problems.listed.slice(0, 20)) lines.push(...wrap(problemLine(problem), { indent: 2, hanging: 6 }));
  }
  for (const warning of safe.report.warnings) lines.push(...wrap(`! ${warning.message}`, { hanging: 2 }).map((line) => s.yellow(line)));
  lines.push('', s.dim(`Next: llm-spend plan ${out}`));
  return `${lines.join('\n')}\n`;
}

function reportMarkdown(fit: PlanFit, out: string): string {
  const lines = [`### Fitted ${fit.plan.workloads.length} workload(s) → ${mdCode(out)}`, '', '| workload | model | calls/day | growth/month | records | spend |', '| --- | --- | ---: | ---: | ---: | ---: |'];
  fit.report.workloads.forEach((workload, index) => {
    const growth = workload.volume.growth;
    lines.push(`| ${mdText(workload.name)} | ${mdCode(fit.plan.workloads[index]?.model ?? '')} | ${round(workload.volume.callsPerDay, 2)} | ${growth !== null && growth.significant ? `${round(growth.ratePerMonth * 100, 1)}%` : '-'} | ${count(workload.records)} | ${usd(workload.spend)} |`);
  });
  lines.push('');
  for (const workload of fit.report.workloads) {
    if (workload.tokens !== null) lines.push(`- ${mdText(workload.name)}: input ${mdText(distributionText(workload.tokens.input))}; output ${mdText(distributionText(workload.tokens.output))}`);
  }
  for (const warning of fit.report.warnings) lines.push(`> ⚠️ ${mdText(warning.message)}`);
  lines.push('');
  return lines.join('\n');
}

/** @internal `llm-spend fit`. */
export async function runFit(args: readonly string[], io: CommandIo, tools: CommandTools): Promise<number> {
  const { values, positionals } = tools.parse(args, OPTIONS);
  if (values['help'] === true) {
    io.stdout(FIT_HELP);
    return 0;
  }
  if (positionals.length === 0) throw tools.usage('a usage log is required: llm-spend fit <files…> --out plan.yaml (a file `-` reads stdin).');
  const out = values['out'] as string | undefined;
  tools.checkOut(out);
  const format = tools.format(values['format'] as string | undefined, undefined);
  if (format === 'html') throw tools.usage('--format: the fit report is table, json or markdown (the plan itself is YAML; `llm-spend plan <plan> --format html` renders it).');
  const workloadTag = values['workload-tag'] as string | undefined;
  if (workloadTag !== undefined && workloadTag.trim() === '') throw tools.usage('--workload-tag needs a tag name such as team or feature.');
  const title = values['title'] as string | undefined;
  const logFormat = logFormatOf(values['log-format'] as string | undefined, tools);
  const pricing = tools.pricing(values as { pricing?: string; 'pricing-checked-at'?: string });
  const sources = openLogs(positionals, io, tools);
  const total = sources.every((source) => source.size !== undefined) ? sources.reduce((sum, source) => sum + (source.size ?? 0), 0) : undefined;
  const progress = new ProgressBar(io.stderr, io.stderrIsTTY ?? process.stderr.isTTY === true, total, io.stderrColumns ?? process.stderr.columns ?? 80);
  let fit: PlanFit;
  try {
    fit = await fitPlan(readLogs(sources, logFormat, progress, tools), {
      ...(workloadTag === undefined ? {} : { workloadTag }),
      ...(title === undefined ? {} : { title }),
      ...(pricing === undefined ? {} : { pricing }),
      ...(values['no-conversations'] === true ? { conversations: false } : {}),
    });
  } catch (error) {
    for (const source of sources) source.close();
    throw error;
  } finally {
    progress.finish();
  }
  const files = sources.map((source) => source.display);
  if (fit.plan.workloads.length === 0 || fit.report.counts.used === 0) {
    const first = fit.report.problems.listed.slice(0, 5).map((problem) => `  ${problemLine(problem)}`);
    throw new LlmSpendError('INVALID_USAGE', [`no record of ${files.join(', ')} could be used to fit a plan (${count(fit.report.counts.read)} read, ${count(fit.report.counts.problems)} problems).${first.length > 0 ? ' First problems:' : ''}`, ...first].join('\n'));
  }
  const yamlText = fittedYaml(fit, files, tools.version);
  if (out === undefined) {
    io.stdout(yamlText);
    return 0;
  }
  tools.write(yamlText, out);
  const text = format === 'json' ? `${JSON.stringify({ tool: { name: 'llm-spend', version: tools.version, command: 'fit' }, files, out, ...fit }, null, 2)}\n` : format === 'markdown' ? reportMarkdown(fit, out) : reportTable(fit, files, out, tools.color(format, undefined));
  io.stdout(text);
  return 0;
}

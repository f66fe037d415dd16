// Benchmarks of llm-spend. `npm run bench` (full) or `npm run bench -- --quick` (CI sanity run).
// The report (markdown) goes to stdout; progress goes to stderr.
import { cpus, platform, arch } from 'node:os';
import { runActualBench } from './actual.js';
import { runBudget } from './budget.js';
import { runBundles } from './bundles.js';
import { measureCatalog } from './catalog-size.js';
import { runPerCall } from './per-call.js';
import { runProjection } from './projection.js';
import { runSqlBench } from './sql.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const unknown = args.filter((arg) => arg !== '--quick');
if (unknown.length > 0) {
  process.stderr.write(`Unknown argument(s): ${unknown.join(' ')}\nUsage: tsx bench/index.ts [--quick]\n`);
  process.exit(2);
}

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

const started = new Date();
const cpuList = cpus();
const header = [
  '# llm-spend benchmarks',
  '',
  `- date: ${started.toISOString()}`,
  `- node: ${process.version} (${platform()} ${arch()})`,
  `- machine: ${cpuList.length} cores, ${cpuList[0]?.model.trim() ?? 'unknown CPU'}`,
  `- mode: ${quick ? '--quick (fewer rounds and calls: a sanity run, not a measurement)' : 'full'}`,
  '',
];

const perCall = runPerCall({ quick, log });
const projection = runProjection({ quick, log });
const budget = await runBudget({ quick, log });
const catalog = measureCatalog();
// Bundles are built from dist/ (what users get): run `npm run build` first.
const bundles = await runBundles({ quick, log });
const actual = await runActualBench({ quick, log });
const sql = await runSqlBench({ quick, log });
process.stdout.write(
  `${[...header, perCall.markdown, '', projection.markdown, '', budget.markdown, '', catalog.markdown, '', bundles.markdown, '', actual.markdown, '', sql.markdown, ''].join('\n')}\n`,
);

const missed = perCall.targets.filter((target) => !target.met);
if (missed.length > 0) log(`Targets missed: ${missed.map((t) => `${t.model} ${t.what}`).join('; ')}`);
const overBudget = bundles.budgets.filter((budget) => !budget.met);
if (overBudget.length > 0) log(`Bundle budgets missed: ${overBudget.map((b) => JSON.stringify(b)).join('; ')}`);
if (!sql.checked) {
  log('SQL bench: the SQL total differs from priceRecord\'s');
  process.exitCode = 1;
}
log(`Done in ${((Date.now() - started.getTime()) / 1000).toFixed(1)} s.`);

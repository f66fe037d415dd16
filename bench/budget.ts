// Budget guard benchmark: reservations per second, on the memory store and on Redis over
// loopback (a redis-server this bench starts itself, when /usr/bin/redis-server exists).
//
// Each row times `guard.reserve` of a model call's worst case (gpt-5.4-mini, 2,000 input
// tokens, 500 max output; a day and a month limit, large enough never to refuse): one caller
// awaiting each reservation in turn ("1 in flight"), or 64 callers at once. Reservations are
// left to expire (2 s), so the live set stays what a busy service holds. A second set of rows
// times a whole guarded call's bookkeeping, reserve then commit. Rounds alternate; the
// median round is reported.
import { Redis } from 'ioredis';
import { createBudgetGuard, memoryStore, type BudgetGuard, type BudgetStore } from '../src/budget/index.js';
import { redisStore } from '../src/redis/index.js';
import { redisAvailable, REDIS_SERVER, RedisServer, type Persistence } from '../test/budget/redis-server.js';

export interface BudgetBenchOptions {
  /** A few hundred operations per row instead of tens of thousands (CI sanity run). */
  readonly quick: boolean;
  /** Progress lines (to stderr, so stdout stays the markdown). */
  readonly log?: (line: string) => void;
}

export interface BudgetBenchRow {
  readonly store: string;
  readonly operation: 'reserve' | 'reserve + commit';
  readonly inFlight: number;
  readonly clients: number;
  readonly perSecond: number;
}

export interface BudgetBenchResult {
  readonly markdown: string;
  readonly rows: readonly BudgetBenchRow[];
}

const REQUEST = { model: 'gpt-5.4-mini', inputTokens: 2000, maxOutputTokens: 500 } as const;
const USAGE = { inputTokens: 2000, outputTokens: 350 } as const;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function guardsOn(stores: readonly BudgetStore[]): BudgetGuard[] {
  return stores.map((store) =>
    createBudgetGuard({ limits: [{ usd: '1000000000', window: 'day' }, { usd: '1000000000', window: 'month' }], store, reservationTtlMs: 2000, storeTimeoutMs: 10_000 }),
  );
}

/** Operations per second: `total` operations spread over `inFlight` concurrent callers, round-robin over the guards. */
async function measure(guards: readonly BudgetGuard[], operation: BudgetBenchRow['operation'], inFlight: number, total: number): Promise<number> {
  const perCaller = Math.ceil(total / inFlight);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async (_, caller) => {
      const guard = guards[caller % guards.length] as BudgetGuard;
      for (let index = 0; index < perCaller; index += 1) {
        const result = await guard.reserve(REQUEST);
        if (!result.ok) throw new Error(`bench: refused (${result.message})`);
        if (operation === 'reserve + commit') await guard.commit(result.reservation, USAGE);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return (perCaller * inFlight) / seconds;
}

interface Setup {
  readonly store: string;
  readonly guards: readonly BudgetGuard[];
  readonly clients: number;
  readonly operations: number;
}

function format(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Runs the budget benchmark and returns its markdown section. */
export async function runBudget(options: BudgetBenchOptions): Promise<BudgetBenchResult> {
  const log = options.log ?? (() => undefined);
  const rounds = options.quick ? 1 : 3;
  const memoryOps = options.quick ? 2000 : 50_000;
  const redisOps = options.quick ? 300 : 5000;
  const rows: BudgetBenchRow[] = [];
  const notes: string[] = [];
  const servers: RedisServer[] = [];
  const connections: Redis[] = [];

  try {
    const setups: Setup[] = [{ store: 'memoryStore()', guards: guardsOn([memoryStore()]), clients: 1, operations: memoryOps }];
    if (redisAvailable) {
      const persistences: Persistence[] = options.quick ? ['none'] : ['none', 'always'];
      for (const persistence of persistences) {
        const server = await RedisServer.start(persistence);
        servers.push(server);
        const label = persistence === 'none' ? 'redisStore, loopback, no persistence' : 'redisStore, loopback, AOF appendfsync always';
        for (const clients of [1, 4]) {
          const stores: BudgetStore[] = [];
          for (let index = 0; index < clients; index += 1) {
            const client = await server.readyClient();
            connections.push(client);
            stores.push(redisStore(client, { prefix: `bench:${persistence}:${clients}` }));
          }
          setups.push({ store: label, guards: guardsOn(stores), clients, operations: redisOps });
        }
      }
      const version = (await connections[0]?.info('server'))?.match(/redis_version:(\S+)/)?.[1] ?? 'unknown';
      notes.push(`Redis ${version} (${REDIS_SERVER}), started by the bench on a free loopback port; ioredis client(s), one connection each.`);
    } else {
      notes.push(`Redis rows skipped: ${REDIS_SERVER} not found (install redis-server to measure them).`);
      log(`budget bench: ${REDIS_SERVER} not found, Redis skipped`);
    }

    const plan: Array<{ setup: Setup; operation: BudgetBenchRow['operation']; inFlight: number }> = [];
    for (const setup of setups) {
      for (const operation of ['reserve', 'reserve + commit'] as const) {
        for (const inFlight of setup.clients === 1 ? [1, 64] : [64]) plan.push({ setup, operation, inFlight });
      }
    }
    // Warm up every row once (JIT, script caching in Redis, connections).
    for (const item of plan) await measure(item.setup.guards, item.operation, item.inFlight, Math.min(200, item.setup.operations));
    const samples = plan.map(() => [] as number[]);
    for (let round = 0; round < rounds; round += 1) {
      for (const [index, item] of plan.entries()) {
        const rate = await measure(item.setup.guards, item.operation, item.inFlight, item.setup.operations);
        samples[index]?.push(rate);
        log(`budget bench round ${round + 1}/${rounds}: ${item.setup.store}, ${item.setup.clients} client(s), ${item.operation}, ${item.inFlight} in flight: ${format(rate)}/s`);
      }
    }
    plan.forEach((item, index) => {
      rows.push({ store: item.setup.store, operation: item.operation, inFlight: item.inFlight, clients: item.setup.clients, perSecond: median(samples[index] ?? []) });
    });
  } finally {
    for (const connection of connections) connection.disconnect();
    for (const server of servers) await server.stop();
  }

  const markdown = [
    '## Budget guard: reservations per second',
    '',
    `Each operation is \`guard.reserve\` of a gpt-5.4-mini call (2,000 input tokens, 500 max output; two limits, a day and a month; reservations left to expire after 2 s), and for the second kind \`guard.commit\` of its usage after it. "In flight": callers awaiting their operations concurrently; "clients": Redis connections (one guard each). Median of ${rounds} round(s) of ${format(memoryOps)} (memory) or ${format(redisOps)} (Redis) operations per row, after a warm-up. Run: \`npm run bench\` (Node ${process.version}).`,
    '',
    '| store | clients | in flight | operation | per second |',
    '| --- | ---: | ---: | --- | ---: |',
    ...rows.map((row) => `| ${row.store} | ${row.clients} | ${row.inFlight} | ${row.operation} | ${format(row.perSecond)} |`),
    '',
    ...notes.map((note) => `- ${note}`),
    '',
  ].join('\n');
  return { markdown, rows };
}

// A real PostgreSQL server for the SQL tests, started from Debian's `postgresql` binaries in a
// temporary directory (initdb, trust authentication, a Unix socket only: no TCP), and talked to
// through the psql client (no npm driver). As root, the server runs as the `postgres` user
// (runuser); otherwise as the current user. Without the binaries the tests are skipped loudly,
// except in CI (CI=true), where that is a failure.
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PG_BIN = process.env['PG_BIN'] ?? '/usr/lib/postgresql/15/bin';
export const postgresAvailable = ['initdb', 'pg_ctl', 'postgres', 'psql'].every((name) => existsSync(join(PG_BIN, name)));
export const inCI = process.env['CI'] === 'true';

/** Says loudly why the PostgreSQL tests are skipped; in CI a missing server is a failure, not a skip. */
export function postgresMissingMessage(): string {
  return inCI
    ? `\n*** ${PG_BIN}/initdb not found: the PostgreSQL SQL-pricing tests cannot run, and CI (CI=true) requires them. ***\n*** .ci/run installs it: apt-get install -y postgresql ***\n`
    : `\n*** ${PG_BIN}/initdb not found: the PostgreSQL SQL-pricing tests are SKIPPED. ***\n` +
        '*** Install it (apt-get install -y postgresql) to run them; in CI (CI=true) they fail instead. ***\n';
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], input?: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (data: Buffer) => out.push(data));
    child.stderr.on('data', (data: Buffer) => err.push(data));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.end(input ?? '');
  });
}

/** How psql prints NULL (a text no value of these tests has). */
const NULL = '\\N';

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** A command run as the server's owner: `runuser -u postgres --` when root. */
function owned(command: string, args: readonly string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, [...args]];
}

/** A PostgreSQL server in a temporary directory. */
export class PostgresServer {
  private stopped = false;

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  /** initdb + pg_ctl start on a free port, listening on a Unix socket in the directory only. */
  static async start(): Promise<PostgresServer> {
    const dir = mkdtempSync(join(tmpdir(), 'llm-spend-pg-'));
    if (asRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(dir, uid, gid);
    }
    const server = new PostgresServer(dir, await freePort());
    const [initdb, initArgs] = owned(join(PG_BIN, 'initdb'), ['-D', server.dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const init = await run(initdb, initArgs);
    if (init.code !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`initdb failed (${init.code}):\n${init.stderr}${init.stdout}`);
    }
    const options = `-p ${server.port} -k ${dir} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    const [pgCtl, ctlArgs] = owned(join(PG_BIN, 'pg_ctl'), ['-D', server.dataDir, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
    const started = await run(pgCtl, ctlArgs);
    if (started.code !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`pg_ctl start failed (${started.code}):\n${started.stderr}${started.stdout}`);
    }
    return server;
  }

  /**
   * Runs SQL (psql commands such as \copy included) through psql, stopping at the first error;
   * returns the unaligned, tuples-only output (fields separated by a tab).
   */
  async psql(script: string): Promise<string> {
    const result = await run(join(PG_BIN, 'psql'), ['-X', '-q', '-A', '-t', '-F', '\t', '-P', `null=${NULL}`, '-v', 'ON_ERROR_STOP=1', '-h', this.dir, '-p', String(this.port), '-U', 'postgres', '-d', 'postgres', '-f', '-'], script);
    if (result.code !== 0) throw new Error(`psql failed (${result.code}):\n${result.stderr}`);
    return result.stdout;
  }

  /** Rows of a query's output: tab-separated fields, null for NULL. */
  async rows(query: string): Promise<Array<Array<string | null>>> {
    const output = await this.psql(query);
    return output
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => line.split('\t').map((field) => (field === NULL ? null : field)));
  }

  /** Stops the server (immediate) and removes its directory. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const [pgCtl, ctlArgs] = owned(join(PG_BIN, 'pg_ctl'), ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
    await run(pgCtl, ctlArgs);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

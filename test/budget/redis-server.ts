// Real redis-server processes for the tests: each on a free loopback port, in its own
// temporary directory, with AOF persistence (`appendfsync always`) and no RDB snapshots, so
// that a test can kill -9 it and start it again on the same data. No server of the machine
// is used or assumed.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export const REDIS_SERVER = process.env['REDIS_SERVER'] ?? '/usr/bin/redis-server';
export const redisAvailable = existsSync(REDIS_SERVER);
export const inCI = process.env['CI'] === 'true';

/** Says loudly why Redis tests are skipped; in CI a missing server is a failure, not a skip. */
export function redisMissingMessage(): string {
  return inCI
    ? `\n*** ${REDIS_SERVER} not found: the Redis budget-store tests cannot run, and CI (CI=true) requires them. ***\n*** .ci/run installs it: apt-get install -y redis-server ***\n`
    : `\n*** ${REDIS_SERVER} not found: the Redis budget-store tests are SKIPPED. ***\n` +
        '*** Install it (apt-get install -y redis-server) to run them; in CI (CI=true) they fail instead. ***\n';
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The client options the tests vary. */
export interface ClientOptions {
  readonly enableOfflineQueue?: boolean;
  readonly maxRetriesPerRequest?: number | null;
  readonly lazyConnect?: boolean;
}

/** How a server persists: AOF with an fsync per write (the tests), or not at all. */
export type Persistence = 'always' | 'none';

/** A redis-server child process. */
export class RedisServer {
  private child: ChildProcess | undefined;
  private readonly clients: Redis[] = [];

  private constructor(
    readonly port: number,
    readonly dir: string,
    readonly persistence: Persistence,
  ) {}

  /** Starts a server on a free port in a new temporary directory. */
  static async start(persistence: Persistence = 'always'): Promise<RedisServer> {
    const dir = mkdtempSync(join(tmpdir(), 'llm-spend-redis-'));
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const server = new RedisServer(await freePort(), dir, persistence);
      if (await server.launch()) return server;
    }
    rmSync(dir, { recursive: true, force: true });
    throw new Error('could not start redis-server on a free port');
  }

  private async launch(): Promise<boolean> {
    const child = spawn(
      REDIS_SERVER,
      [
        '--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--daemonize', 'no', '--loglevel', 'warning',
        ...(this.persistence === 'always' ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    let output = '';
    child.stdout?.on('data', (data: Buffer) => {
      output += data.toString();
    });
    child.stderr?.on('data', (data: Buffer) => {
      output += data.toString();
    });
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    const probe = new Redis({ port: this.port, host: '127.0.0.1', lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      for (let waited = 0; waited < 10_000; waited += 50) {
        if (exited) {
          if (/Address already in use/i.test(output)) return false;
          throw new Error(`redis-server exited: ${output.trim()}`);
        }
        try {
          if (probe.status !== 'ready') await probe.connect();
          if ((await probe.ping()) === 'PONG') return true;
        } catch {
          // not up yet (or still loading the AOF)
        }
        await sleep(50);
      }
      throw new Error(`redis-server did not answer on port ${this.port}: ${output.trim()}`);
    } finally {
      probe.disconnect();
    }
  }

  /** A client that fails fast when the server is down (what docs/budget.md recommends). */
  client(options: ClientOptions = {}): Redis {
    const client = new Redis({
      port: this.port,
      host: '127.0.0.1',
      enableOfflineQueue: options.enableOfflineQueue ?? false,
      maxRetriesPerRequest: options.maxRetriesPerRequest === undefined ? 1 : options.maxRetriesPerRequest,
      lazyConnect: options.lazyConnect ?? false,
      connectTimeout: 1000,
    });
    client.on('error', () => undefined);
    this.clients.push(client);
    return client;
  }

  /** A client connected and ready. */
  async readyClient(options: ClientOptions = {}): Promise<Redis> {
    const client = this.client({ ...options, lazyConnect: true });
    await client.connect();
    return client;
  }

  /** kill -9, and wait until the process is gone. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await gone;
  }

  /** Starts the server again on the same port and directory (the AOF is replayed). */
  async restart(): Promise<void> {
    await this.kill9();
    for (let attempt = 0; attempt < 20; attempt += 1) {
      if (await this.launch()) return;
      await sleep(100);
    }
    throw new Error(`could not restart redis-server on port ${this.port}`);
  }

  /** Disconnects the clients, kills the server and removes its directory. */
  async stop(): Promise<void> {
    for (const client of this.clients) client.disconnect();
    await this.kill9();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

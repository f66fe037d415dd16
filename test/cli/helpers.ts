// Runs the BUILT CLI (dist/cli.js) as a process. The build is made once per test run when
// dist/cli.js is missing or older than a source file (`npm test` builds before vitest, so it is
// fresh there); test files running in parallel wait for the one that builds.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cli = join(repo, 'dist', 'cli.js');
export const fixtures = join(repo, 'test', 'cli', 'fixtures');
/** Every CLI test runs on this date, so stale-price warnings do not depend on the clock. */
export const TODAY = '2026-11-25';

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    newest = Math.max(newest, stat.isDirectory() ? newestSource(path) : stat.mtimeMs);
  }
  return newest;
}

function fresh(): boolean {
  if (!existsSync(cli)) return false;
  const inputs = Math.max(newestSource(join(repo, 'src')), statSync(join(repo, 'package.json')).mtimeMs, statSync(join(repo, 'tsup.config.ts')).mtimeMs);
  return statSync(cli).mtimeMs >= inputs;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Builds dist/ with tsup unless it is fresh; safe to call from test files running at once. */
export function ensureBuilt(): void {
  if (fresh()) return;
  const lock = join(repo, 'node_modules', '.cache', 'llm-spend-cli-build.lock');
  mkdirSync(dirname(lock), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another file is building: wait for it (a lock older than 3 minutes is a crashed build's).
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 180_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${lock}`);
      sleep(200);
      if (!existsSync(lock) && fresh()) return;
    }
  }
  try {
    if (!fresh()) execFileSync(process.execPath, [join(repo, 'node_modules', 'tsup', 'dist', 'cli-default.js')], { cwd: repo, stdio: 'pipe' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  if (!existsSync(cli)) throw new Error('the build made no dist/cli.js');
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node dist/cli.js ...args` from the repository root with LLM_SPEND_TODAY fixed. */
export function runCli(args: readonly string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolvePromise) => {
    const env: Record<string, string | undefined> = { ...process.env, LLM_SPEND_TODAY: TODAY, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    execFile(process.execPath, [cli, ...args], { cwd: options.cwd ?? repo, env, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** Visible width of a line (ANSI codes removed). */
export function visibleWidth(line: string): number {
  // eslint-disable-next-line no-control-regex
  return [...line.replace(/\u001b\[[0-9;]*m/g, '')].length;
}

/**
 * Runs the CLI in this process, from the sources (no build, no spawn: about a thousand times
 * cheaper than runCli), with LLM_SPEND_TODAY fixed. For what only a process shows (a hang that
 * must be killed, signals), use runSource.
 */
export async function runInProcess(args: readonly string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<CliResult> {
  const { run } = await import('../../src/cli/main.js');
  let stdout = '';
  let stderr = '';
  const code = run(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: { LLM_SPEND_TODAY: TODAY, ...options.env },
    cwd: options.cwd ?? repo,
    isTTY: false,
  });
  return { code, stdout, stderr };
}

export interface SourceResult extends CliResult {
  /** Whether the process was killed at the time limit. */
  readonly timedOut: boolean;
  readonly ms: number;
}

/** Runs `tsx src/cli/bin.ts ...args` as a process (no build), killed after `timeoutMs`. */
export function runSource(args: readonly string[], options: { timeoutMs?: number; env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<SourceResult> {
  const started = Date.now();
  return new Promise((resolvePromise) => {
    const env: Record<string, string | undefined> = { ...process.env, LLM_SPEND_TODAY: TODAY, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
    const tsx = join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    execFile(
      process.execPath,
      [tsx, join(repo, 'src', 'cli', 'bin.ts'), ...args],
      { cwd: options.cwd ?? repo, env, maxBuffer: 64 * 1024 * 1024, timeout: options.timeoutMs ?? 30_000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const timedOut = error !== null && (error as { killed?: boolean }).killed === true;
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
        resolvePromise({ code, stdout, stderr, timedOut, ms: Date.now() - started });
      },
    );
  });
}

/** What every exit-2 message must look like: on stderr, no stack trace, no "unexpected error". */
export function expectCleanError(result: CliResult): void {
  if (result.code !== 2) throw new Error(`expected exit 2, got ${String(result.code)}\nstdout: ${result.stdout.slice(0, 2000)}\nstderr: ${result.stderr.slice(0, 2000)}`);
  if (result.stdout !== '') throw new Error(`exit 2 wrote to stdout: ${result.stdout.slice(0, 500)}`);
  if (!result.stderr.startsWith('llm-spend')) throw new Error(`the error does not start with "llm-spend": ${result.stderr.slice(0, 500)}`);
  if (/unexpected error|\n\s+at .+:\d+:\d+\)?\n/.test(result.stderr)) throw new Error(`a stack trace or an unexpected error: ${result.stderr.slice(0, 2000)}`);
}

#!/usr/bin/env node
// Smoke test of the BUILT package as users get it: `npm pack` the repo, install the tarball
// into a throwaway project under os.tmpdir(), and import it from ESM and CommonJS there.
// Run after `npm run build`. Prints one line per check and closes with
// "smoke: N passed, M failed"; exits 1 on any failure.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));

let passed = 0;
let failed = 0;
function pass(name) {
  passed += 1;
  console.log(`  ok    ${name}`);
}
function fail(name, why) {
  failed += 1;
  console.log(`  FAIL  ${name}: ${why}`);
}
function check(name, body) {
  try {
    body();
    pass(name);
    return true;
  } catch (error) {
    fail(name, error instanceof Error ? error.message : String(error));
    return false;
  }
}

/** Every relative target named in an `exports` map ("./dist/index.js", ...). */
function exportTargets(value, out = new Set()) {
  if (typeof value === 'string') out.add(value.replace(/^\.\//, ''));
  else if (value !== null && typeof value === 'object') for (const inner of Object.values(value)) exportTargets(inner, out);
  return out;
}

const tmp = mkdtempSync(join(tmpdir(), 'llm-spend-smoke-'));
try {
  console.log(`smoke: ${manifest.name}@${manifest.version} (temp ${tmp})`);
  let packed;
  const built = check('dist/ is built (run `npm run build` first)', () => {
    for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts']) {
      if (!existsSync(join(repo, file))) throw new Error(`${file} is missing`);
    }
  });

  const packedOk =
    built &&
    check('npm pack --json makes a tarball', () => {
      const stdout = execFileSync('npm', ['pack', '--json', '--pack-destination', tmp], {
        cwd: repo,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
      });
      let report;
      try {
        report = JSON.parse(stdout);
      } catch {
        // lifecycle scripts may print before the JSON
        report = JSON.parse(stdout.slice(stdout.indexOf('[\n')));
      }
      packed = report[0];
      if (packed === undefined || typeof packed.filename !== 'string') throw new Error('npm pack --json reported no file');
      if (packed.name !== manifest.name || packed.version !== manifest.version) {
        throw new Error(`packed ${packed.name}@${packed.version}, expected ${manifest.name}@${manifest.version}`);
      }
      if (!existsSync(join(tmp, packed.filename))) throw new Error(`${packed.filename} not found in ${tmp}`);
    });

  if (packedOk) {
    const files = new Set(packed.files.map((entry) => entry.path));
    check(`tarball (${packed.files.length} files, ${packed.size} B packed, ${packed.unpackedSize} B unpacked) holds every exports/main/types target`, () => {
      const targets = exportTargets(manifest.exports);
      for (const field of ['main', 'module', 'types']) if (typeof manifest[field] === 'string') targets.add(manifest[field].replace(/^\.\//, ''));
      const missing = [...targets].filter((target) => !files.has(target));
      if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}`);
    });
    check('tarball holds no sources, tests or config', () => {
      const stray = [...files].filter((path) => /^(src|test|bench|examples|\.ci|node_modules)\//.test(path) || /^(tsconfig|tsup|vitest)\b/.test(path));
      if (stray.length > 0) throw new Error(`unexpected ${stray.slice(0, 5).join(', ')}${stray.length > 5 ? ', ...' : ''}`);
    });
    check('tarball holds no source maps', () => {
      const maps = [...files].filter((path) => path.endsWith('.map'));
      if (maps.length > 0) throw new Error(`${maps.length} source maps: ${maps.slice(0, 3).join(', ')}${maps.length > 3 ? ', ...' : ''}`);
    });
    check('every docs/*.md of the repository is in the tarball (README links to them)', () => {
      const docs = readdirSync(join(repo, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`);
      const missing = docs.filter((path) => !files.has(path));
      if (docs.length === 0 || missing.length > 0) throw new Error(docs.length === 0 ? 'no docs/*.md found' : `missing ${missing.join(', ')}`);
    });

    const project = join(tmp, 'project');
    const modules = join(project, 'node_modules');
    const installed = check('tarball extracts into project/node_modules/llm-spend', () => {
      const target = join(modules, manifest.name);
      mkdirSync(target, { recursive: true });
      execFileSync('tar', ['-xzf', join(tmp, packed.filename), '-C', target, '--strip-components=1', 'package/'], { stdio: ['ignore', 'pipe', 'pipe'] });
      if (!existsSync(join(target, 'package.json'))) throw new Error('no package.json after extraction');
      copyFileSync(join(here, 'esm.mjs'), join(project, 'esm.mjs'));
      copyFileSync(join(here, 'cjs.cjs'), join(project, 'cjs.cjs'));
    });
    const linked =
      installed &&
      check(`runtime dependencies resolvable (${Object.keys(manifest.dependencies ?? {}).join(', ') || 'none'})`, () => {
        for (const name of Object.keys(manifest.dependencies ?? {})) {
          const source = join(repo, 'node_modules', name);
          if (!existsSync(source)) throw new Error(`${name} is not installed in the repo (run npm ci)`);
          const link = join(modules, name);
          mkdirSync(dirname(link), { recursive: true });
          symlinkSync(source, link, 'dir');
        }
      });

    if (linked) {
      const installedDir = join(modules, manifest.name);
      const installed = JSON.parse(readFileSync(join(installedDir, 'package.json'), 'utf8'));
      const runBin = (args) =>
        execFileSync(process.execPath, [join(installedDir, installed.bin?.['llm-spend'] ?? 'missing-bin'), ...args], {
          cwd: project,
          encoding: 'utf8',
          env: { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1' },
          stdio: ['ignore', 'pipe', 'pipe'],
          timeout: 60_000,
        });
      check('relative links of README.md and docs/*.md resolve inside the installed package', () => {
        const broken = [];
        const pages = ['README.md', ...readdirSync(join(installedDir, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];
        for (const page of pages) {
          const text = readFileSync(join(installedDir, page), 'utf8');
          for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
            const target = (match[1] ?? '').split('#')[0] ?? '';
            if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
            const path = posix.normalize(posix.join(posix.dirname(page), target));
            if (!existsSync(join(installedDir, path))) broken.push(`${page} -> ${match[1]}`);
          }
        }
        if (broken.length > 0) throw new Error(`${broken.length} broken: ${broken.slice(0, 5).join(', ')}${broken.length > 5 ? ', ...' : ''}`);
      });
      check('no built file names a source map', () => {
        const named = readdirSync(join(installedDir, 'dist')).filter((name) => /\.[cm]?js$/.test(name) && readFileSync(join(installedDir, 'dist', name), 'utf8').includes('sourceMappingURL'));
        if (named.length > 0) throw new Error(`sourceMappingURL in ${named.join(', ')}`);
      });
      check('bin llm-spend --help names the installed docs, and they exist', () => {
        const out = runBin(['--help']);
        const paths = [...out.matchAll(/(\S*\/\S+\.md)\b/g)].map((match) => match[1]);
        if (paths.length === 0) throw new Error(`no .md path in the help: ${JSON.stringify(out.split('\n').filter((line) => /docs/i.test(line)))}`);
        const missing = paths.filter((path) => !existsSync(path) || !path.startsWith(installedDir));
        if (missing.length > 0) throw new Error(`not in the installed package: ${missing.join(', ')}`);
      });
      check('bin llm-spend: a node script with a shebang', () => {
        const bin = installed.bin?.['llm-spend'];
        if (typeof bin !== 'string') throw new Error('package.json has no bin "llm-spend"');
        const head = readFileSync(join(installedDir, bin), 'utf8').slice(0, 32);
        if (!head.startsWith('#!/usr/bin/env node\n')) throw new Error(`${bin} starts with ${JSON.stringify(head)}`);
      });
      check(`bin llm-spend --version prints ${manifest.version}`, () => {
        const out = runBin(['--version']).trim();
        if (out !== manifest.version) throw new Error(`printed ${JSON.stringify(out)}`);
      });
      check('bin llm-spend cost gpt-5.4-mini --input 1234 --cached 1000 --output 567 = "0.002802"', () => {
        const report = JSON.parse(runBin(['cost', 'gpt-5.4-mini', '--input', '1234', '--cached', '1000', '--output', '567', '--format', 'json']));
        if (report.cost?.total !== '0.002802') throw new Error(`total is ${JSON.stringify(report.cost?.total)}`);
      });
      check('llm-spend/plan.schema.json is exported', () => {
        const out = execFileSync(process.execPath, ['--input-type=module', '-e', "const s = await import('llm-spend/plan.schema.json', { with: { type: 'json' } }); console.log(s.default.title)"], {
          cwd: project,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        }).trim();
        if (out !== 'llm-spend plan') throw new Error(`title is ${JSON.stringify(out)}`);
      });
      for (const script of ['esm.mjs', 'cjs.cjs']) {
        const result = spawnSync(process.execPath, [script], {
          cwd: project,
          encoding: 'utf8',
          env: { ...process.env, NODE_OPTIONS: '', SMOKE_EXPECTED_VERSION: manifest.version },
          timeout: 60_000,
        });
        let reported = 0;
        for (const line of (result.stdout ?? '').split('\n')) {
          const match = /^(pass|fail) (.*)$/.exec(line);
          if (match === null) continue;
          reported += 1;
          if (match[1] === 'pass') pass(match[2]);
          else {
            failed += 1;
            console.log(`  FAIL  ${match[2]}`);
          }
        }
        if (result.status !== 0 && reported === 0) {
          const why = result.error?.message ?? (result.stderr || '').trim().split('\n').slice(0, 8).join('\n        ');
          fail(`node ${script}`, `exited with ${result.status ?? result.signal}: ${why}`);
        } else if (result.status !== 0 && !/^fail /m.test(result.stdout ?? '')) {
          fail(`node ${script}`, `exited with ${result.status ?? result.signal} after its checks: ${(result.stderr || '').trim().split('\n')[0]}`);
        } else if (reported === 0) {
          fail(`node ${script}`, 'ran no check');
        }
      }
    }
  }
} catch (error) {
  fail('smoke run', error instanceof Error ? error.stack ?? error.message : String(error));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

console.log(`smoke: ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;

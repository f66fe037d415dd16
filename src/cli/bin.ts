// The `llm-spend` executable (dist/cli.js): wires the CLI to the process.
import { runAsync } from './main.js';

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // `llm-spend ... | head`: the reader left; stop quietly.
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

void runAsync(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  isTTY: process.stdout.isTTY === true,
}).then((code) => {
  process.exitCode = code;
});

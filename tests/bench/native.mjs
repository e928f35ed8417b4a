// The engine natively (examples/bench_native.rs), kept running so that the
// import benchmark can time a native run between the browser's runs.

import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * Builds the example and starts it on `har`. Resolves to { info, run(),
 * close() }: `info` has the findings by kind and the heap used; `run()`
 * resolves to the milliseconds of one analysis.
 */
export async function startNative(root, har) {
  execFileSync('cargo', ['build', '--release', '--example', 'bench_native', '--quiet'],
    { cwd: root, stdio: 'inherit' });
  const child = spawn(join(root, 'target/release/examples/bench_native'), [har, '--serve'],
    { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve({ code })));

  const next = async () => {
    const line = await Promise.race([lines.next(), exited]);
    if (line.done || 'code' in line) throw new Error('bench_native stopped; see its message above');
    return JSON.parse(line.value);
  };
  const info = await next();
  return {
    info,
    async run() {
      child.stdin.write('\n');
      return (await next()).ms;
    },
    close() {
      child.stdin.end();
      return exited;
    },
  };
}

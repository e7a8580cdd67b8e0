// `npm run bench:notifications -- --count N [--kill-worker] [--restart-redis]`:
// rebuilds the portal when its sources changed, bundles the bench (TypeScript
// that uses the portal's own modules) and runs it. Progress goes to stderr;
// the last line on stdout is one JSON object.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildIsStale } from '../scripts/build-state.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
if (buildIsStale(root)) {
  process.stderr.write('bench: building the portal first (sources changed)...\n');
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: ['ignore', 2, 2] });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const outfile = path.join(root, 'dist/bench/notifications.mjs');
await build({
  entryPoints: ['bench/notifications/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'error',
});
const child = spawn(process.execPath, ['--enable-source-maps', outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

// `npm run bench:notifications -- --count N [--kill-worker] [--restart-redis]`:
// rebuilds the portal when its sources changed, bundles the bench (TypeScript
// that uses the portal's own modules) and runs it. Progress goes to stderr;
// the last line on stdout is one JSON object.
import { spawnSync } from 'node:child_process';
import { buildIsStale } from '../scripts/build-state.mjs';
import { ROOT, runTsBench } from './support/bundle.mjs';

// bench/notifications/processes.ts finds dist/ from the working directory.
process.chdir(ROOT);
if (buildIsStale(ROOT)) {
  process.stderr.write('bench: building the portal first (sources changed)...\n');
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: ['ignore', 2, 2] });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
await runTsBench('bench/notifications/main.ts', 'notifications');

// `npm start`: validate the configuration, build when the build is missing or
// stale, then hand over to the supervisor (web + workers + private Redis).
import { spawnSync } from 'node:child_process';
import { buildIsStale } from './build-state.mjs';

process.env.NODE_ENV ??= 'production';
const node = process.execPath;
// The Node entries compile in about a second; they carry the config check, so
// a bad variable fails fast before the slower site build.
const quick = spawnSync(node, ['scripts/build-node.mjs', '--quiet'], { stdio: 'inherit' });
if (quick.status !== 0) process.exit(quick.status ?? 1);
const check = spawnSync(node, ['dist/node/migrate.mjs', '--check-config'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (check.status !== 0) process.exit(check.status ?? 1);
if (buildIsStale()) {
  console.log('Building the portal (first start or sources changed)...');
  const b = spawnSync(node, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
await import('../dist/node/supervisor.mjs');

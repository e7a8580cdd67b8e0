// `npm run build`: the Astro site (dist/server, dist/client), compressed
// copies of its client files, the Node entry points (dist/node), then the
// stamp `npm start` compares against.
import { spawnSync } from 'node:child_process';
import { writeStamp } from './build-state.mjs';

function run(args) {
  const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
run(['node_modules/astro/astro.js', 'build']);
run(['scripts/precompress.mjs', 'dist/client']);
run(['scripts/build-node.mjs']);
writeStamp();

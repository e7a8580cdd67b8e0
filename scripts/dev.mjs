// `npm run dev`: Astro's dev server (with the WebSocket router attached) plus
// workers and, without REDIS_URL, a private Redis: the same supervisor as
// production, with `astro dev` as the web process.
import { spawnSync } from 'node:child_process';

process.env.NODE_ENV ??= 'development';
const quick = spawnSync(process.execPath, ['scripts/build-node.mjs', '--quiet'], { stdio: 'inherit' });
if (quick.status !== 0) process.exit(quick.status ?? 1);
process.argv.push('--dev');
await import('../dist/node/supervisor.mjs');

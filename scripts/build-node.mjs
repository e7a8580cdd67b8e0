// Compiles the Node entry points (web server, supervisor, worker, migrate)
// into dist/node/*.mjs with esbuild. npm packages stay external and load from
// node_modules at run time; our own TypeScript is bundled, so production runs
// plain JavaScript with no TypeScript loader.
import { build } from 'esbuild';

const quiet = process.argv.includes('--quiet');
const started = Date.now();
await build({
  entryPoints: {
    web: 'server/web.ts',
    supervisor: 'server/supervisor.ts',
    worker: 'workers/main.ts',
    migrate: 'scripts/migrate.ts',
    'db-backup': 'scripts/db-backup.ts',
  },
  outdir: 'dist/node',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: quiet ? 'error' : 'warning',
});
if (!quiet) console.log(`node entries built in ${Date.now() - started} ms`);

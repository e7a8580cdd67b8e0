// Compiles the Node entry points (web server, supervisor, worker, migrate)
// into dist/node/*.mjs with esbuild. npm packages stay external and load from
// node_modules at run time; our own TypeScript is bundled, so production runs
// plain JavaScript with no TypeScript loader.
import fs from 'node:fs';
import { build } from 'esbuild';

// Vite's `?raw` imports (a data file as a string) work the same in these
// bundles, so a module imports its data one way whichever bundler builds it.
const rawImports = {
  name: 'raw-imports',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: new URL(args.path.slice(0, -4), `file://${args.resolveDir}/`).pathname,
      namespace: 'raw',
    }));
    b.onLoad({ filter: /.*/, namespace: 'raw' }, (args) => ({ contents: fs.readFileSync(args.path, 'utf8'), loader: 'text' }));
  },
};

const quiet = process.argv.includes('--quiet');
const started = Date.now();
await build({
  entryPoints: {
    // web.mjs and worker.mjs are launchers: tracing.mjs (only when
    // OTEL_EXPORTER_OTLP_ENDPOINT is set), then the process's main bundle.
    web: 'server/web-launch.ts',
    'web-main': 'server/web.ts',
    supervisor: 'server/supervisor.ts',
    worker: 'workers/launch.ts',
    'worker-main': 'workers/main.ts',
    tracing: 'src/lib/server/tracing/start.ts',
    migrate: 'scripts/migrate.ts',
    'db-backup': 'scripts/db-backup.ts',
    'db-promote': 'scripts/db-promote.ts',
    mail: 'scripts/mail.ts',
  },
  outdir: 'dist/node',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  plugins: [rawImports],
  logLevel: quiet ? 'error' : 'warning',
});
if (!quiet) console.log(`node entries built in ${Date.now() - started} ms`);

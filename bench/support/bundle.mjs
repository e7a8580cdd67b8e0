// Bundling our TypeScript for benches (they run outside vitest, and their
// TypeScript imports the portal's own modules): one esbuild configuration for
// helper scripts a bench spawns and for whole benches run from a .mjs wrapper.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Bundle `entry` (a path from the project root) into a runnable .mjs and return its path. By default a
 * per-process file under node_modules/.cache, inside the project so the bundle's bare imports resolve.
 */
export async function bundleTs(entry, { outfile, sourcemap = false } = {}) {
  const out = outfile ?? path.join(ROOT, 'node_modules', '.cache', 'il-bench', `${path.basename(entry, '.ts')}-${process.pid}.mjs`);
  await build({
    entryPoints: [path.join(ROOT, entry)],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap,
    logLevel: 'error',
  });
  return out;
}

/** Bundle a TypeScript bench into dist/bench/<name>.mjs and run it with our arguments; signals are passed on and its exit code becomes ours. */
export async function runTsBench(entry, name) {
  const outfile = await bundleTs(entry, { outfile: path.join(ROOT, 'dist/bench', `${name}.mjs`), sourcemap: true });
  const child = spawn(process.execPath, ['--enable-source-maps', outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

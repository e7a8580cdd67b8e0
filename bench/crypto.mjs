// `npm run bench:crypto [-- --seconds S]`: the portal's crypto library
// (WebCrypto + @noble/hashes, src/lib/shared/crypto) against node:crypto doing
// the same work in the same run. Bundles bench/crypto/main.ts and runs it;
// the table goes to stdout and the last line is one JSON object.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'dist/bench/crypto.mjs');
await build({
  entryPoints: [path.join(root, 'bench/crypto/main.ts')],
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

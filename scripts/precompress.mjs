// Writes .br and .gz next to every compressible built client file (scripts,
// styles, wasm, SVG, JSON) so the Node server and nginx (gzip_static) send
// them compressed without compressing per request: the editor's 14 MB
// esbuild.wasm goes over the wire at about a quarter of that.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.wasm', '.txt', '.xml', '.ttf']);
const MIN_BYTES = 1024;

function* files(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(p);
    else if (entry.isFile()) yield p;
  }
}

/** Compress every eligible file under `root`; returns [files, bytes in, bytes out as brotli]. */
export function precompress(root) {
  let count = 0;
  let before = 0;
  let after = 0;
  for (const file of files(root)) {
    if (!COMPRESSIBLE.has(path.extname(file))) continue;
    const data = fs.readFileSync(file);
    if (data.length < MIN_BYTES) continue;
    // Quality 11 is slow on megabytes; 9 keeps the build quick for a few percent more bytes.
    const quality = data.length > 1_000_000 ? 9 : 11;
    const br = zlib.brotliCompressSync(data, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: quality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length },
    });
    const gz = zlib.gzipSync(data, { level: 9 });
    if (br.length < data.length) fs.writeFileSync(`${file}.br`, br);
    if (gz.length < data.length) fs.writeFileSync(`${file}.gz`, gz);
    count++;
    before += data.length;
    after += Math.min(br.length, data.length);
  }
  return { count, before, after };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  const { count, before, after } = precompress(process.argv[2] ?? 'dist/client');
  console.log(`precompressed ${count} files: ${(before / 1e6).toFixed(1)} MB -> ${(after / 1e6).toFixed(1)} MB brotli in ${Date.now() - started} ms`);
}

import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { baseSecurityHeaders } from '../src/lib/server/http/security-headers';

/**
 * Serves the built client files (`dist/client`) ahead of Astro. Hashed
 * `/_astro/` files are immutable for a year; everything else revalidates.
 * Paths are resolved inside the root only: no traversal, no dotfiles.
 */

const MIME: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.eml': 'message/rfc822',
};

interface Variant {
  file: string;
  size: number;
}

interface Entry extends Variant {
  mtime: Date;
  etag: string;
  /** Precompressed copies written at build time (scripts/precompress.mjs). */
  br?: Variant;
  gzip?: Variant;
}

function variant(file: string): Variant | undefined {
  try {
    const st = fs.statSync(file);
    return st.isFile() ? { file, size: st.size } : undefined;
  } catch {
    return undefined;
  }
}

/** The encoding to send: brotli or gzip when the client takes it (q > 0) and a copy exists. */
function pickEncoding(entry: Entry, acceptEncoding: string | undefined): 'br' | 'gzip' | null {
  if (!acceptEncoding || (!entry.br && !entry.gzip)) return null;
  const taken = new Set<string>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const refused = params.some((p) => /^q=0(\.0*)?$/.test(p));
    if (name && !refused) taken.add(name);
  }
  if (entry.br && taken.has('br')) return 'br';
  if (entry.gzip && taken.has('gzip')) return 'gzip';
  return null;
}

/** A request handler that answers for files under `root` and returns false for anything else. */
export function createStaticHandler(root: string, opts: { https: boolean }) {
  const absRoot = path.resolve(root);
  const cache = new Map<string, Entry | null>();
  const security = baseSecurityHeaders(opts.https);

  function lookup(urlPath: string): Entry | null {
    if (cache.has(urlPath)) return cache.get(urlPath)!;
    let found: Entry | null = null;
    const file = path.join(absRoot, urlPath);
    if (file.startsWith(absRoot + path.sep) && !urlPath.split('/').some((s) => s.startsWith('.'))) {
      try {
        const st = fs.statSync(file);
        if (st.isFile()) {
          found = {
            file,
            size: st.size,
            mtime: st.mtime,
            etag: `"${st.size.toString(36)}-${st.mtimeMs.toString(36)}"`,
            br: variant(`${file}.br`),
            gzip: variant(`${file}.gz`),
          };
        }
      } catch {
        found = null;
      }
    }
    // Built files do not change while the server runs; remember misses too (bounded).
    if (cache.size < 5000) cache.set(urlPath, found);
    return found;
  }

  return function serveStatic(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const raw = (req.url ?? '/').split('?')[0]!;
    if (raw === '/' || raw.endsWith('/')) return false;
    let urlPath: string;
    try {
      urlPath = decodeURIComponent(raw);
    } catch {
      return false;
    }
    if (urlPath.includes('\0')) return false;
    const entry = lookup(urlPath);
    if (!entry) return false;
    const encoding = pickEncoding(entry, req.headers['accept-encoding']);
    const body = encoding ? entry[encoding]! : entry;
    // Each encoding is its own representation, with its own validator.
    const etag = encoding ? `${entry.etag.slice(0, -1)}-${encoding}"` : entry.etag;
    const headers: Record<string, string> = {
      ...security,
      'content-type': MIME[path.extname(entry.file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': String(body.size),
      'last-modified': entry.mtime.toUTCString(),
      etag,
      'cache-control': urlPath.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate',
      ...(entry.br || entry.gzip ? { vary: 'accept-encoding' } : {}),
      ...(encoding ? { 'content-encoding': encoding } : {}),
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag, 'cache-control': headers['cache-control']!, ...(headers.vary ? { vary: headers.vary } : {}) });
      res.end();
      return true;
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    fs.createReadStream(body.file)
      .on('error', () => res.destroy())
      .pipe(res);
    return true;
  };
}

import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Plugin } from 'vite';

/**
 * Builds the two classic scripts of the notebook kernel with esbuild and
 * exposes their URLs as `virtual:notebook-kernel`:
 * - host: runs in the opaque-origin sandboxed iframe (loaded by <script src>,
 *   so no CORS), starts the kernel worker;
 * - runtime: the worker itself, pulled in with importScripts().
 * Both must be classic IIFE scripts, which Vite's module pipeline does not
 * produce for a page that is not the script's own origin. In a build they are
 * emitted under /_astro/ with a content hash (served immutable); in dev they
 * are bundled on each request.
 */

const VIRTUAL_ID = 'virtual:notebook-kernel';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const ENTRIES = {
  host: path.join(ROOT, 'src/lib/client/notebook/kernel/host.ts'),
  runtime: path.join(ROOT, 'src/lib/client/notebook/kernel/runtime.ts'),
} as const;
const DEV_PREFIX = '/@notebook-kernel/';

async function bundle(entry: string, minify: boolean): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify,
    legalComments: 'none',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** The Vite plugin. */
export function notebookKernelScripts(): Plugin {
  let command: 'build' | 'serve' = 'serve';
  return {
    name: 'interview-lab:notebook-kernel',
    configResolved(config) {
      command = config.command;
    },
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : null;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return null;
      if (command === 'serve') {
        return `export const hostUrl = ${JSON.stringify(`${DEV_PREFIX}host.js`)};\nexport const runtimeUrl = ${JSON.stringify(`${DEV_PREFIX}runtime.js`)};`;
      }
      const urls: Record<string, string> = {};
      for (const [name, entry] of Object.entries(ENTRIES)) {
        const source = await bundle(entry, true);
        const hash = createHash('sha256').update(source).digest('hex').slice(0, 10);
        const fileName = `_astro/nb-kernel-${name}.${hash}.js`;
        this.emitFile({ type: 'asset', fileName, source });
        urls[name] = `/${fileName}`;
      }
      return `export const hostUrl = ${JSON.stringify(urls.host)};\nexport const runtimeUrl = ${JSON.stringify(urls.runtime)};`;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = (req.url ?? '').split('?')[0]!;
        if (!url.startsWith(DEV_PREFIX)) return next();
        const name = url.slice(DEV_PREFIX.length).replace(/\.js$/, '') as keyof typeof ENTRIES;
        if (!Object.prototype.hasOwnProperty.call(ENTRIES, name)) return next();
        bundle(ENTRIES[name], false).then(
          (code) => {
            res.setHeader('content-type', 'text/javascript; charset=utf-8');
            res.setHeader('cache-control', 'no-store');
            res.end(code);
          },
          (err: unknown) => next(err),
        );
      });
    },
  };
}

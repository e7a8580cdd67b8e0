// @ts-check
import node from '@astrojs/node';
import { defineConfig, passthroughImageService } from 'astro/config';
import { contrastTransformer, notebook, notebookEngineDigest, remarkNotebookCells } from './src/integrations/notebook/index.ts';
import { canonicalPathsDev } from './src/integrations/canonical-paths-dev.ts';
import { realtimeDev } from './src/integrations/realtime-dev.ts';

// One server, one port: Astro renders pages and API endpoints in middleware
// mode inside our own http.Server (server/web.ts), which also routes
// WebSocket upgrades; in dev the same router rides on Astro's dev server.
export default defineConfig({
  // Per checkout (not node_modules/.astro, which copies sharing node_modules would share).
  cacheDir: './.astro/cache',
  output: 'server',
  adapter: node({ mode: 'middleware' }),
  server: {
    port: Number(process.env.PORT) || 4321,
    host: process.env.HOST || '127.0.0.1',
  },
  // Without allowedDomains Astro ignores the Host header and builds every URL
  // as http://localhost, so checkOrigin would refuse our own forms. Any host is
  // allowed here because server/web.ts strips forwarding headers nobody we
  // trust has set (src/lib/server/http/forwarded-headers.ts); a browser cannot
  // forge Host, so a cross-site form still fails the Origin comparison.
  //
  // Cross-site refusal itself is the guard's job (src/lib/server/http/request-guard.ts, run by the
  // middleware and the fast paths: Origin and
  // Sec-Fetch-Site, every content type, every caller without a bearer
  // token). Astro's checkOrigin would also refuse any body-less POST, PUT,
  // PATCH or DELETE lacking a same-origin Origin, which breaks bearer-token
  // clients (`DELETE /api/rest/todos/1` from Python, or from a sandboxed cell
  // whose Origin is null) and adds nothing for browsers, which send Origin.
  security: { checkOrigin: false, allowedDomains: [{ protocol: 'http' }, { protocol: 'https' }] },
  integrations: [canonicalPathsDev(), realtimeDev(), notebook()],
  image: { service: passthroughImageService() },
  devToolbar: { enabled: false },
  // Every script and stylesheet is a file under /_astro/ so the CSP needs no inline allowances.
  build: { inlineStylesheets: 'never' },
  // Astro's own sessions are unused (ours are in SQLite); without a driver the
  // adapter would set up a file store and announce it on every build.
  session: { driver: 'memory' },
  vite: {
    // Monaco and the TypeScript worker are big by nature; they load only when a reader edits a cell.
    build: { assetsInlineLimit: 0, chunkSizeWarningLimit: 8000 },
    ssr: { external: ['better-sqlite3', '@node-rs/argon2'] },
  },
  markdown: {
    // ```ts cell fences become notebook cells (src/integrations/notebook/).
    remarkPlugins: [[remarkNotebookCells, { engineDigest: notebookEngineDigest() }]],
    // Token colours nudged to WCAG AA contrast (a few GitHub theme colours fall short).
    shikiConfig: { themes: { light: 'github-light', dark: 'github-dark' }, defaultColor: false, transformers: [contrastTransformer()] },
  },
});

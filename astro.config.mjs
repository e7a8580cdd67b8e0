// @ts-check
import node from '@astrojs/node';
import { defineConfig, passthroughImageService } from 'astro/config';
import { realtimeDev } from './src/integrations/realtime-dev.ts';

// One server, one port: Astro renders pages and API endpoints in middleware
// mode inside our own http.Server (server/web.ts), which also routes
// WebSocket upgrades; in dev the same router rides on Astro's dev server.
export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'middleware' }),
  server: {
    port: Number(process.env.PORT) || 4321,
    host: process.env.HOST || '127.0.0.1',
  },
  security: { checkOrigin: true },
  integrations: [realtimeDev()],
  image: { service: passthroughImageService() },
  devToolbar: { enabled: false },
  // Every script and stylesheet is a file under /_astro/ so the CSP needs no inline allowances.
  build: { inlineStylesheets: 'never' },
  vite: {
    build: { assetsInlineLimit: 0 },
    ssr: { external: ['better-sqlite3', '@node-rs/argon2'] },
  },
  markdown: {
    shikiConfig: { themes: { light: 'github-light', dark: 'github-dark' }, defaultColor: false },
  },
});

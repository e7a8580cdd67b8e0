import type { AstroIntegration } from 'astro';
import { canonicalizeRequestUrl } from '../lib/server/http/canonical-entry';

/**
 * In `npm run dev`, the same entry step as server/web.ts: every request's
 * path is made canonical (or refused) before Vite or Astro route it, so the
 * dev server decides access on the same spelling as production.
 */
export function canonicalPathsDev(): AstroIntegration {
  return {
    name: 'interview-lab:canonical-paths-dev',
    hooks: {
      'astro:server:setup': ({ server }) => {
        server.middlewares.use((req, res, next) => {
          if (canonicalizeRequestUrl(req, res)) next();
        });
      },
    },
  };
}

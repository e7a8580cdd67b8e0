import type { AstroIntegration } from 'astro';
import { isWebSocketPath } from '../lib/server/http/access-policy';
import { canonicalTarget } from '../lib/server/http/canonical-path';
import type { UpgradeRouter } from '../lib/server/realtime/router';

/**
 * In `npm run dev`, mounts the same WebSocket upgrade router the production
 * server uses on Astro's dev server, so `/ws/*` works on one port in both.
 * Only `/ws/` upgrades are taken; Vite's HMR socket is left to Vite.
 */
export function realtimeDev(): AstroIntegration {
  return {
    name: 'interview-lab:realtime-dev',
    hooks: {
      'astro:server:setup': ({ server, logger }) => {
        let router: Promise<UpgradeRouter> | undefined;
        server.httpServer?.on('upgrade', (req, socket, head) => {
          // The router canonicalises the path itself; this only tells our sockets from Vite's HMR socket.
          const target = canonicalTarget(req.url);
          if (!target.ok || !isWebSocketPath(target.path)) return;
          // Loaded through Vite so the router shares modules (db, auth) with the pages.
          router ??= server
            .ssrLoadModule('/src/lib/server/realtime/index.ts')
            .then((m) => (m as typeof import('../lib/server/realtime/index')).createPortalRouter());
          router.then(
            (r) => r.handleUpgrade(req, socket, head),
            (err: unknown) => {
              logger.error(`WebSocket router failed to load: ${err instanceof Error ? err.message : String(err)}`);
              router = undefined;
              socket.destroy();
            },
          );
        });
      },
    },
  };
}

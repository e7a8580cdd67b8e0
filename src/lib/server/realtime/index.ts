import { createUpgradeRouter, type UpgradeRouter } from './router';
import { realtimeRoutes } from './routes';

/** The portal's router with all its routes; one per process. */
export function createPortalRouter(): UpgradeRouter {
  return createUpgradeRouter({ routes: realtimeRoutes });
}

import { listenForEndedCredentials } from '../auth/revocation';
import { createUpgradeRouter, type UpgradeRouter } from './router';
import { realtimeRoutes } from './routes';

/** The portal's router with all its routes; one per process. It also listens for credentials other processes ended. */
export function createPortalRouter(): UpgradeRouter {
  void listenForEndedCredentials();
  return createUpgradeRouter({ routes: realtimeRoutes });
}

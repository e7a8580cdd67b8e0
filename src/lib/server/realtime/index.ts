import { listenForEndedCredentials } from '../auth/revocation';
import { withRealtimeMetrics } from '../metrics/realtime';
import { createUpgradeRouter, type UpgradeRouter } from './router';
import { realtimeRoutes } from './routes';

/**
 * The portal's router with all its routes (each counted for /metrics); one per
 * process. It also listens for credentials other processes ended.
 */
export function createPortalRouter(): UpgradeRouter {
  void listenForEndedCredentials();
  return createUpgradeRouter({ routes: withRealtimeMetrics(realtimeRoutes) });
}

import type { RealtimeRoute } from '../types';
import { echoRoute } from './echo';
import { graphqlRoute } from './graphql';
import { marketdataRoute } from './marketdata';
import { notificationsRoute } from './notifications';
import { queueRoute } from './queue';

/**
 * Every WebSocket endpoint by name (`/ws/<name>`). Features register their
 * route here: marketdata, notifications, queue, graphql.
 */
export const realtimeRoutes: Record<string, RealtimeRoute> = {
  echo: echoRoute,
  graphql: graphqlRoute,
  marketdata: marketdataRoute,
  notifications: notificationsRoute,
  queue: queueRoute,
};

import { GraphQLError } from 'graphql';
import { makeServer } from 'graphql-ws';
import { rateLimitedError, takeApiBudget } from '../../api-limits';
import type { Principal } from '../../auth/principal';
import { createContext } from '../../graphql/context';
import { portalSchema } from '../../graphql/schema';
import { cachedParse, validateOperation } from '../../graphql/validation';
import { CLOSE_SLOW_CONSUMER, sendIfNotBackedUp } from '../send';
import type { RealtimeRoute } from '../types';

/**
 * `/ws/graphql`: GraphQL subscriptions (and queries) over the
 * graphql-transport-ws protocol, on the same schema and limits as
 * /api/graphql. A connection may hold MAX_SUBSCRIPTIONS at once, send at most
 * MAX_MESSAGES_PER_MINUTE frames, and fall at most MAX_BACKLOG behind.
 */

export const MAX_SUBSCRIPTIONS = 10;
const MAX_MESSAGES_PER_MINUTE = 120;
const MAX_BACKLOG = 256 * 1024;

interface Extra {
  principal: Principal;
}

const server = makeServer<Record<string, unknown> | undefined, Extra>({
  connectionInitWaitTimeout: 10_000,
  async onSubscribe(ctx, _id, payload) {
    if (Object.keys(ctx.subscriptions).length >= MAX_SUBSCRIPTIONS) {
      return [new GraphQLError(`At most ${MAX_SUBSCRIPTIONS} operations at once on one connection; complete some first.`)];
    }
    // Operations over the socket spend the same per-user budget as /api/graphql.
    const budget = await takeApiBudget('graphql', ctx.extra.principal.user.id);
    if (!budget.allowed)
      return [new GraphQLError(rateLimitedError(budget).message, { extensions: { code: 'RATE_LIMITED', retryAfterSeconds: budget.resetSeconds } })];
    const schema = portalSchema();
    let document;
    try {
      document = cachedParse(payload.query);
    } catch (err) {
      return [err instanceof GraphQLError ? err : new GraphQLError('The query could not be parsed.')];
    }
    const errors = validateOperation(schema, document, payload.variables);
    if (errors.length) return errors;
    return {
      schema,
      document,
      operationName: payload.operationName,
      variableValues: payload.variables,
      contextValue: createContext(ctx.extra.principal.user.id),
    };
  },
});

export const graphqlRoute: RealtimeRoute = {
  auth: 'required',
  scope: 'graphql',
  protocols: ['graphql-transport-ws'],
  maxPayload: 16 * 1024,
  maxPerUser: 5,
  onConnection(ws, ctx) {
    let windowStart = Date.now();
    let messages = 0;
    const closed = server.opened(
      {
        protocol: ws.protocol,
        send(data) {
          if (!sendIfNotBackedUp(ws, data, MAX_BACKLOG) && ws.readyState === ws.OPEN) {
            ws.close(CLOSE_SLOW_CONSUMER, 'slow consumer: read your subscription results faster');
          }
        },
        close: (code, reason) => ws.close(code, reason),
        onMessage(cb) {
          ws.on('message', (data, isBinary) => {
            const now = Date.now();
            if (now - windowStart > 60_000) {
              windowStart = now;
              messages = 0;
            }
            if (++messages > MAX_MESSAGES_PER_MINUTE) return ws.close(CLOSE_SLOW_CONSUMER, 'too many messages; at most 120 a minute');
            if (isBinary) return ws.close(4400, 'graphql-transport-ws messages are text');
            cb(String(data)).catch((err: unknown) => {
              ctx.log.error('graphql-ws message failed', { err });
              ws.close(1011, 'internal error');
            });
          });
        },
      },
      { principal: ctx.principal! },
    );
    ws.once('close', (code, reason) => void closed(code, reason.toString()));
  },
};

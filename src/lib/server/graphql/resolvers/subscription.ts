import { onChange } from '../../rest/events';
import type { GraphQLContext } from '../context';
import { pushIterator } from '../push-iterator';
import { feedOrError, marketView, type MarketView } from './market';

/**
 * Live streams: a market ticker (one tick whenever the best prices move or
 * a trade prints, newest only if the reader lags) and the learner's own todo
 * changes, whichever API made them.
 */

export const Subscription = {
  ticker: {
    subscribe: (_: unknown, args: { symbol: string }) => {
      const feed = feedOrError(args.symbol);
      return pushIterator<{ ticker: MarketView }>(
        (push) =>
          feed.subscribe({
            start(book) {
              push({ ticker: marketView(book) });
            },
            update(u, book) {
              if (u.top.length || u.events.some((e) => e.type === 'trade')) push({ ticker: marketView(book()) });
            },
            heartbeat() {},
          }),
        { conflate: true },
      );
    },
  },
  todoChanged: {
    subscribe: (_: unknown, __: unknown, ctx: GraphQLContext) =>
      pushIterator((push) =>
        onChange((c) => {
          if (c.viewerId !== ctx.viewerId || c.resource !== 'todos') return;
          push({ todoChanged: { kind: c.kind.toUpperCase(), id: c.id, todo: c.item } });
        }),
      ),
  },
};

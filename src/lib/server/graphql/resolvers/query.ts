import type { ResourceName } from '../../../shared/rest/types';
import { knownSymbols } from '../../marketdata/feed';
import { getItem, listItems } from '../../rest/store';
import type { GraphQLContext } from '../context';
import { filtersFrom, pageOf, type PageArgs } from '../paging';
import { feedOrError, marketView } from './market';

/** Root reads: `hello`, single records, paged lists, market snapshots. */

type Args = Record<string, unknown> & PageArgs;

const one = (resource: ResourceName) => (_: unknown, args: { id: number }, ctx: GraphQLContext) => getItem(ctx.viewerId, resource, args.id);

const list = (resource: ResourceName, filterFields: string[]) => async (_: unknown, args: Args, ctx: GraphQLContext) =>
  pageOf(resource, await listItems(ctx.viewerId, resource), args, filtersFrom(args, filterFields));

export const Query = {
  hello: (_: unknown, args: { name?: string | null }) => `Hello ${args.name ?? 'World'}`,
  todo: one('todos'),
  todos: list('todos', ['userId', 'completed']),
  post: one('posts'),
  posts: list('posts', ['userId']),
  comment: one('comments'),
  comments: list('comments', ['postId']),
  user: one('users'),
  users: list('users', []),
  symbols: () => knownSymbols(),
  market: async (_: unknown, args: { symbol: string }) => marketView(await feedOrError(args.symbol).snapshot()),
};

import DataLoader from 'dataloader';
import type { ResourceName, RestItem } from '../../shared/rest/types';
import { getItems, listByField } from '../rest/store';

/**
 * What every resolver gets: who is asking (their private copy of the data)
 * and per-request DataLoaders, so `users { todos }` reads the todos of all
 * users in one batch instead of one query per user.
 */

// A type alias (not an interface) so it satisfies graphql-http's Record-shaped context type.
export type GraphQLContext = {
  viewerId: number;
  loaders: Loaders;
};

export interface Loaders {
  byId: Record<'users' | 'posts', DataLoader<number, RestItem | null>>;
  /** Children grouped by parent id: todos and posts by userId, comments by postId. */
  todosByUser: DataLoader<number, RestItem[]>;
  postsByUser: DataLoader<number, RestItem[]>;
  commentsByPost: DataLoader<number, RestItem[]>;
}

function byIdLoader(viewerId: number, resource: ResourceName): DataLoader<number, RestItem | null> {
  return new DataLoader(async (ids) => {
    const found = getItems(viewerId, resource, ids);
    return ids.map((id) => found.get(id) ?? null);
  });
}

function groupLoader(viewerId: number, resource: ResourceName, field: string): DataLoader<number, RestItem[]> {
  return new DataLoader(async (ids) => {
    const groups = listByField(viewerId, resource, field, ids);
    return ids.map((id) => groups.get(id) ?? []);
  });
}

/** A fresh context for one operation (loaders cache only within it). */
export function createContext(viewerId: number): GraphQLContext {
  return {
    viewerId,
    loaders: {
      byId: { users: byIdLoader(viewerId, 'users'), posts: byIdLoader(viewerId, 'posts') },
      todosByUser: groupLoader(viewerId, 'todos', 'userId'),
      postsByUser: groupLoader(viewerId, 'posts', 'userId'),
      commentsByPost: groupLoader(viewerId, 'comments', 'postId'),
    },
  };
}

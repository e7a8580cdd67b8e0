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
    const found = await getItems(viewerId, resource, ids);
    return ids.map((id) => found.get(id) ?? null);
  });
}

function groupLoader(viewerId: number, resource: ResourceName, field: string): DataLoader<number, RestItem[]> {
  return new DataLoader(async (ids) => {
    const groups = await listByField(viewerId, resource, field, ids);
    return ids.map((id) => groups.get(id) ?? []);
  });
}

/**
 * Loaders made on first use: most operations (`{ hello }`, one todo) touch
 * none or one of them, and five DataLoaders per request were a measurable
 * part of answering `{ hello }`.
 */
class LazyLoaders implements Loaders {
  // Even the table of loaders and the byId object wait for a first use: `{ hello }` makes neither.
  private made: Map<string, unknown> | undefined;
  private ids: Loaders['byId'] | undefined;

  constructor(private readonly viewerId: number) {}

  get byId(): Loaders['byId'] {
    if (!this.ids) {
      const once = <T>(name: string, make: () => T): T => this.once(name, make);
      const viewerId = this.viewerId;
      this.ids = {
        get users() {
          return once('users', () => byIdLoader(viewerId, 'users'));
        },
        get posts() {
          return once('posts', () => byIdLoader(viewerId, 'posts'));
        },
      };
    }
    return this.ids;
  }

  private once<T>(name: string, make: () => T): T {
    this.made ??= new Map();
    let loader = this.made.get(name) as T | undefined;
    if (loader === undefined) {
      loader = make();
      this.made.set(name, loader);
    }
    return loader;
  }

  get todosByUser() {
    return this.once('todosByUser', () => groupLoader(this.viewerId, 'todos', 'userId'));
  }
  get postsByUser() {
    return this.once('postsByUser', () => groupLoader(this.viewerId, 'posts', 'userId'));
  }
  get commentsByPost() {
    return this.once('commentsByPost', () => groupLoader(this.viewerId, 'comments', 'postId'));
  }
}

/** A fresh context for one operation (loaders cache only within it, and are made when first used). */
export function createContext(viewerId: number): GraphQLContext {
  return { viewerId, loaders: new LazyLoaders(viewerId) };
}

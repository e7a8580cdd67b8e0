import type { Comment, Post, Todo, User } from '../../../shared/rest/types';
import type { GraphQLContext } from '../context';
import { filtersFrom, pageOf, type PageArgs } from '../paging';

/** Links between records, each through a DataLoader so lists of parents batch their children. */

export const Todo_ = {
  user: (t: Todo, _: unknown, ctx: GraphQLContext) => ctx.loaders.byId.users.load(t.userId),
};

export const Post_ = {
  user: (p: Post, _: unknown, ctx: GraphQLContext) => ctx.loaders.byId.users.load(p.userId),
  comments: async (p: Post, args: PageArgs, ctx: GraphQLContext) => pageOf('comments', await ctx.loaders.commentsByPost.load(p.id), args),
};

export const Comment_ = {
  post: (c: Comment, _: unknown, ctx: GraphQLContext) => ctx.loaders.byId.posts.load(c.postId),
};

export const User_ = {
  todos: async (u: User, args: PageArgs & { completed?: boolean | null }, ctx: GraphQLContext) =>
    pageOf('todos', await ctx.loaders.todosByUser.load(u.id), args, filtersFrom(args, ['completed'])),
  posts: async (u: User, args: PageArgs, ctx: GraphQLContext) => pageOf('posts', await ctx.loaders.postsByUser.load(u.id), args),
};

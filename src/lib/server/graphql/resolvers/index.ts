import { Mutation } from './mutation';
import { Query } from './query';
import { Comment_, Post_, Todo_, User_ } from './records';
import { Subscription } from './subscription';

/** Every resolver, by type, for makeExecutableSchema. */
export const resolvers = { Query, Mutation, Subscription, Todo: Todo_, Post: Post_, Comment: Comment_, User: User_ };

import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { resolvers } from './resolvers';
import { typeDefs } from './type-defs';

let cached: GraphQLSchema | undefined;

/** The portal's executable GraphQL schema (SDL in type-defs.ts plus resolvers), built once. */
export function portalSchema(): GraphQLSchema {
  cached ??= makeExecutableSchema({ typeDefs, resolvers });
  return cached;
}

import { serveGraphql } from '../graphql/http';
import { serveRest } from '../rest/http/entry';
import { REST_BASE } from '../rest/http/route';
import { createApiFastPath, type FastApi } from './index';

const restApi: FastApi = {
  route: '/api/rest/[...path]',
  matches: (p) => p === REST_BASE || p.startsWith(`${REST_BASE}/`),
  serve: serveRest,
};

const graphqlApi: FastApi = {
  route: '/api/graphql',
  matches: (p) => p === '/api/graphql',
  serve: serveGraphql,
};

/** The fast path server/web.ts mounts ahead of Astro: the REST and GraphQL APIs. */
export const serveApiFast = createApiFastPath([restApi, graphqlApi]);

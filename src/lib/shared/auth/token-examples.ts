import type { Scope } from '../scopes';

/**
 * A first command to try with a freshly created API token. It must succeed
 * with the scopes the token was given: `/api/me` needs `account:read`, so a
 * token for the REST API gets a REST call instead, and so on.
 */

/** One ready-to-paste command and what it shows. */
export interface TokenExample {
  scope: Scope;
  /** What the command answers, in a few words. */
  shows: string;
  command: string;
}

type Recipe = { shows: string; args: (origin: string) => string };

/** Checked in this order: the first scope the token carries picks the example. */
const RECIPES: readonly [Scope, Recipe][] = [
  ['account:read', { shows: 'who the token belongs to', args: (o) => `${o}/api/me` }],
  ['rest', { shows: 'a record from your copy of the REST data', args: (o) => `${o}/api/rest/todos/1` }],
  [
    'graphql',
    {
      shows: 'the GraphQL hello query',
      args: (o) => `-H "Content-Type: application/json" -d '{"query":"{ hello }"}' ${o}/api/graphql`,
    },
  ],
  [
    'crypto',
    {
      shows: 'the SHA-256 of "hello"',
      args: (o) => `-H "Content-Type: application/json" -d '{"algorithm":"sha256","data":"hello"}' ${o}/api/crypto/hash`,
    },
  ],
  ['notifications', { shows: 'your notification inbox', args: (o) => `${o}/api/notifications` }],
  ['queue', { shows: 'the notification queue statistics', args: (o) => `${o}/api/queue/stats` }],
  ['login-lab', { shows: "the login lesson's view of your sessions", args: (o) => `${o}/api/auth-lab/sessions` }],
  ['progress', { shows: 'your saved edits of the first lesson', args: (o) => `${o}/api/notebook/edits/a1-integration-protocols` }],
  [
    'realtime',
    {
      // curl cannot speak WebSocket frames, but the handshake alone shows the token is accepted (101).
      shows: 'the WebSocket handshake answering 101 Switching Protocols',
      args: (o) =>
        `-i -N --max-time 3 -H "Connection: Upgrade" -H "Upgrade: websocket" -H "Sec-WebSocket-Version: 13" -H "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==" ${o}/ws/echo`,
    },
  ],
];

/** The curl example for a token with these scopes (null when no scope has one). */
export function tokenExample(scopes: readonly Scope[], origin: string, token: string): TokenExample | null {
  const base = origin.replace(/\/+$/, '');
  for (const [scope, recipe] of RECIPES) {
    if (!scopes.includes(scope)) continue;
    return { scope, shows: recipe.shows, command: `curl -H "Authorization: Bearer ${token}" ${recipe.args(base)}` };
  }
  return null;
}

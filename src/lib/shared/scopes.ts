/**
 * What an API token may do. Browser sessions may do everything their user
 * may; tokens only what their scopes say. Account pages never accept tokens.
 */
export const SCOPES = {
  rest: 'REST API (/api/rest): read and change your private copy of the data',
  graphql: 'GraphQL (/api/graphql, /ws/graphql)',
  realtime: 'WebSocket feeds (/ws/echo, /ws/marketdata)',
  crypto: 'Crypto endpoints (/api/crypto)',
  notifications: 'Send notifications, read your inbox (/api/notifications, /ws/notifications)',
  queue: 'Queue statistics and your campaigns (/api/queue, /ws/queue)',
  'account:read': 'Read your sessions and tokens (never change them)',
  progress: 'Save notebook edits and lesson progress',
  'login-lab': "The login lesson's demonstrations (/api/auth-lab): your sessions without ids, logins on throwaway accounts",
} as const;

export type Scope = keyof typeof SCOPES;

/** Every scope name. */
export const ALL_SCOPES = Object.keys(SCOPES) as Scope[];

/** Type guard for a scope name. */
export function isScope(s: string): s is Scope {
  return Object.prototype.hasOwnProperty.call(SCOPES, s);
}

/** What a lesson token carries when its lesson declares no scopes: the learning APIs. */
export const DEFAULT_LESSON_SCOPES = ['rest', 'graphql', 'realtime', 'crypto', 'notifications', 'queue'] as const satisfies readonly Scope[];

/** The most a lesson token may ever carry: the learning APIs and the login lesson's read-only demonstrations. */
export const LESSON_TOKEN_SCOPES = [...DEFAULT_LESSON_SCOPES, 'login-lab'] as const satisfies readonly Scope[];

/** Ready-made scope sets the token form offers (and pre-ticks, for the lessons). */
export const SCOPE_PRESETS = {
  lessons: { label: "For the lessons' Python tabs", scopes: LESSON_TOKEN_SCOPES },
  'read-only': { label: 'Read-only: your account, nothing that changes data', scopes: ['account:read'] },
} as const satisfies Record<string, { label: string; scopes: readonly Scope[] }>;

export type ScopePreset = keyof typeof SCOPE_PRESETS;

/** The preset a query value names, or null. */
export function scopePreset(name: string | null): ScopePreset | null {
  return name !== null && Object.prototype.hasOwnProperty.call(SCOPE_PRESETS, name) ? (name as ScopePreset) : null;
}

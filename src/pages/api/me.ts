import type { APIRoute } from 'astro';
import { json } from '../../lib/server/http/errors';
import { requireScope } from '../../lib/server/auth/require-scope';

/** GET /api/me: who is calling (session, or a token with `account:read`). */
export const GET: APIRoute = ({ locals }) => {
  const principal = requireScope(locals.principal, 'account:read');
  const { user } = principal;
  return json({
    user: {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      createdAt: new Date(user.createdAt).toISOString(),
      twoFactorEnabled: user.twoFactorEnabled,
    },
    via:
      principal.kind === 'session'
        ? { kind: 'session' }
        : {
            kind: 'token',
            tokenKind: principal.token.kind,
            name: principal.token.name,
            scopes: principal.token.scopes,
            expiresAt: principal.token.expiresAt === null ? null : new Date(principal.token.expiresAt).toISOString(),
          },
  });
};

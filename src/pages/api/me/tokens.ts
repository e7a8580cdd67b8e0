import type { APIRoute } from 'astro';
import { json } from '../../../lib/server/http/errors';
import { listPersonalTokens } from '../../../lib/server/auth/api-tokens';
import { requireScope } from '../../../lib/server/auth/require-scope';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** GET /api/me/tokens: the caller's personal API tokens (names, scopes, dates; never a secret). */
export const GET: APIRoute = async ({ locals }) => {
  const principal = requireScope(locals.principal, 'account:read');
  const tokens = (await listPersonalTokens(principal.user.id)).map((t) => ({
    id: t.id,
    name: t.name,
    scopes: t.scopes,
    createdAt: iso(t.createdAt),
    expiresAt: iso(t.expiresAt),
    lastUsedAt: iso(t.lastUsedAt),
    revoked: t.revokedAt !== null,
  }));
  return json({ tokens });
};

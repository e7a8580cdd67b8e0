import type { APIRoute } from 'astro';
import { describeUserAgent } from '../../../lib/shared/auth/user-agent';
import { json } from '../../../lib/server/http/errors';
import { requireScope } from '../../../lib/server/auth/require-scope';
import { listUserSessions } from '../../../lib/server/auth/sessions';

const iso = (ms: number) => new Date(ms).toISOString();

/** GET /api/me/sessions: the caller's live browser sessions (read only; never the session secrets). */
export const GET: APIRoute = async ({ locals }) => {
  const principal = requireScope(locals.principal, 'account:read');
  const currentId = principal.kind === 'session' ? principal.session.id : null;
  const sessions = (await listUserSessions(principal.user.id)).map((s) => ({
    id: s.id,
    current: s.id === currentId,
    device: describeUserAgent(s.userAgent),
    ip: s.ip,
    createdAt: iso(s.createdAt),
    lastSeenAt: iso(s.lastSeenAt),
    idleExpiresAt: iso(s.idleExpiresAt),
    absoluteExpiresAt: iso(s.absoluteExpiresAt),
    twoFactorVerified: s.twoFactorVerified,
  }));
  return json({ sessions });
};

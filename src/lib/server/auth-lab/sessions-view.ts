import { describeUserAgent } from '../../shared/auth/user-agent';
import { listUserSessions } from '../auth/sessions';

/**
 * The caller's sessions as the login lesson shows them: enough to see what a
 * session is (when it started, from which device and network, when it ends)
 * and nothing that would help someone else: no session ids, and the address
 * cut to its network.
 */

/** One session, redacted. */
export interface SessionView {
  current: boolean;
  device: string;
  network: string;
  createdAt: string;
  lastSeenAt: string;
  idleExpiresAt: string;
  absoluteExpiresAt: string;
  twoFactorVerified: boolean;
}

/** An address cut to its network: 203.0.113.7 -> 203.0.113.x, 2001:db8:1:2::5 -> 2001:db8:1::/48. */
export function maskAddress(ip: string | null): string {
  if (!ip) return 'unknown';
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.x`;
  if (ip.includes(':')) {
    const groups = ip.split('::')[0]!.split(':').filter(Boolean).slice(0, 3);
    return `${groups.join(':') || '0'}::/48`;
  }
  return 'unknown';
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The user's live sessions, newest first; `currentSessionId` marks the caller's own browser session. */
export async function sessionViews(userId: number, currentSessionId: string | null, now = Date.now()): Promise<SessionView[]> {
  return (await listUserSessions(userId, now)).map((s) => ({
    current: s.id === currentSessionId,
    device: describeUserAgent(s.userAgent),
    network: maskAddress(s.ip),
    createdAt: iso(s.createdAt),
    lastSeenAt: iso(s.lastSeenAt),
    idleExpiresAt: iso(s.idleExpiresAt),
    absoluteExpiresAt: iso(s.absoluteExpiresAt),
    twoFactorVerified: s.twoFactorVerified,
  }));
}

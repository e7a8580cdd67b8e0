import type { InboxItem, JobView } from '../../shared/notifications/types';
import { findUserByEmail, findUserById, type User } from '../auth/users';
import { ApiError } from '../http/errors';
import { searchByRecipient } from './inbox';
import { findJobView } from './queue-admin';

/**
 * Dashboard search: a job id finds that job (the viewer's own, or any for an
 * administrator); a recipient (`me`, a user id, an email, or `s:<n>` for
 * synthetic mailbox n) finds the latest notifications delivered to them that
 * the viewer sent (any sender for an administrator).
 */

/** What a search found. */
export interface SearchResult {
  query: string;
  job: JobView | null;
  recipient: { id: number; label: string; items: InboxItem[] } | null;
}

async function recipientOf(q: string, viewer: User): Promise<{ id: number; label: string } | null> {
  if (q === 'me') return { id: viewer.id, label: viewer.email };
  const synthetic = /^s:(\d{1,7})$/i.exec(q);
  if (synthetic) return { id: -Number(synthetic[1]), label: `synthetic mailbox ${synthetic[1]}` };
  if (/^\d{1,10}$/.test(q)) {
    const id = Number(q);
    // Non-administrators get the same answer whether or not the id exists (only what they sent to it is listed).
    if (viewer.role !== 'admin' && id !== viewer.id) return { id, label: `user ${id}` };
    const u = await findUserById(id);
    return u ? { id: u.id, label: u.email } : null;
  }
  if (q.includes('@')) {
    const u = await findUserByEmail(q);
    // Non-administrators cannot learn whether an email has an account.
    if (u && (viewer.role === 'admin' || u.id === viewer.id)) return { id: u.id, label: u.email };
  }
  return null;
}

/** Search by job id or recipient. */
export async function searchQueue(viewer: User, raw: string | null): Promise<SearchResult> {
  const q = (raw ?? '').trim();
  if (!q || q.length > 200)
    throw new ApiError(400, 'invalid_request', 'q must be a job id or a recipient (me, a user id, an email, s:<n>), 1-200 characters.', {
      fields: { q: 'is required' },
    });
  const job = /^[\w:.-]{1,120}$/.test(q) ? await findJobView(viewer, q) : null;
  const r = await recipientOf(q, viewer);
  const recipient = r ? { ...r, items: searchByRecipient(r.id, viewer.role === 'admin' ? null : viewer.id, 20) } : null;
  return { query: q, job, recipient };
}

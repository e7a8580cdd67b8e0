import type { InboxItem } from '../../shared/notifications/types';
import { log } from '../log';
import { latestSeq, listInbox, unreadCount } from './inbox';

/** What the header bell is rendered with: the latest items, the unread count and the seq to sync from. */
export interface BellState {
  items: InboxItem[];
  unread: number;
  latestSeq: number;
}

const blog = log.child({ mod: 'bell' });

/**
 * The bell's first state for a page. A database that does not answer must
 * not take the page down: the bell renders empty (its socket syncs once the
 * database is back) and the failure is logged.
 */
export async function bellState(userId: number): Promise<BellState> {
  try {
    const [items, unread, seq] = await Promise.all([listInbox(userId, { limit: 8 }), unreadCount(userId), latestSeq(userId)]);
    return { items, unread, latestSeq: seq };
  } catch (err) {
    blog.warn('bell could not read the inbox; rendering it empty', { userId, err });
    return { items: [], unread: 0, latestSeq: 0 };
  }
}

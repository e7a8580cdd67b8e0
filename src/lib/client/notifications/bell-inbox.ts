import type { InboxItem } from '../../shared/notifications/types';

/** How many notifications the bell lists. */
export const SHOWN = 8;

/** What the page embeds for the bell to start from (NotificationBell.astro). */
export interface BellStart {
  items: InboxItem[];
  unread: number;
  latestSeq: number;
}

/**
 * The bell's copy of the reader's inbox: items keyed by id (so nothing shows
 * twice, whatever order the socket and the page deliver them in), the unread
 * count, and the newest seq seen (the socket reconnects from there).
 */
export class BellInbox {
  private readonly items: Map<string, InboxItem>;
  unread: number;
  /** The newest seq seen: the socket asks for everything after it. */
  cursor: number;

  constructor(start: BellStart) {
    this.items = new Map(start.items.map((i) => [i.id, i]));
    this.unread = start.unread;
    this.cursor = start.latestSeq;
  }

  /** Whether there is nothing to list. */
  get empty(): boolean {
    return this.items.size === 0;
  }

  /** Add an item the server sent; false when it was already here. */
  add(i: InboxItem): boolean {
    this.cursor = Math.max(this.cursor, i.seq);
    if (this.items.has(i.id)) return false;
    this.items.set(i.id, i);
    // Keep memory bounded on a page left open for days.
    if (this.items.size > SHOWN * 4) {
      const oldest = [...this.items.values()].sort((a, b) => a.seq - b.seq).slice(0, this.items.size - SHOWN * 2);
      for (const o of oldest) this.items.delete(o.id);
    }
    return true;
  }

  /** Mark items (or all) read, taking the server's unread count. */
  markRead(ids: string[] | 'all', unread: number): void {
    const now = Date.now();
    for (const i of this.items.values()) if (i.readAt === null && (ids === 'all' || ids.includes(i.id))) i.readAt = now;
    this.unread = unread;
  }

  /** The newest SHOWN items, newest first. */
  newest(): InboxItem[] {
    return [...this.items.values()].sort((a, b) => b.seq - a.seq).slice(0, SHOWN);
  }
}

import type { Priority } from '../../shared/notifications/types';

/** Data of the jobs on the notification queues (kept small: ids and ranges, never a million recipients). */

/** One notification to one recipient. */
export interface SendJobData {
  id: string;
  senderId: number;
  recipientId: number;
  title: string;
  body: string;
  priority: Priority;
  enqueuedAt: number;
  webhook: boolean;
  /** The id of the request that queued it, so the worker's lines carry it too. */
  reqId?: string;
}

/** Fan a campaign out into chunk jobs. */
export interface FanoutJobData {
  campaignId: number;
  ownerId: number;
  /** Explicit user ids (at most 1,000), or every user. Synthetic campaigns ignore it. */
  userIds: number[] | 'all' | null;
  /** Priority of a campaign to users (load tests take theirs from the mix). */
  priority: Priority;
}

/** Who a chunk delivers to. */
export type ChunkRecipients =
  { kind: 'synthetic'; from: number; to: number } | { kind: 'users'; userIds: number[] } | { kind: 'range'; fromId: number; toId: number };

/** Deliver one chunk of a campaign. */
export interface ChunkJobData {
  campaignId: number;
  ownerId: number;
  chunk: number;
  recipients: ChunkRecipients;
  priority: Priority;
  failureRate: number;
  enqueuedAt: number;
}

/** Call the recipient's webhook about one delivered notification. */
export interface WebhookJobData {
  notificationId: string;
  userId: number;
  senderId: number;
  /** The webhook as it was when the call was queued: a retry never goes anywhere else. */
  url: string;
  hookCreatedAt: number;
  /** The id of the request that queued the notification (see SendJobData). */
  reqId?: string;
}

/** A short description of a job for the dead-letter view. */
export function describeJob(name: string, data: unknown): { ownerId: number | null; summary: string } {
  const d = (data ?? {}) as Partial<SendJobData & ChunkJobData & FanoutJobData & WebhookJobData>;
  switch (name) {
    case 'send':
      return { ownerId: d.senderId ?? null, summary: `to user ${d.recipientId}: ${String(d.title ?? '').slice(0, 60)}` };
    case 'chunk': {
      const r = d.recipients;
      const who = !r
        ? ''
        : r.kind === 'synthetic'
          ? `recipients ${r.from + 1}-${r.to}`
          : r.kind === 'users'
            ? `${r.userIds.length} users`
            : `users ${r.fromId}-${r.toId}`;
      return { ownerId: d.ownerId ?? null, summary: `campaign ${d.campaignId} chunk ${d.chunk} (${who})` };
    }
    case 'fanout':
      return { ownerId: d.ownerId ?? null, summary: `fan-out of campaign ${d.campaignId}` };
    case 'webhook':
      return { ownerId: d.senderId ?? null, summary: `webhook of user ${d.userId} for ${d.notificationId}` };
    default:
      return { ownerId: null, summary: name };
  }
}

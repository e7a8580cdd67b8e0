/**
 * Shapes the notification API, the inbox socket and the queue dashboard
 * exchange; pure types and constants, usable on both sides.
 */

/** How urgent a notification is; high ones overtake queued campaign work. */
export type Priority = 'high' | 'normal' | 'low';

/** Every priority, most urgent first. */
export const PRIORITIES: readonly Priority[] = ['high', 'normal', 'low'];

/** BullMQ priority numbers (lower runs first; 0 would jump ahead of all, so it is never used). */
export const BULL_PRIORITY: Record<Priority, number> = { high: 1, normal: 5, low: 10 };

/** Limits on what a notification may carry. */
export const LIMITS = {
  titleChars: 120,
  bodyChars: 2000,
  idempotencyKeyChars: 200,
  recipientsPerCampaign: 1000,
  syntheticPerCampaign: 100_000,
  syntheticPerCampaignAdmin: 1_000_000,
  webhookUrlChars: 2000,
} as const;

/** One notification in a user's inbox. */
export interface InboxItem {
  /** The notification id: the same id is never delivered twice. */
  id: string;
  /** Position in the recipient's inbox; clients catch up with `?after=<seq>`. */
  seq: number;
  title: string;
  body: string;
  priority: Priority;
  senderId: number | null;
  enqueuedAt: number;
  deliveredAt: number;
  readAt: number | null;
}

/** Messages the server sends on `/ws/notifications`. */
export type InboxServerMessage =
  | { type: 'sync'; items: InboxItem[]; unread: number; latestSeq: number; more: boolean }
  | { type: 'notification'; item: InboxItem }
  | { type: 'read'; ids: string[] | 'all'; unread: number }
  | { type: 'error'; message: string };

/** Messages a client sends on `/ws/notifications`. */
export type InboxClientMessage = { type: 'sync'; after: number } | { type: 'ping' };

/** Job counts per BullMQ state. */
export interface QueueCounts {
  waiting: number;
  prioritized: number;
  active: number;
  delayed: number;
  completed: number;
  failed: number;
}

/** Enqueue-to-delivered latency of recent deliveries, per priority, in ms. */
export interface LatencyStats {
  samples: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** What a worker process says about itself on each heartbeat. */
export interface WorkerStatus {
  id: string;
  pid: number;
  host: string;
  startedAt: number;
  lastBeatAt: number;
  processed: number;
  failed: number;
  /** Jobs in hand at the moment of the beat. */
  active: number;
  rssBytes: number;
}

/** A live worker process as the dashboard shows it (the heartbeat without the instantaneous `active`). */
export type WorkerStats = Omit<WorkerStatus, 'active'>;

/** A worker as one viewer sees it: `label` is `host:pid` for administrators and `worker N` for everyone else. */
export type WorkerView = Omit<WorkerStats, 'id' | 'host' | 'pid'> & { label: string };

/** A campaign with its progress. */
export interface CampaignView {
  id: number;
  ownerId: number;
  title: string;
  audience: 'users' | 'synthetic';
  total: number;
  delivered: number;
  failed: number;
  chunks: number;
  chunksFinished: number;
  status: 'queued' | 'running' | 'done';
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  /** Notifications per second since the campaign started (or over its whole run once done). */
  rate: number;
  /** Seconds until done at the current rate; null when unknown or done. */
  etaSeconds: number | null;
}

/** A job that failed after its last attempt (the dead-letter view). */
export interface FailedJobView {
  id: string;
  name: string;
  ownerId: number | null;
  summary: string;
  error: string;
  attempts: number;
  failedAt: number | null;
}

/** A job as the search and `GET /api/queue/jobs/<id>` show it; `attempts` is BullMQ's attemptsMade (the successful one included). */
export interface JobView {
  id: string;
  queue: string;
  name: string;
  state: string;
  summary: string;
  attempts: number;
  error: string | null;
  createdAt: number;
  /** When a worker took it (its last attempt); `finishedAt - startedAt` is what `job_duration_seconds` measures. */
  startedAt: number | null;
  finishedAt: number | null;
}

/** What `/ws/queue` pushes every second and `GET /api/queue/stats` returns. */
export interface QueueSnapshot {
  type: 'snapshot';
  at: number;
  redis: { ok: true; usedMemoryBytes: number | null } | { ok: false; message: string };
  paused: boolean;
  counts: QueueCounts | null;
  /** Delivered notifications per second, oldest first, one point per second ending at `at`. */
  throughput: { start: number; points: number[] };
  latency: Record<Priority, LatencyStats>;
  workers: WorkerView[];
  campaigns: CampaignView[];
  failed: FailedJobView[];
  /** Whether the viewer may use queue-wide controls (pause, any job). */
  admin: boolean;
}

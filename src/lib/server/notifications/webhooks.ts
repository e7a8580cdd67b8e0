import { createHmac, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { UnrecoverableError, type Job } from 'bullmq';
import { LIMITS } from '../../shared/notifications/types';
import { getConfig } from '../config';
import { getDb } from '../db/connection';
import { ApiError } from '../http/errors';
import { getItems } from './inbox';
import { isNonPublicAddress } from '../http/ip-address';
import { postWebhook } from './webhook-post';
import type { WebhookJobData } from './jobs';

/**
 * The optional webhook channel: a user registers a URL and receives each
 * notification as a JSON POST signed with HMAC-SHA256 over
 * `<timestamp>.<body>` with a secret only they and the portal know, so the
 * receiver can tell it came from here and is fresh. Failed calls are retried
 * with exponential back-off; the notification id rides along as
 * `Idempotency-Key` because a retried call may arrive twice. In production
 * only public hosts are called (webhook-post.ts checks at connect time too).
 */

/** Name of the signature header. */
export const SIGNATURE_HEADER = 'interview-lab-signature';

/** A user's webhook. */
export interface WebhookConfig {
  url: string;
  secret: string;
  createdAt: number;
}

/** The signature header value for a body sent at `timestamp` (seconds). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

function privateHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.internal')) return true;
  return isIP(h) !== 0 && isNonPublicAddress(h);
}

/** Validate a webhook URL: http(s), no credentials; in production no loopback or private addresses. */
export function parseWebhookUrl(value: unknown): string {
  if (typeof value !== 'string' || value.length > LIMITS.webhookUrlChars) {
    throw new ApiError(400, 'invalid_request', `url must be a string of at most ${LIMITS.webhookUrlChars} characters.`, { fields: { url: 'is not a URL' } });
  }
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new ApiError(400, 'invalid_request', 'url is not an absolute URL.', { fields: { url: 'is not an absolute URL' } });
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new ApiError(400, 'invalid_request', 'url must use http or https.', { fields: { url: 'must use http or https' } });
  if (u.username || u.password) throw new ApiError(400, 'invalid_request', 'url must not contain credentials.', { fields: { url: 'must not contain credentials' } });
  // Outside production a local receiver is the normal way to try this out.
  if (getConfig().isProduction && privateHost(u.hostname)) {
    throw new ApiError(400, 'invalid_request', 'url must point to a public host.', { fields: { url: 'must point to a public host' } });
  }
  return u.toString();
}

/** A user's webhook, or null. */
export function getWebhook(userId: number): WebhookConfig | null {
  const r = getDb().prepare('SELECT url, secret, created_at FROM notification_webhooks WHERE user_id = ?').get(userId) as
    | { url: string; secret: string; created_at: number }
    | undefined;
  return r ? { url: r.url, secret: r.secret, createdAt: r.created_at } : null;
}

/** Set (or replace) a user's webhook; a new secret is made each time. */
export function setWebhook(userId: number, url: string, now = Date.now()): WebhookConfig {
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  getDb()
    .prepare(
      `INSERT INTO notification_webhooks (user_id, url, secret, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET url = excluded.url, secret = excluded.secret, created_at = excluded.created_at`,
    )
    .run(userId, url, secret, now);
  return { url, secret, createdAt: now };
}

/** Remove a user's webhook; false when there was none. */
export function deleteWebhook(userId: number): boolean {
  return getDb().prepare('DELETE FROM notification_webhooks WHERE user_id = ?').run(userId).changes === 1;
}

/** Worker side: POST one notification to the recipient's webhook. */
export async function processWebhook(job: Job<WebhookJobData>): Promise<{ status: number } | { skipped: string }> {
  const hook = getWebhook(job.data.userId);
  if (!hook) return { skipped: 'no webhook configured' };
  const [item] = getItems([job.data.notificationId]);
  if (!item) throw new UnrecoverableError(`notification ${job.data.notificationId} is not in the inbox`);
  const body = JSON.stringify({ type: 'notification', attempt: job.attemptsMade + 1, notification: item });
  const ts = Math.floor(Date.now() / 1000);
  let status: number;
  try {
    status = await postWebhook(
      hook.url,
      {
        'content-type': 'application/json',
        'user-agent': 'InterviewLab-Webhook/1',
        'idempotency-key': item.id,
        [SIGNATURE_HEADER]: signWebhook(hook.secret, ts, body),
      },
      body,
      { publicOnly: getConfig().isProduction, timeoutMs: 5000 },
    );
  } catch (err) {
    throw new Error(`webhook unreachable: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (status >= 200 && status < 300) return { status };
  // A receiver that says the request itself is wrong will not change its mind on a retry.
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
    throw new UnrecoverableError(`webhook answered ${status}; not retried`);
  }
  throw new Error(`webhook answered ${status}`);
}

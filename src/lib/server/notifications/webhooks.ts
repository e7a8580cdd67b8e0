import { createHmac, randomBytes } from 'node:crypto';
import { UnrecoverableError, type Job } from 'bullmq';
import { LIMITS } from '../../shared/notifications/types';
import { getConfig } from '../config';
import { getKysely } from '../db/database';
import { changed } from '../db/query';
import { ApiError } from '../http/errors';
import { log } from '../log';
import { getItems } from './inbox';
import { postWebhook, resolvePublicAddresses } from './webhook-post';
import type { WebhookJobData } from './jobs';

/**
 * The optional webhook channel: a user registers a URL and receives each
 * notification as a JSON POST signed with HMAC-SHA256 over
 * `<timestamp>.<body>` with a secret only they and the portal know, so the
 * receiver can tell it came from here and is fresh. Failed calls are retried
 * with exponential back-off; the notification id rides along as
 * `Idempotency-Key` because a retried call may arrive twice. In production
 * only public hosts are called: the host is resolved when the URL is saved,
 * and webhook-post.ts checks again at connect time. What went wrong on a
 * failed call stays in the server log: the user sees one generic failure,
 * so the webhook cannot be used to scan which ports answer.
 */

const wlog = log.child({ mod: 'webhooks' });

/** The one failure text users see for a webhook call. */
export const WEBHOOK_FAILED = 'webhook delivery failed';

/** How long the save-time DNS check may take. */
const RESOLVE_TIMEOUT_MS = 3000;

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

function invalidUrl(message: string, field: string): ApiError {
  return new ApiError(400, 'invalid_request', message, { fields: { url: field } });
}

/** Production: the host must resolve, and only to public addresses (IP literals included). */
async function requirePublicHost(hostname: string): Promise<void> {
  const h = hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.internal') || h.endsWith('.local')) {
    throw invalidUrl('url must point to a public host.', 'must point to a public host');
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('lookup timed out'), { code: 'ETIMEOUT' })), RESOLVE_TIMEOUT_MS);
  });
  try {
    await Promise.race([resolvePublicAddresses(hostname), timeout]);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTPUBLIC') throw invalidUrl('url must point to a public host.', 'must point to a public host');
    throw invalidUrl('url names a host that could not be resolved.', 'host could not be resolved');
  } finally {
    clearTimeout(timer);
  }
}

/** Validate a webhook URL: http(s), no credentials; in production a host that resolves to public addresses only. */
export async function parseWebhookUrl(value: unknown): Promise<string> {
  if (typeof value !== 'string' || value.length > LIMITS.webhookUrlChars) {
    throw invalidUrl(`url must be a string of at most ${LIMITS.webhookUrlChars} characters.`, 'is not a URL');
  }
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw invalidUrl('url is not an absolute URL.', 'is not an absolute URL');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw invalidUrl('url must use http or https.', 'must use http or https');
  if (u.username || u.password) throw invalidUrl('url must not contain credentials.', 'must not contain credentials');
  // Outside production a local receiver is the normal way to try this out.
  if (getConfig().isProduction) await requirePublicHost(u.hostname);
  return u.toString();
}

/** A user's webhook, or null. */
export async function getWebhook(userId: number): Promise<WebhookConfig | null> {
  const r = await getKysely()
    .selectFrom('notification_webhooks')
    .select(['url', 'secret', 'created_at'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r ? { url: r.url, secret: r.secret, createdAt: r.created_at } : null;
}

/** Set (or replace) a user's webhook; a new secret is made each time. */
export async function setWebhook(userId: number, url: string, now = Date.now()): Promise<WebhookConfig> {
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  await getKysely()
    .insertInto('notification_webhooks')
    .values({ user_id: userId, url, secret, created_at: now })
    .onConflict((oc) =>
      oc
        .column('user_id')
        .doUpdateSet((eb) => ({ url: eb.ref('excluded.url'), secret: eb.ref('excluded.secret'), created_at: eb.ref('excluded.created_at') })),
    )
    .execute();
  return { url, secret, createdAt: now };
}

/** Remove a user's webhook; false when there was none. */
export async function deleteWebhook(userId: number): Promise<boolean> {
  return changed(await getKysely().deleteFrom('notification_webhooks').where('user_id', '=', userId).executeTakeFirst()) === 1;
}

/** Worker side: POST one notification to the webhook that was set when the call was queued. */
export async function processWebhook(job: Job<WebhookJobData>): Promise<{ status: number } | { skipped: string }> {
  const hook = await getWebhook(job.data.userId);
  if (!hook) return { skipped: 'no webhook configured' };
  // A retry must not follow the user to a URL they set later (or call one they removed): same URL, same registration, or nothing.
  if (hook.url !== job.data.url || hook.createdAt !== job.data.hookCreatedAt) return { skipped: 'the webhook changed after this call was queued' };
  const [item] = await getItems([job.data.notificationId]);
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
    // The URL is the user's own; log.ts strips anything secret-looking from its query.
    wlog.warn('webhook unreachable', { jobId: job.id, userId: job.data.userId, url: hook.url, err });
    // Refused addresses will not become public on a retry.
    if ((err as NodeJS.ErrnoException).code === 'ENOTPUBLIC') throw new UnrecoverableError(WEBHOOK_FAILED);
    throw new Error(WEBHOOK_FAILED, { cause: err });
  }
  if (status >= 200 && status < 300) return { status };
  wlog.warn('webhook answered with an error', { jobId: job.id, userId: job.data.userId, status });
  // A receiver that says the request itself is wrong will not change its mind on a retry.
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) throw new UnrecoverableError(WEBHOOK_FAILED);
  throw new Error(WEBHOOK_FAILED);
}

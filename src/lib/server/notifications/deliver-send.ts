import { UnrecoverableError, type Job } from 'bullmq';
import { findUserById } from '../auth/users';
import { getDb } from '../db/connection';
import { getRedis } from '../redis/client';
import { getItems, insertDeliveries, insertMessage } from './inbox';
import type { SendJobData, WebhookJobData } from './jobs';
import { publishItems } from './live';
import { recordDelivery } from './metrics';
import { getQueue, JOB, WEBHOOK_JOB_OPTS, WEBHOOKS_QUEUE } from './queue';
import { getWebhook } from './webhooks';

/**
 * Worker side of a single notification: write message and inbox row in one
 * transaction (a rerun inserts nothing), push it to the recipient's open
 * sockets, count it, and queue the webhook call when one was asked for.
 */
export async function processSend(job: Job<SendJobData>): Promise<{ inserted: boolean }> {
  const d = job.data;
  if (!(await findUserById(d.recipientId))) throw new UnrecoverableError(`user ${d.recipientId} does not exist`);
  const db = getDb();
  const now = Date.now();
  const { inserted } = db
    .transaction(() => {
      insertMessage({ id: d.id, senderId: d.senderId, title: d.title, body: d.body, priority: d.priority, createdAt: d.enqueuedAt }, db);
      return insertDeliveries([{ id: d.id, recipientId: d.recipientId, messageId: d.id, enqueuedAt: d.enqueuedAt }], now, db);
    })
    .immediate();
  const redis = await getRedis();
  // Pushed even on a rerun: the client drops ids it already shows, and a rerun
  // after a crash between commit and publish would otherwise never push.
  const [item] = getItems([d.id], db);
  if (item) await publishItems(redis, [{ recipientId: d.recipientId, item }]);
  if (inserted) await recordDelivery(redis, 1, d.priority, now - d.enqueuedAt, now);
  const hook = d.webhook ? getWebhook(d.recipientId) : null;
  if (hook) {
    const data: WebhookJobData = {
      notificationId: d.id,
      userId: d.recipientId,
      senderId: d.senderId,
      url: hook.url,
      hookCreatedAt: hook.createdAt,
      reqId: d.reqId,
    };
    await getQueue(WEBHOOKS_QUEUE).add(JOB.webhook, data, { ...WEBHOOK_JOB_OPTS, jobId: `wh-${d.id}` });
  }
  return { inserted: inserted === 1 };
}

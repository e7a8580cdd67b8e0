import { randomBytes } from 'node:crypto';
import { BULL_PRIORITY, LIMITS, type CampaignView } from '../../shared/notifications/types';
import { findUserById, type User } from '../auth/users';
import { getDb } from '../db/connection';
import { ApiError } from '../http/errors';
import { currentRequestId } from '../log';
import { timeAsync } from '../metrics/server-timing';
import { getRedis } from '../redis/client';
import { activeCampaignCount, deleteCampaign, getCampaignView, insertCampaign } from './campaigns';
import { runIdempotent, sha256Hex, type StoredAnswer } from './idempotency';
import type { FanoutJobData, SendJobData } from './jobs';
import { assertRedis, CHUNK_SIZE, FANOUT_JOB_OPTS, getQueue, JOB, NOTIFICATIONS_QUEUE, SEND_JOB_OPTS, withTimeout } from './queue';
import { enforceRateLimit } from './rate-limit';
import type { CampaignInput, SendInput } from './validate';
import { getWebhook } from './webhooks';

/**
 * The producer side, used by the API: checks who may send what, then puts a
 * job on the queue and answers 202. Nothing is written to an inbox here;
 * the worker does that, so a burst of requests never waits on delivery.
 */

/** Sends per minute per user (administrators are not limited: they run the benchmarks). */
const SENDS_PER_MINUTE = 600;
const CAMPAIGNS_PER_MINUTE = 20;
/** Unfinished campaigns a user may have at once. */
const ACTIVE_CAMPAIGNS = 3;

function isAdmin(u: User): boolean {
  return u.role === 'admin';
}

/** The notification id: derived from the Idempotency-Key when there is one, so even the queue dedupes it. */
export function notificationId(userId: number, idempotencyKey: string | null): string {
  if (idempotencyKey)
    return `n${Buffer.from(sha256Hex(`${userId}:${idempotencyKey}`), 'hex')
      .toString('base64url')
      .slice(0, 22)}`;
  return `n${randomBytes(16).toString('base64url')}`;
}

/** Queue one notification; answers 202 with its id (replayed for a repeated Idempotency-Key). */
export async function sendNotification(sender: User, input: SendInput, idempotencyKey: string | null): Promise<StoredAnswer & { replayed: boolean }> {
  assertRedis();
  const recipientId = input.recipient === 'me' ? sender.id : input.recipient;
  if (recipientId !== sender.id && !isAdmin(sender)) {
    throw new ApiError(403, 'forbidden', 'You may send notifications to yourself ("me"); only administrators may send to other users.');
  }
  if (!(await findUserById(recipientId)))
    throw new ApiError(404, 'not_found', `There is no user ${recipientId}.`, { fields: { recipient: 'no such user' } });
  if (input.webhook && !getWebhook(recipientId)) {
    throw new ApiError(400, 'invalid_request', 'The recipient has no webhook; set one with PUT /api/notifications/webhook first.', {
      fields: { channels: 'no webhook configured' },
    });
  }
  const redis = await withTimeout(getRedis(), 5000, 'Redis');
  if (!isAdmin(sender)) await withTimeout(enforceRateLimit(redis, 'send', sender.id, SENDS_PER_MINUTE, 60_000));
  const fingerprint = sha256Hex(JSON.stringify([recipientId, input.title, input.body, input.priority, input.webhook]));
  return runIdempotent(redis, { userId: sender.id, scope: 'send', key: idempotencyKey, fingerprint }, async () => {
    const id = notificationId(sender.id, idempotencyKey);
    const enqueuedAt = Date.now();
    const data: SendJobData = {
      id,
      senderId: sender.id,
      recipientId,
      title: input.title,
      body: input.body,
      priority: input.priority,
      enqueuedAt,
      webhook: input.webhook,
      reqId: currentRequestId(),
    };
    await timeAsync('queue', () =>
      withTimeout(getQueue(NOTIFICATIONS_QUEUE).add(JOB.send, data, { ...SEND_JOB_OPTS, jobId: id, priority: BULL_PRIORITY[input.priority] })),
    );
    return {
      status: 202,
      body: {
        id,
        status: 'queued',
        recipient: recipientId,
        priority: input.priority,
        channels: input.webhook ? ['inbox', 'webhook'] : ['inbox'],
        enqueuedAt,
      },
    };
  });
}

function checkCampaignAudience(owner: User, input: CampaignInput): void {
  const a = input.audience;
  if (a.kind === 'synthetic') {
    if (!isAdmin(owner) && a.count > LIMITS.syntheticPerCampaign) {
      throw new ApiError(
        403,
        'forbidden',
        `Load tests are limited to ${LIMITS.syntheticPerCampaign.toLocaleString('en')} recipients; administrators may run up to ${LIMITS.syntheticPerCampaignAdmin.toLocaleString('en')}.`,
        {
          fields: { 'synthetic.count': `must be at most ${LIMITS.syntheticPerCampaign}` },
        },
      );
    }
    return;
  }
  if (!isAdmin(owner) && (a.userIds === 'all' || a.userIds.some((id) => id !== owner.id))) {
    throw new ApiError(403, 'forbidden', 'Only administrators may send campaigns to other users; use a load test ("synthetic") instead.');
  }
  if (a.userIds !== 'all') {
    const ids = a.userIds;
    const known = new Set(
      getDb()
        .prepare(`SELECT id FROM users WHERE id IN (${ids.map(() => '?').join(',')})`)
        .pluck()
        .all(...ids) as number[],
    );
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) {
      throw new ApiError(400, 'invalid_request', `Unknown user ids: ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ', ...' : ''}.`, {
        fields: { recipients: 'contains unknown user ids' },
      });
    }
  }
}

/** Create a campaign and queue its fan-out; answers 202 with the campaign. */
export async function startCampaign(owner: User, input: CampaignInput, idempotencyKey: string | null): Promise<StoredAnswer & { replayed: boolean }> {
  assertRedis();
  checkCampaignAudience(owner, input);
  const redis = await withTimeout(getRedis(), 5000, 'Redis');
  if (!isAdmin(owner)) await withTimeout(enforceRateLimit(redis, 'campaign', owner.id, CAMPAIGNS_PER_MINUTE, 60_000));
  const fingerprint = sha256Hex(JSON.stringify(input));
  return runIdempotent(redis, { userId: owner.id, scope: 'campaign', key: idempotencyKey, fingerprint }, async () => {
    if (!isAdmin(owner) && activeCampaignCount(owner.id) >= ACTIVE_CAMPAIGNS) {
      throw new ApiError(429, 'too_many_campaigns', `You have ${ACTIVE_CAMPAIGNS} campaigns still running; wait for one to finish.`, {
        headers: { 'retry-after': '10' },
      });
    }
    const a = input.audience;
    const total = a.kind === 'synthetic' ? a.count : a.userIds === 'all' ? 0 : a.userIds.length;
    const campaign = insertCampaign({
      ownerId: owner.id,
      title: input.title,
      body: input.body,
      priority: input.priority,
      audience: a.kind,
      total,
      chunkSize: CHUNK_SIZE,
      failureRate: a.kind === 'synthetic' ? a.failureRate : 0,
      priorityMix: a.kind === 'synthetic' ? a.mix : { high: 0, normal: 0, low: 0, [input.priority]: 1 },
    });
    const data: FanoutJobData = {
      campaignId: campaign.id,
      ownerId: owner.id,
      userIds: a.kind === 'users' ? a.userIds : null,
      priority: input.priority,
    };
    try {
      await timeAsync('queue', () =>
        withTimeout(
          getQueue(NOTIFICATIONS_QUEUE).add(JOB.fanout, data, {
            ...FANOUT_JOB_OPTS,
            jobId: `c${campaign.id}-fanout`,
            priority: BULL_PRIORITY[input.priority],
          }),
        ),
      );
    } catch (err) {
      // The campaign was never queued: remove it so nothing half-made remains.
      deleteCampaign(campaign.id);
      throw err;
    }
    const view = getCampaignView(campaign.id) as CampaignView;
    return { status: 202, body: { campaign: view } };
  });
}

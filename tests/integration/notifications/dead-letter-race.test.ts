import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChunkJobData } from '../../../src/lib/server/notifications/jobs';
import { createAccount, type TestAccount } from '../../helpers/accounts';
import { startPortal, type PortalProcess } from '../../helpers/portal';
import { api, openPortalQueues, until, type PortalQueues } from './helpers';

/**
 * Double clicks on the dead-letter view's buttons: the same failed job
 * retried or removed by several requests at once gets one success and
 * clear 409s / 404s for the rest, never a 500 and never a second effect.
 */

let portal: PortalProcess;
let alice: TestAccount;
let queue: Queue;
let queues: PortalQueues;

/** A chunk job of a campaign that does not exist: the worker fails it on its only attempt. */
async function failedJob(id: string): Promise<void> {
  const data: ChunkJobData = {
    campaignId: 987_654,
    ownerId: alice.user.id,
    chunk: 0,
    recipients: { kind: 'synthetic', from: 0, to: 50 },
    priority: 'normal',
    failureRate: 0.9,
    enqueuedAt: Date.now(),
  };
  await queue.add('chunk', data, { jobId: id, priority: 5, attempts: 1 });
}

beforeAll(async () => {
  portal = await startPortal({ workers: 1 });
  alice = await createAccount(portal.dataDir);
  queues = await openPortalQueues(portal);
  queue = queues.queue();
});
afterAll(async () => {
  await queues?.close();
  await portal?.stop();
});

describe('retry and remove of one failed job, at the same time', () => {
  it('answers one 200 and 409/404 for the others, never a 500', async () => {
    const ids = ['race-retry', 'race-remove', 'race-both'];
    for (const id of ids) await failedJob(id);
    await until(async () => (await Promise.all(ids.map(async (id) => (await queue.getJob(id))?.getState()))).every((s) => s === 'failed'), 20_000, 'jobs failed');
    // Paused, a retried job stays waiting instead of failing again at once and becoming retryable.
    await queue.pause();
    try {
      const retries = await Promise.all(Array.from({ length: 4 }, () => api(portal.url, alice.token, 'POST', '/api/queue/jobs/race-retry/retry')));
      expect(retries.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
      for (const r of retries.filter((x) => x.status === 409)) expect(r.body.error.code).toBe('not_failed');
      expect(await (await queue.getJob('race-retry'))!.getState()).not.toBe('failed');

      const removes = await Promise.all(Array.from({ length: 4 }, () => api(portal.url, alice.token, 'DELETE', '/api/queue/jobs/race-remove')));
      const removeStatuses = removes.map((r) => r.status);
      expect(removeStatuses.filter((s) => s === 200)).toHaveLength(1);
      expect(removeStatuses.filter((s) => s !== 200).every((s) => s === 404 || s === 409)).toBe(true);
      expect(await queue.getJob('race-remove')).toBeUndefined();

      // Retry and Remove clicked together: one of them wins; a job put back in the queue is never removed after the fact.
      const [retry, remove] = await Promise.all([
        api(portal.url, alice.token, 'POST', '/api/queue/jobs/race-both/retry'),
        api(portal.url, alice.token, 'DELETE', '/api/queue/jobs/race-both'),
      ]);
      expect([retry.status, remove.status].filter((s) => s === 200)).toHaveLength(1);
      expect([404, 409]).toContain(retry.status === 200 ? remove.status : retry.status);
      const left = await queue.getJob('race-both');
      if (retry.status === 200) expect(await left!.getState()).not.toBe('failed');
      else expect(left).toBeUndefined();
    } finally {
      await queue.resume();
    }
  });
});

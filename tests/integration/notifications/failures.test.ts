import { createHmac } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChunkJobData } from '../../../src/lib/server/notifications/jobs';
import { createAccount, type TestAccount } from '../../helpers/accounts';
import { portalValue } from '../../helpers/portal-db';
import { startPortal, type PortalProcess } from '../../helpers/portal';
import { api, openPortalQueues, until, type PortalQueues } from './helpers';

/**
 * What goes wrong, for real: injected failures retried with back-off until
 * they land in the dead-letter view; Idempotency-Key replays; the same job
 * delivered twice (exactly-once effect); a worker killed mid-job whose job
 * another worker recovers; signed webhooks; double clicks on the dead-letter
 * view's buttons (the same failed job retried or removed by several requests
 * at once gets one success and clear 409s / 404s, never a 500).
 */

let portal: PortalProcess;
let alice: TestAccount;
let queue: Queue;
let queues: PortalQueues;
let currentWorker: ChildProcess | undefined;

/** The first value of a query on the portal database (SQLite or Postgres). */
function dbValue<T = number>(text: string, ...params: unknown[]): Promise<T | undefined> {
  return portalValue<T>(portal.dataDir, text, params);
}

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

describe('failures, retries and exactly-once delivery', () => {
  it('retries injected failures with back-off, then dead-letters them; retry and remove work', async () => {
    const res = await api(portal.url, alice.token, 'POST', '/api/notifications/campaigns', { synthetic: { count: 2000, failureRate: 0.5 } });
    expect(res.status).toBe(202);
    const id = res.body.campaign.id as number;
    const done = await until(
      async () => {
        const c = (await api(portal.url, alice.token, 'GET', `/api/notifications/campaigns/${id}`)).body.campaign;
        return c.status === 'done' ? c : null;
      },
      30_000,
      'campaign with failures done',
    );
    expect(done.failed).toBeGreaterThan(0);
    expect(done.delivered + done.failed).toBe(2000);
    const stats = await api(portal.url, alice.token, 'GET', '/api/queue/stats');
    const dead = stats.body.failed.filter((f: { id: string }) => f.id.startsWith(`c${id}-k`));
    expect(dead.length).toBe(2);
    expect(dead[0]).toMatchObject({ name: 'chunk', attempts: 3 });
    expect(dead[0].error).toMatch(/injected failure, attempt 3/);
    // Retries waited out an exponential back-off with jitter: at least 200 ms, then 400 ms.
    const job = await queue.getJob(dead[0].id);
    expect(job!.finishedOn! - job!.timestamp).toBeGreaterThanOrEqual(600);

    const retried = await api(portal.url, alice.token, 'POST', `/api/queue/jobs/${dead[0].id}/retry`);
    expect(retried.status).toBe(200);
    await until(async () => ['completed', 'failed'].includes(await (await queue.getJob(dead[0].id))!.getState()), 20_000, 'retried job finished');
    const after = (await api(portal.url, alice.token, 'GET', `/api/notifications/campaigns/${id}`)).body.campaign;
    expect(after.delivered).toBeGreaterThan(done.delivered);
    expect(after.delivered + after.failed).toBe(2000);

    const removed = await api(portal.url, alice.token, 'DELETE', `/api/queue/jobs/${dead[1].id}`);
    expect(removed.body).toEqual({ id: dead[1].id, removed: true });
    expect(await queue.getJob(dead[1].id)).toBeUndefined();
    // Someone else cannot touch these jobs, nor learn they exist.
    const mallory = await createAccount(portal.dataDir);
    expect((await api(portal.url, mallory.token, 'POST', `/api/queue/jobs/${dead[0].id}/retry`)).status).toBe(404);
  });

  it('replays an Idempotency-Key instead of sending twice, and refuses it for another body', async () => {
    const body = { recipient: 'me', title: 'only once' };
    const key = { 'idempotency-key': 'order-42-shipped' };
    const a = await api(portal.url, alice.token, 'POST', '/api/notifications', body, key);
    const b = await api(portal.url, alice.token, 'POST', '/api/notifications', body, key);
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(b.body.id).toBe(a.body.id);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    const c = await api(portal.url, alice.token, 'POST', '/api/notifications', { ...body, title: 'something else' }, key);
    expect(c.status).toBe(422);
    await until(async () => (await dbValue('SELECT COUNT(*) FROM inbox WHERE id = ?', a.body.id)) === 1);
    // Both requests named one job: once it has finished, nothing more can be written for them.
    await until(
      async () => {
        const job = await queue.getJob(a.body.id);
        return !job || (await job.getState()) === 'completed';
      },
      10_000,
      'the job finished',
    );
    expect(await dbValue(`SELECT COUNT(*) FROM inbox i JOIN notification_messages m ON m.id = i.message_id WHERE m.title = 'only once'`)).toBe(1);
  });

  it('has an exactly-once effect when the same job is delivered twice', async () => {
    const sent = await api(portal.url, alice.token, 'POST', '/api/notifications', { recipient: 'me', title: 'dup test' });
    await until(async () => (await dbValue('SELECT COUNT(*) FROM inbox WHERE id = ?', sent.body.id)) === 1);
    const original = await queue.getJob(sent.body.id);
    // Redeliver the very same notification as a second job, as a crashed worker's retry would.
    const dup = await queue.add('send', original!.data, { jobId: `${sent.body.id}-again`, priority: 1 });
    await until(async () => (await dup.getState()) === 'completed', 15_000, 'duplicate processed');
    expect((await queue.getJob(dup.id!))!.returnvalue).toEqual({ inserted: false });
    expect(await dbValue('SELECT COUNT(*) FROM inbox WHERE id = ?', sent.body.id)).toBe(1);

    // The same for a whole campaign chunk: no new rows, no double count.
    const camp = await api(portal.url, alice.token, 'POST', '/api/notifications/campaigns', { synthetic: { count: 1500 } });
    const cid = camp.body.campaign.id as number;
    await until(async () => (await api(portal.url, alice.token, 'GET', `/api/notifications/campaigns/${cid}`)).body.campaign.status === 'done');
    const chunk = await queue.getJob(`c${cid}-k0`);
    const again = await queue.add('chunk', chunk!.data, { jobId: `c${cid}-k0-again`, priority: 1 });
    await until(async () => (await again.getState()) === 'completed');
    const c = (await api(portal.url, alice.token, 'GET', `/api/notifications/campaigns/${cid}`)).body.campaign;
    expect(c.delivered).toBe(1500);
    expect(await dbValue('SELECT COUNT(*) FROM inbox WHERE message_id = ?', `c${cid}`)).toBe(1500);
  });

  it('recovers a job whose worker died mid-way; webhooks are signed, retried after a 5xx, keyed by notification id', async () => {
    const calls: Array<{ signature: string; key: string; body: string }> = [];
    let hang = true;
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        calls.push({ signature: String(req.headers['interview-lab-signature']), key: String(req.headers['idempotency-key']), body });
        if (hang) return; // the first call never returns: its worker will be killed mid-job
        // The recovered job's first call meets a server error and is retried after a back-off.
        res.writeHead(calls.length === 2 ? 503 : 204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const hook = await api(portal.url, alice.token, 'PUT', '/api/notifications/webhook', { url });
    expect(hook.status).toBe(200);
    expect(hook.body.secret).toMatch(/^whsec_/);

    const sent = await api(portal.url, alice.token, 'POST', '/api/notifications', {
      recipient: 'me',
      title: 'to the webhook',
      channels: ['inbox', 'webhook'],
    });
    expect(sent.status).toBe(202);
    await until(() => calls.length === 1, 15_000, 'first webhook call');
    // Kill the only worker while the webhook job is active, then start another.
    const workerPid = Number(/"proc":"worker","pid":(\d+)/.exec(portal.output())![1]);
    process.kill(workerPid, 'SIGKILL');
    hang = false;
    currentWorker = await portal.startWorker();
    await until(() => calls.length >= 3, 30_000, 'the recovered job calling again, then retrying after a 503');
    const job = await queues.queue('webhooks').getJob(`wh-${sent.body.id}`);
    await until(async () => (await job!.getState()) === 'completed', 10_000, 'webhook job completed');
    receiver.close();

    for (const call of calls) {
      expect(call.key).toBe(sent.body.id);
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(call.signature)!;
      expect(createHmac('sha256', hook.body.secret).update(`${t}.${call.body}`).digest('hex')).toBe(v1);
      expect(JSON.parse(call.body).notification).toMatchObject({ id: sent.body.id, title: 'to the webhook' });
    }
    expect(await dbValue('SELECT COUNT(*) FROM inbox WHERE id = ?', sent.body.id)).toBe(1);
  }, 60_000);

  it('shuts a worker down gracefully: jobs in flight finish, the rest wait for the next worker', async () => {
    const res = await api(portal.url, alice.token, 'POST', '/api/notifications/campaigns', { synthetic: { count: 40_000 } });
    const id = res.body.campaign.id as number;
    await until(async () => ((await dbValue('SELECT delivered FROM notification_campaigns WHERE id = ?', id)) ?? 0) > 0, 20_000, 'first chunk');
    const exit = new Promise<number | null>((resolve) => currentWorker!.once('exit', (code) => resolve(code)));
    currentWorker!.kill('SIGTERM');
    expect(await exit).toBe(0);
    // Nothing was left holding a lock: no job is stuck waiting for stalled-job recovery.
    expect(await queue.getActiveCount()).toBe(0);
    await portal.startWorker();
    const done = await until(
      async () => {
        const c = (await api(portal.url, alice.token, 'GET', `/api/notifications/campaigns/${id}`)).body.campaign;
        return c.status === 'done' ? c : null;
      },
      30_000,
      'campaign finished by the next worker',
    );
    expect(done.delivered).toBe(40_000);
    expect(await dbValue('SELECT COUNT(*) FROM inbox WHERE message_id = ?', `c${id}`)).toBe(40_000);
  });
});

describe('retry and remove of one failed job, at the same time', () => {
  it('answers one 200 and 409/404 for the others, never a 500', async () => {
    const ids = ['race-retry', 'race-remove', 'race-both'];
    for (const id of ids) await failedJob(id);
    await until(
      async () => (await Promise.all(ids.map(async (id) => (await queue.getJob(id))?.getState()))).every((s) => s === 'failed'),
      20_000,
      'jobs failed',
    );
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

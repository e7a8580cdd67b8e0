import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createNodeRedisClient, Queue, QueueKeys, Worker, type Job } from 'bullmq';
import { Cluster } from 'ioredis';
import { createClient, createCluster } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionEndedChannel } from '../../src/lib/server/auth/revocation';
import { closeDb } from '../../src/lib/server/db/connection';
import { idempotencyEntryKey } from '../../src/lib/server/notifications/idempotency';
import { getItems } from '../../src/lib/server/notifications/inbox';
import type { SendJobData } from '../../src/lib/server/notifications/jobs';
import { inboxChannel } from '../../src/lib/server/notifications/live';
import { latencyKey, throughputKey } from '../../src/lib/server/notifications/metrics';
import { actionLockKey } from '../../src/lib/server/notifications/queue-admin';
import { JOB, NOTIFICATIONS_QUEUE, SEND_JOB_OPTS, WEBHOOKS_QUEUE, WORKER_OPTS } from '../../src/lib/server/notifications/queue';
import { rateLimitKey } from '../../src/lib/server/notifications/rate-limit';
import { notificationId } from '../../src/lib/server/notifications/send';
import { MAINTENANCE_QUEUE } from '../../src/lib/server/queue/maintenance';
import { workerInfoKey, workersSetKey } from '../../src/lib/server/queue/worker-registry';
import { bullPrefix } from '../../src/lib/server/redis/bullmq';
import { closeRedis, redisKey } from '../../src/lib/server/redis/client';
import { restChangesChannel } from '../../src/lib/server/rest/events';
import { BULL_PRIORITY, PRIORITIES } from '../../src/lib/shared/notifications/types';
import { consumers } from '../../workers/processors/index';
import { createAccount, useDataDir, type TestAccount } from '../helpers/accounts';
import { uniquePrefix } from '../helpers/redis';
import { startCluster, type ClusterNode, type TestCluster } from '../helpers/redis-cluster';

/**
 * The portal on a real 3-master Redis Cluster (docs/redis-cluster.md): every
 * key it writes for one prefix lands in one slot; BullMQ 6's node-redis
 * adapter cannot drive node-redis's cluster client (what happens is recorded
 * here); ioredis's Cluster client, which BullMQ supports, runs the
 * notification queue from enqueue to the inbox row.
 */

let cluster: TestCluster;
let prefix: string;
let owner: ClusterNode;
let dataDir: string;
let account: TestAccount;

beforeAll(async () => {
  cluster = await startCluster(3);
  prefix = uniquePrefix('cluster');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-cluster-data-'));
  owner = await cluster.ownerOf(`{${prefix}}`);
  // The portal's own node-redis client (pub/sub, delivery metrics) talks to the node owning the prefix's slot.
  useDataDir(dataDir, { REDIS_URL: `redis://${owner.host}:${owner.port}`, REDIS_PREFIX: prefix });
  account = await createAccount(dataDir);
}, 60_000);

afterAll(async () => {
  await closeRedis();
  closeDb();
  await cluster?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Every key and channel name the queue, notification, rate-limit and worker code builds for one notification and one user. */
function portalKeys(userId: number, jobId: string): string[] {
  const bull = new QueueKeys(bullPrefix());
  const queueKeys = [NOTIFICATIONS_QUEUE, WEBHOOKS_QUEUE, MAINTENANCE_QUEUE].flatMap((q) => [
    ...Object.values(bull.getKeys(q)),
    bull.toKey(q, jobId),
    `${bull.toKey(q, jobId)}:lock`,
    `${bull.toKey(q, jobId)}:logs`,
  ]);
  const now = Date.now();
  return [
    ...queueKeys,
    throughputKey(Math.floor(now / 1000)),
    ...PRIORITIES.map((p) => latencyKey(p)),
    idempotencyEntryKey(userId, 'send', 'client-key'),
    rateLimitKey('send', userId, Math.floor(now / 60_000)),
    actionLockKey(NOTIFICATIONS_QUEUE, jobId),
    workersSetKey(),
    workerInfoKey('worker-1'),
    inboxChannel(userId),
    sessionEndedChannel(),
    restChangesChannel(),
  ];
}

/** The hash tag Redis Cluster hashes: the part inside the first `{...}` that is not empty. */
function hashTag(key: string): string | null {
  const m = /\{([^}]+)\}/.exec(key);
  return m && key.indexOf('{') === m.index ? m[1]! : null;
}

function nodeUrls(): Array<{ url: string }> {
  return cluster.nodes.map((n) => ({ url: `redis://${n.host}:${n.port}` }));
}

describe('Redis Cluster with 3 masters', () => {
  it('maps every key the portal builds for one prefix to one slot per hash tag', async () => {
    const keys = portalKeys(account.user.id, notificationId(account.user.id, null));
    expect(keys.length).toBeGreaterThan(60);
    const slotsByTag = new Map<string, Set<number>>();
    for (const key of keys) {
      const tag = hashTag(key);
      expect(tag, key).toBe(prefix);
      const slots = slotsByTag.get(tag!) ?? new Set<number>();
      slots.add(await cluster.keySlot(key));
      slotsByTag.set(tag!, slots);
    }
    expect([...slotsByTag.values()].map((s) => s.size)).toEqual([1]);
    expect([...slotsByTag.get(prefix)!]).toEqual([await cluster.keySlot(redisKey('any'))]);
  });

  it("BullMQ's node-redis adapter never becomes ready on node-redis's cluster client (add() waits forever)", async () => {
    const raw = createCluster({ rootNodes: nodeUrls() });
    raw.on('error', () => undefined);
    raw.on('node-error', () => undefined);
    await raw.connect();
    const adapter = createNodeRedisClient(raw);
    // The adapter says it is no cluster, and reads `isReady`, which a RedisCluster does not have.
    expect(adapter.isCluster).toBe(false);
    expect('isReady' in raw).toBe(false);
    expect(adapter.status).toBe('connect');
    const name = `adapter-${Date.now()}`;
    const queue = new Queue(name, { connection: adapter, prefix: bullPrefix() });
    queue.on('error', () => undefined);
    // BullMQ waits for a 'ready' event the cluster client never emits; there is no error to catch,
    // so the proof is that nothing happens in a generous window while the cluster answers pings.
    const outcome = await Promise.race([
      queue.add('probe', { n: 1 }).then(
        () => 'added',
        (err: unknown) => `failed: ${String(err)}`,
      ),
      new Promise<string>((resolve) => setTimeout(() => resolve('still waiting'), 2000)),
    ]);
    expect(outcome).toBe('still waiting');
    expect(await raw.sendCommand(undefined, true, ['PING'])).toBe('PONG');
    const written = [...(await cluster.keysByNode(`${bullPrefix()}:${name}*`)).values()].flat();
    expect(written).toEqual([]);
    await raw.close();
  });

  it('a plain node-redis client works only on the node that owns the slot (MOVED elsewhere)', async () => {
    const other = cluster.nodes.find((n) => n.port !== owner.port)!;
    const name = `single-${Date.now()}`;
    const client = (n: ClusterNode) => createClient({ url: `redis://${n.host}:${n.port}` }).on('error', () => undefined);
    const wrongClient = client(other);
    const wrong = new Queue(name, { connection: createNodeRedisClient(wrongClient), prefix: bullPrefix() });
    wrong.on('error', () => undefined);
    const slot = await cluster.keySlot(bullPrefix());
    await expect(wrong.add('probe', { n: 1 })).rejects.toThrow(new RegExp(`^MOVED ${slot} ${owner.host}:${owner.port}$`));
    await wrong.close();
    // BullMQ leaves a client it was handed open.
    await wrongClient.close();

    const rightClient = client(owner);
    const right = new Queue(name, { connection: createNodeRedisClient(rightClient), prefix: bullPrefix() });
    const job = await right.add('probe', { n: 1 });
    expect(await right.getJobCounts('waiting')).toEqual({ waiting: 1 });
    await right.obliterate({ force: true });
    await right.close();
    await rightClient.close();
    expect(job.id).toBeTruthy();
  });

  it("ioredis's Cluster client drives the notification queue: enqueue, worker, inbox row", async () => {
    const opened: Cluster[] = [];
    const connection = () => {
      const c = new Cluster(cluster.nodes, { redisOptions: { maxRetriesPerRequest: null } });
      opened.push(c);
      return c;
    };
    const consumer = consumers.find((c) => c.queue === NOTIFICATIONS_QUEUE)!;
    const queue = new Queue(NOTIFICATIONS_QUEUE, { connection: connection(), prefix: bullPrefix() });
    const worker = new Worker(NOTIFICATIONS_QUEUE, (job: Job) => consumer.process(job), {
      connection: connection(),
      prefix: bullPrefix(),
      concurrency: 1,
      ...WORKER_OPTS,
    });
    try {
      const id = notificationId(account.user.id, null);
      const finished = new Promise<unknown>((resolve, reject) => {
        worker.on('completed', (job, result) => job.id === id && resolve(result));
        worker.on('failed', (job, err) => job?.id === id && reject(err));
      });
      const data: SendJobData = {
        id,
        senderId: account.user.id,
        recipientId: account.user.id,
        title: 'Delivered through a Redis Cluster',
        body: 'ioredis Cluster, BullMQ 6, the portal processor',
        priority: 'high',
        enqueuedAt: Date.now(),
        webhook: false,
      };
      await queue.add(JOB.send, data, { ...SEND_JOB_OPTS, jobId: id, priority: BULL_PRIORITY.high });
      expect(await finished).toEqual({ inserted: true });
      expect((await getItems([id])).map((i) => i.title)).toEqual([data.title]);
      // Everything written under the prefix (BullMQ's keys and the portal's own) sits on the slot owner, in one slot.
      const byNode = await cluster.keysByNode(`${bullPrefix()}*`);
      const written = byNode.get(owner.port)!;
      expect(written).toContain(`${bullPrefix()}:${NOTIFICATIONS_QUEUE}:${id}`);
      expect(written).toContain(latencyKey('high'));
      for (const [port, keys] of byNode) if (port !== owner.port) expect(keys, `keys on ${port}`).toEqual([]);
      expect(new Set(await Promise.all(written.map((k) => cluster.keySlot(k)))).size).toBe(1);
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await Promise.all(opened.map((c) => c.quit()));
    }
  });
});

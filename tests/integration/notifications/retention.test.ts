import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { closeDb } from '../../../src/lib/server/db/connection';
import { closeKysely, getKysely } from '../../../src/lib/server/db/database';
import { insertCampaign } from '../../../src/lib/server/notifications/campaigns';
import { insertDeliveries, insertMessage } from '../../../src/lib/server/notifications/inbox';
import { purgeSyntheticDeliveries, SYNTHETIC_KEEP_MS } from '../../../src/lib/server/notifications/retention';
import { createAccount } from '../../helpers/accounts';

/** Synthetic load-test rows go an hour after their campaign; real inboxes stay. */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-retention-'));
afterAll(async () => {
  await closeKysely();
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('purges old synthetic deliveries only', async () => {
  const { user } = await createAccount(dir);
  const now = Date.now();
  const mix = { high: 0, normal: 1, low: 0 };
  const old = await insertCampaign({
    ownerId: user.id,
    title: 'old',
    body: '',
    priority: 'normal',
    audience: 'synthetic',
    total: 3,
    chunkSize: 1000,
    failureRate: 0,
    priorityMix: mix,
  });
  const fresh = await insertCampaign({
    ownerId: user.id,
    title: 'fresh',
    body: '',
    priority: 'normal',
    audience: 'synthetic',
    total: 2,
    chunkSize: 1000,
    failureRate: 0,
    priorityMix: mix,
  });
  await insertDeliveries([0, 1, 2].map((i) => ({ id: `c${old.id}-${i}`, recipientId: -(i + 1), messageId: old.messageId, enqueuedAt: now })));
  await insertDeliveries([0, 1].map((i) => ({ id: `c${fresh.id}-${i}`, recipientId: -(i + 1), messageId: fresh.messageId, enqueuedAt: now })));
  await insertMessage({ id: 'n-real', senderId: user.id, title: 'real', body: '', priority: 'normal', createdAt: now });
  await insertDeliveries([{ id: 'n-real', recipientId: user.id, messageId: 'n-real', enqueuedAt: now }]);
  const db = getKysely();
  const finish = (id: number, at: number) =>
    db.updateTable('notification_campaigns').set({ status: 'done', finished_at: at }).where('id', '=', id).execute();
  await finish(old.id, now - SYNTHETIC_KEEP_MS - 1000);
  await finish(fresh.id, now);

  expect(await purgeSyntheticDeliveries(now)).toBe(3);
  expect((await db.selectFrom('inbox').select('id').orderBy('seq').execute()).map((r) => r.id)).toEqual([
    `c${fresh.id}-0`,
    `c${fresh.id}-1`,
    'n-real',
  ]);
  expect(await db.selectFrom('notification_campaigns').select('id').execute()).toHaveLength(2);
});

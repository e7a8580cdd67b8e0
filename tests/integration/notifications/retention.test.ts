import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { closeDb, getDb } from '../../../src/lib/server/db/connection';
import { insertCampaign } from '../../../src/lib/server/notifications/campaigns';
import { insertDeliveries, insertMessage } from '../../../src/lib/server/notifications/inbox';
import { purgeSyntheticDeliveries, SYNTHETIC_KEEP_MS } from '../../../src/lib/server/notifications/retention';
import { createAccount } from '../../helpers/accounts';

/** Synthetic load-test rows go an hour after their campaign; real inboxes stay. */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-retention-'));
afterAll(() => {
  closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('purges old synthetic deliveries only', async () => {
  const { user } = await createAccount(dir);
  const now = Date.now();
  const mix = { high: 0, normal: 1, low: 0 };
  const old = insertCampaign({
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
  const fresh = insertCampaign({
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
  insertDeliveries([0, 1, 2].map((i) => ({ id: `c${old.id}-${i}`, recipientId: -(i + 1), messageId: old.messageId, enqueuedAt: now })));
  insertDeliveries([0, 1].map((i) => ({ id: `c${fresh.id}-${i}`, recipientId: -(i + 1), messageId: fresh.messageId, enqueuedAt: now })));
  insertMessage({ id: 'n-real', senderId: user.id, title: 'real', body: '', priority: 'normal', createdAt: now });
  insertDeliveries([{ id: 'n-real', recipientId: user.id, messageId: 'n-real', enqueuedAt: now }]);
  const db = getDb();
  db.prepare(`UPDATE notification_campaigns SET status = 'done', finished_at = ? WHERE id = ?`).run(now - SYNTHETIC_KEEP_MS - 1000, old.id);
  db.prepare(`UPDATE notification_campaigns SET status = 'done', finished_at = ? WHERE id = ?`).run(now, fresh.id);

  expect(purgeSyntheticDeliveries(now)).toBe(3);
  expect(db.prepare('SELECT id FROM inbox ORDER BY seq').pluck().all()).toEqual([`c${fresh.id}-0`, `c${fresh.id}-1`, 'n-real']);
  expect(db.prepare('SELECT COUNT(*) FROM notification_campaigns').pluck().get()).toBe(2);
});

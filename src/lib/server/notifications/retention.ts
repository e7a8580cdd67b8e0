import { getDb } from '../db/connection';

/**
 * Load tests leave up to a million synthetic inbox rows each. They are
 * deleted an hour after their campaign finished (the campaign row and its
 * counts stay), in batches so no delete holds the write lock for long.
 */

/** How long synthetic deliveries are kept after their campaign finished. */
export const SYNTHETIC_KEEP_MS = 3_600_000;
/** How often the cleanup job runs. */
export const RETENTION_EVERY_MS = 10 * 60_000;
const BATCH = 20_000;

/** Delete old synthetic deliveries; returns how many rows went. */
export function purgeSyntheticDeliveries(now = Date.now()): number {
  const db = getDb();
  const old = db
    .prepare(`SELECT message_id FROM notification_campaigns WHERE audience = 'synthetic' AND status = 'done' AND finished_at < ?`)
    .pluck()
    .all(now - SYNTHETIC_KEEP_MS) as string[];
  if (!old.length) return 0;
  const del = db.prepare(
    `DELETE FROM inbox WHERE seq IN (SELECT seq FROM inbox WHERE recipient_id < 0 AND message_id IN (SELECT value FROM json_each(?)) LIMIT ?)`,
  );
  const list = JSON.stringify(old);
  let total = 0;
  for (;;) {
    const n = del.run(list, BATCH).changes;
    total += n;
    if (n < BATCH) return total;
  }
}

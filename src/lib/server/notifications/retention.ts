import { getKysely } from '../db/database';
import { changed } from '../db/query';

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

/** Campaign message ids per delete: keeps the IN list short on both backends. */
const IDS_PER_DELETE = 500;

/** Delete old synthetic deliveries; returns how many rows went. */
export async function purgeSyntheticDeliveries(now = Date.now()): Promise<number> {
  const db = getKysely();
  const old = await db
    .selectFrom('notification_campaigns')
    .select('message_id')
    .where('audience', '=', 'synthetic')
    .where('status', '=', 'done')
    .where('finished_at', '<', now - SYNTHETIC_KEEP_MS)
    .execute();
  let total = 0;
  for (let i = 0; i < old.length; i += IDS_PER_DELETE) {
    const ids = old.slice(i, i + IDS_PER_DELETE).map((r) => r.message_id);
    for (;;) {
      const result = await db
        .deleteFrom('inbox')
        .where('seq', 'in', (eb) => eb.selectFrom('inbox').select('seq').where('recipient_id', '<', 0).where('message_id', 'in', ids).limit(BATCH))
        .executeTakeFirst();
      const n = changed(result);
      total += n;
      if (n < BATCH) break;
    }
  }
  return total;
}

import { checkDatabase } from '../db/database';
import { log } from '../log';

/**
 * Jobs outlive a database outage. A job whose database work fails while the
 * database is unreachable (Postgres restarting, a network cut) would burn
 * its few attempts in seconds and land in the dead-letter view; instead it
 * waits, holding its job (BullMQ keeps renewing the lock while it runs), and
 * tries again once the database answers. Every job is idempotent, so a
 * second run after a commit whose answer was lost changes nothing. Errors
 * while the database answers are the job's own and fail the attempt as usual.
 */

const dlog = log.child({ mod: 'worker-db' });

/** Waits between tries: from `firstMs`, doubling, at most `maxMs`. */
export interface WaitOptions {
  firstMs: number;
  maxMs: number;
  /** How long the reachability check may take. */
  checkTimeoutMs: number;
}

const DEFAULTS: WaitOptions = { firstMs: 500, maxMs: 5000, checkTimeoutMs: 2000 };

/** Run `fn`; while it fails and the database is unreachable, wait and run it again. */
export async function retryWhileDatabaseDown<T>(what: string, fn: () => Promise<T>, opts: WaitOptions = DEFAULTS): Promise<T> {
  for (let waitMs = opts.firstMs; ; waitMs = Math.min(waitMs * 2, opts.maxMs)) {
    try {
      return await fn();
    } catch (err) {
      const db = await checkDatabase(opts.checkTimeoutMs);
      if (db.ok) throw err;
      // The message is enough: every retry of an outage has the same stack.
      const error = err instanceof Error ? err.message : String(err);
      dlog.warn('database unreachable: the job waits and tries again', { job: what, reason: db.reason, error, inMs: waitMs });
      await new Promise((r) => setTimeout(r, waitMs));
    }
  }
}

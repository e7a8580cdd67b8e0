import type { APIRoute } from 'astro';
import { healthReport } from '../../lib/server/health';
import { json } from '../../lib/server/http/errors';

/** GET /api/health: 200 with `{status, db, redis, worker, reasons, workers, version}`. */
export const GET: APIRoute = async () => json(await healthReport());

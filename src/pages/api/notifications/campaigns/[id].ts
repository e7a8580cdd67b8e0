import type { APIRoute } from 'astro';
import { ApiError, json } from '../../../../lib/server/http/errors';
import { getCampaignView } from '../../../../lib/server/notifications/campaigns';
import { requireCaller } from '../../../../lib/server/notifications/http';

/** GET /api/notifications/campaigns/<id>: one campaign's progress (the owner's, or any for an administrator). */
export const GET: APIRoute = async ({ locals, params }) => {
  const user = requireCaller(locals, 'notifications');
  const id = /^\d{1,12}$/.test(params.id ?? '') ? Number(params.id) : NaN;
  const c = Number.isFinite(id) ? await getCampaignView(id) : null;
  if (!c || (c.ownerId !== user.id && user.role !== 'admin')) throw new ApiError(404, 'not_found', `No campaign ${params.id} of yours.`);
  return json({ campaign: c });
};

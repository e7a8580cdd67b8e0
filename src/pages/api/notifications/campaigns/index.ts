import type { APIRoute } from 'astro';
import { readJson } from '../../../../lib/server/http/body';
import { json } from '../../../../lib/server/http/errors';
import { listCampaignViews } from '../../../../lib/server/notifications/campaigns';
import { answerResponse, intParam, requireCaller } from '../../../../lib/server/notifications/http';
import { startCampaign } from '../../../../lib/server/notifications/send';
import { parseCampaignInput, parseIdempotencyKey } from '../../../../lib/server/notifications/validate';

/**
 * POST /api/notifications/campaigns: one message to many recipients, either
 * `recipients` (user ids, or "all" for administrators) or `synthetic`
 * (`{count, priorityMix, failureRate}`, a load test); 202 with the campaign.
 * GET: the caller's recent campaigns with progress.
 */

export const POST: APIRoute = async ({ locals, request }) => {
  const user = requireCaller(locals, 'notifications');
  const key = parseIdempotencyKey(request.headers.get('idempotency-key'));
  const input = parseCampaignInput(await readJson(request, 32 * 1024));
  return answerResponse(await startCampaign(user, input, key));
};

export const GET: APIRoute = async ({ locals, url }) => {
  const user = requireCaller(locals, 'notifications');
  const limit = intParam(url, 'limit', 50) ?? 10;
  return json({ campaigns: await listCampaignViews(user.id, limit) });
};

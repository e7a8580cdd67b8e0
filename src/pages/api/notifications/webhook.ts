import type { APIRoute } from 'astro';
import { readJson } from '../../../lib/server/http/body';
import { ApiError, json } from '../../../lib/server/http/errors';
import { requireSettingsCaller } from '../../../lib/server/notifications/http';
import { parseWebhookInput } from '../../../lib/server/notifications/validate';
import { deleteWebhook, getWebhook, parseWebhookUrl, setWebhook, SIGNATURE_HEADER } from '../../../lib/server/notifications/webhooks';

/**
 * The caller's webhook: GET shows it (with the signing secret, which only
 * its owner sees), PUT `{"url": "..."}` sets it with a fresh secret, DELETE
 * removes it. Send with `"channels": ["inbox", "webhook"]` to use it.
 */

export const GET: APIRoute = async ({ locals }) => {
  const user = requireSettingsCaller(locals, 'notifications');
  const hook = await getWebhook(user.id);
  if (!hook) throw new ApiError(404, 'not_found', 'No webhook is set; PUT {"url": "https://..."} to set one.');
  return json({ ...hook, signatureHeader: SIGNATURE_HEADER });
};

export const PUT: APIRoute = async ({ locals, request }) => {
  const user = requireSettingsCaller(locals, 'notifications');
  const { url } = parseWebhookInput(await readJson(request, 8 * 1024));
  const hook = await setWebhook(user.id, await parseWebhookUrl(url));
  return json({ ...hook, signatureHeader: SIGNATURE_HEADER }, { status: 200 });
};

export const DELETE: APIRoute = async ({ locals }) => {
  const user = requireSettingsCaller(locals, 'notifications');
  if (!(await deleteWebhook(user.id))) throw new ApiError(404, 'not_found', 'No webhook is set.');
  return new Response(null, { status: 204 });
};

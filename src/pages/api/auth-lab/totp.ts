import type { APIRoute } from 'astro';
import { z } from 'zod';
import { requireLabCaller } from '../../../lib/server/auth-lab/access';
import { takeLabBudget } from '../../../lib/server/auth-lab/budget';
import { parseDemoSecret, parseDemoTime, totpDemo } from '../../../lib/server/auth-lab/totp-demo';
import { parseBody, readOptionalJson } from '../../../lib/server/crypto/request';
import { json } from '../../../lib/server/http/errors';

const schema = z.object({ secret: z.unknown().optional(), at: z.unknown().optional() }).strict();

/**
 * POST /api/auth-lab/totp {secret?, at?}: a TOTP worked example on a
 * throwaway key (a fresh one unless `secret` is given): key, otpauth URI,
 * time step and the codes around `at` (default now).
 */
export const POST: APIRoute = async ({ locals, request }) => {
  const principal = requireLabCaller(locals.principal);
  const rate = await takeLabBudget('totp', principal.user.id);
  const body = parseBody(schema, await readOptionalJson(request, 1024));
  return json(totpDemo(parseDemoSecret(body.secret), parseDemoTime(body.at)), { headers: rate });
};

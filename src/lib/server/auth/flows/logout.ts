import { clearSessionCookieHeader } from '../cookies';
import { authEvent, idTag } from '../events';
import { redirectTo, type FlowResult, type RequestMeta } from './result';
import { endPresentedSession } from './sign-in';

/** Log out: delete the session on the server (pending ones too) and clear the cookie. */
export async function logOut(meta: RequestMeta): Promise<FlowResult> {
  const ended = await endPresentedSession(meta);
  if (ended) authEvent('logout', { session_id: idTag(ended.sessionId), ip: meta.ip });
  return redirectTo('/login?logged_out=1', [clearSessionCookieHeader()]);
}

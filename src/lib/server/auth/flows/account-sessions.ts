import { authEvent, idTag } from '../events';
import { invalidateUserSession, invalidateUserSessions, type Session } from '../sessions';
import type { User } from '../users';
import { field, invalid, redirectTo, type FlowResult } from './result';

/**
 * The /account sessions list's actions: end one other session, or end every
 * session but this one. The current session ends through "Log out".
 */
export async function handleSessionAction(form: Map<string, string>, who: { user: User; session: Session }): Promise<FlowResult> {
  const action = field(form, 'action');
  if (action === 'end_others') {
    const ended = await invalidateUserSessions(who.user.id, who.session.id);
    authEvent('session.ended', { user_id: who.user.id, count: ended, scope: 'others' });
    return redirectTo(`/account?ended=${ended}`);
  }
  if (action === 'end') {
    const id = field(form, 'session_id');
    if (!/^[a-z2-7]{24}$/.test(id)) return invalid('That session does not exist.', {}, 400);
    if (id === who.session.id) return invalid('To end this session, use "Log out".', {}, 400);
    if (!(await invalidateUserSession(who.user.id, id))) return invalid('That session does not exist or has already ended.', {}, 404);
    authEvent('session.ended', { user_id: who.user.id, session_id: idTag(id), scope: 'one' });
    return redirectTo('/account?ended=1');
  }
  return invalid('Unknown action.', {}, 400);
}

import { andThen, type MaybePromise } from '../../../shared/maybe-promise';
import { rateLimitedError, takeApiBudget, type RateDecision } from '../../api-limits';
import { hasScope, type Principal } from '../../auth/principal';
import { missingScopeMessage } from '../../auth/require-scope';
import { handleRestCall } from './handle';
import { apiErrorReply, errorReply, type Call, type Reply } from '../../api-call';

/**
 * The REST API's own guards, after the portal's (login, CORS, cross-site):
 * the token must carry the `rest` scope, and the learner must have budget
 * left. Every answer, refusals included, carries the RateLimit headers.
 */
export function serveRest(call: Call, principal: Principal): MaybePromise<Reply> {
  if (!hasScope(principal, 'rest')) return errorReply(403, 'insufficient_scope', missingScopeMessage('rest'));
  return andThen(takeApiBudget('rest', principal.user.id), (budget) => serveWithin(budget, call, principal.user.id));
}

function serveWithin(budget: RateDecision, call: Call, userId: number): MaybePromise<Reply> {
  if (!budget.allowed) return apiErrorReply(rateLimitedError(budget));
  const withHeaders = (reply: Reply): Reply => {
    Object.assign(reply.headers, budget.headers);
    return reply;
  };
  return andThen(handleRestCall(call, userId), withHeaders);
}

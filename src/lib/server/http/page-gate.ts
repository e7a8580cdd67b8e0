import type { AstroGlobal } from 'astro';
import type { Principal } from '../auth/principal';
import { loginRedirectUrl } from './access-policy';

/** A caller signed in through the browser (cookie session), not a program's token. */
export type SessionPrincipal = Extract<Principal, { kind: 'session' }>;

/**
 * The gate of a page that acts on the signed-in reader's own account: the
 * session principal, or the 303 to `/login?next=` that brings the reader
 * back here. The middleware already gates anonymous page views; this also
 * turns away a bearer token (pages are for people) and gives the page a typed
 * session, so it needs no `!`.
 *
 *     const gate = sessionPage(Astro);
 *     if (gate instanceof Response) return gate;
 */
export function sessionPage(astro: Pick<AstroGlobal, 'locals' | 'url' | 'redirect'>): SessionPrincipal | Response {
  const principal = astro.locals.principal;
  if (principal?.kind === 'session') return principal;
  return astro.redirect(loginRedirectUrl(astro.url.pathname + astro.url.search), 303);
}

import type { FlowResult, RequestMeta } from './result';

/**
 * Turning a FlowResult into what a page returns. Redirects become a 303
 * Response; form results set the status and headers of the page being
 * rendered, which then shows the form again with its errors.
 */

/** The 303 for a redirect result, with its Set-Cookie headers. */
export function redirectResponse(result: Extract<FlowResult, { kind: 'redirect' }>): Response {
  const headers = new Headers({ location: result.location, 'cache-control': 'no-store' });
  for (const c of result.setCookies) headers.append('set-cookie', c);
  return new Response(null, { status: 303, headers });
}

/** Apply a form result's status and headers to the page response. */
export function applyFormStatus(response: ResponseInit & { headers: Headers }, result: Extract<FlowResult, { kind: 'form' }>): void {
  response.status = result.status;
  for (const [k, v] of Object.entries(result.headers)) response.headers.set(k, v);
}

/** The request facts a flow needs, from an Astro context. */
export function requestMeta(request: Request, locals: { clientIp: string }): RequestMeta {
  return {
    ip: locals.clientIp || 'unknown',
    userAgent: request.headers.get('user-agent')?.slice(0, 300) ?? null,
    cookieHeader: request.headers.get('cookie'),
    now: Date.now(),
  };
}

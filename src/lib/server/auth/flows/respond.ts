import { STATUS_CODES } from 'node:http';
import { readPageForm, type FlowResult, type RequestMeta } from './result';

/**
 * Turning a FlowResult into what a page returns. Redirects become a 303
 * Response; form results set the status and headers of the page being
 * rendered, which then shows the form again with its errors. Pages call
 * `handlePagePost`, which does all of it for a form post.
 */

type RedirectResult = Extract<FlowResult, { kind: 'redirect' }>;
type FormResult = Extract<FlowResult, { kind: 'form' }>;

/** The parts of an Astro page context a form post touches. */
interface PageContext {
  request: Request;
  response: ResponseInit & { headers: Headers };
}

/** The 303 for a redirect result, with its Set-Cookie headers. */
export function redirectResponse(result: RedirectResult): Response {
  const headers = new Headers({ location: result.location, 'cache-control': 'no-store' });
  for (const c of result.setCookies) headers.append('set-cookie', c);
  return new Response(null, { status: 303, headers });
}

/**
 * Set a page's status with its reason phrase. Astro starts every page
 * response with statusText "OK" and the Node adapter writes it verbatim, so
 * changing only `status` would answer "HTTP/1.1 400 OK".
 */
export function setPageStatus(response: PageContext['response'], status: number): void {
  response.status = status;
  response.statusText = STATUS_CODES[status] ?? '';
}

/** Apply a form result's status and headers to the page response. */
export function applyFormStatus(response: PageContext['response'], result: FormResult): void {
  setPageStatus(response, result.status);
  for (const [k, v] of Object.entries(result.headers)) response.headers.set(k, v);
}

/** The request facts a flow needs, from an Astro context. */
export function requestMeta(request: Request, locals: { clientIp: string }): RequestMeta {
  return requestMetaOf((name) => request.headers.get(name), locals.clientIp);
}

/** The request facts a flow needs, from any request's headers and client address (the login fast path has no Request). */
export function requestMetaOf(header: (name: string) => string | null, clientIp: string): RequestMeta {
  return {
    ip: clientIp || 'unknown',
    userAgent: header('user-agent')?.slice(0, 300) ?? null,
    cookieHeader: header('cookie'),
    now: Date.now(),
  };
}

/**
 * A form post already read and handled before Astro (the production login
 * fast path, page-fast-path/login.ts) whose result is a form to show again:
 * the fields read (null when the body could not be read) and that result.
 * The page shows it instead of reading the body and acting a second time.
 */
export interface PreparedPost {
  form: Map<string, string> | null;
  result: FormResult;
}

/**
 * handlePagePost for a post the fast path already handled (`prepared`, from
 * locals), else handlePagePost itself: the page code is the same either way,
 * and `onForm` sees the fields the flow saw.
 */
export async function handleOrPreparedPagePost<R extends { kind: string }>(
  page: PageContext,
  prepared: PreparedPost | undefined,
  handle: (form: Map<string, string>) => R | Promise<R>,
  onForm: (form: Map<string, string>) => void,
): Promise<Response | Exclude<R, RedirectResult> | FormResult | null> {
  if (!prepared || page.request.method !== 'POST') {
    return handlePagePost(page, (form) => {
      onForm(form);
      return handle(form);
    });
  }
  if (prepared.form) onForm(prepared.form);
  applyFormStatus(page.response, prepared.result);
  return prepared.result;
}

const isRedirect = (r: { kind: string }): r is RedirectResult => r.kind === 'redirect';
const isForm = (r: { kind: string }): r is FormResult => r.kind === 'form';

/**
 * A page's form POST, start to finish: read the body (its 4xx comes back as a
 * form result), run `handle`, and turn a redirect into the 303 the page
 * returns; a form result also gets its status and headers applied to the page.
 * Other results (a created token, two-factor turned on) are the page's to
 * show. Null when the request is not a POST.
 */
export async function handlePagePost<R extends { kind: string }>(
  page: PageContext,
  handle: (form: Map<string, string>) => R | Promise<R>,
): Promise<Response | Exclude<R, RedirectResult> | FormResult | null> {
  if (page.request.method !== 'POST') return null;
  const read = await readPageForm(page.request);
  const result: R | FlowResult = 'error' in read ? read.error : await handle(read.form);
  if (isRedirect(result)) return redirectResponse(result);
  if (isForm(result)) applyFormStatus(page.response, result);
  // What is left is R without its redirect case, or readPageForm's form result.
  return result as Exclude<R, RedirectResult> | FormResult;
}

/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** Short id carried by every log line of this request and sent back as `x-request-id`. */
    requestId: string;
    /** The client's address (X-Forwarded-For only with TRUST_PROXY). */
    clientIp: string;
    /** The origin the request was addressed to, from server/web.ts (http/request-origin.ts); absent under `npm run dev`. */
    origin?: string;
    /** Who is calling, by session cookie or bearer token; null when anonymous. */
    principal: import('./lib/server/auth/principal').Principal | null;
    /** Shortcut to `principal.user`. */
    user: import('./lib/server/auth/users').User | null;
    /** This response's Content-Security-Policy; a page may add sources before it renders. */
    csp: import('./lib/server/http/security-headers').CspDirectives;
    /** The route pattern serving this request (`/api/rest/[...path]`), the label of its /metrics histogram. */
    route?: string;
    /** A POST /login the production fast path already handled, whose form the page shows (auth/flows/respond.ts PreparedPost). */
    preparedPost?: import('./lib/server/auth/flows/respond').PreparedPost;
  }
}

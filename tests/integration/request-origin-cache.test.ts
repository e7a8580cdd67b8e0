import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshEmail, goodPassword } from '../helpers/auth-http';
import { startPortal, type PortalProcess } from '../helpers/portal';
import { rawRequest } from './security/support';

/**
 * The fast paths (POST /login, /api/rest, /api/graphql) take the origin a
 * request was addressed to from its Host header and scheme, cached per Host
 * (http/request-origin.ts); the guards allow an Origin equal to it. An http
 * request's cache entry must never answer for an https request: a Host of
 * "s" + the portal's host sent over plain http once (anyone can send it) must
 * not make `http://s<host>` an allowed Origin for the portal's https requests,
 * which Astro's middleware (its own URL, no cache) refuses.
 */

let portal: PortalProcess;
const PUBLIC = 'lab.example';

/** A raw request (node:http lets a test choose the Host header; fetch does not). */
const send = (method: string, target: string, headers: Record<string, string>, body?: string) =>
  rawRequest(portal.url, method, target, headers, body);

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

beforeAll(async () => {
  portal = await startPortal({ env: { TRUST_PROXY: '1', PUBLIC_ORIGIN: `https://${PUBLIC}` } });
});
afterAll(async () => {
  await portal?.stop();
});

describe('the fast paths’ request origin', () => {
  it('keeps http and https Host entries apart: a plain-http "s"+host request does not widen the https origin', async () => {
    // A host this portal has not seen yet, so the first requests below fill its cache entries.
    const host = 'portal-two.example';
    const account = { email: freshEmail('origin'), password: goodPassword() };
    const https = { host, 'x-forwarded-proto': 'https' };
    const signup = await send(
      'POST',
      '/signup',
      { ...https, origin: `https://${host}`, 'content-type': 'application/x-www-form-urlencoded' },
      form(account),
    );
    expect(signup.status).toBe(303);

    // Anyone: one plain-http API call whose Host is "s" + the portal's host.
    const poison = await send('GET', '/api/rest', { host: `s${host}`, 'x-forwarded-proto': 'http' });
    expect(poison.status).toBe(401);

    // A form on http://sportal-two.example posting to https://portal-two.example/login (a browser without Sec-Fetch-Site).
    const cross = { ...https, origin: `http://s${host}`, 'content-type': 'application/x-www-form-urlencoded' };
    const viaFastPath = await send('POST', '/login', cross, form(account));
    // The same post through Astro's middleware (a fragment keeps it off the fast path): refused.
    const viaAstro = await send('POST', '/login#astro', cross, form(account));
    expect(viaAstro.status).toBe(403);
    expect(viaFastPath.status).toBe(403);
    expect(viaFastPath.headers['set-cookie']).toBeUndefined();

    // The API fast path decides on the same origin.
    const gql = await send(
      'POST',
      '/api/graphql',
      { ...https, origin: `http://s${host}`, 'content-type': 'application/json' },
      JSON.stringify({ query: '{ __typename }' }),
    );
    expect(gql.status).toBe(403);

    // The portal's own https pages still post fine.
    const own = await send(
      'POST',
      '/login',
      { ...https, origin: `https://${host}`, 'content-type': 'application/x-www-form-urlencoded' },
      form(account),
    );
    expect(own.status).toBe(303);
  });
});

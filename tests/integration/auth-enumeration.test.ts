import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../helpers/accounts';
import { freshEmail, goodPassword, logInHttp, postForm } from '../helpers/auth-http';
import { startPortal, type PortalProcess } from '../helpers/portal';

/**
 * No user enumeration. At login, reset request and signup an
 * existing and an unknown email get the same status and body and, within a
 * margin, the same time. The time check compares medians of interleaved
 * requests in one run (a ratio, not a wall-clock limit): without the dummy
 * hash an unknown email answers several times faster than a wrong password,
 * which is exactly what an attacker measures.
 */

let portal: PortalProcess;
const SAMPLES = 11;

beforeAll(async () => {
  portal = await startPortal({ env: { THROTTLE_IP_FACTOR: '100' } });
});
afterAll(async () => {
  await portal?.stop();
});

async function timed(fn: () => Promise<Response>): Promise<{ ms: number; status: number; body: string; location: string | null }> {
  const t = performance.now();
  const res = await fn();
  const body = await res.text();
  return { ms: performance.now() - t, status: res.status, body, location: res.headers.get('location') };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Run known/unknown requests interleaved and compare what an observer sees. */
async function compare(known: (i: number) => Promise<Response>, unknown: (i: number) => Promise<Response>) {
  const k: Awaited<ReturnType<typeof timed>>[] = [];
  const u: Awaited<ReturnType<typeof timed>>[] = [];
  await timed(() => known(SAMPLES)); // warm both paths (first Argon2 of a process)
  await timed(() => unknown(SAMPLES));
  // A pause after each request lets background work (mail composed after a
  // taken signup or a reset answer) finish, so it is not billed to the next sample.
  const settle = () => new Promise((r) => setTimeout(r, 80));
  for (let i = 0; i < SAMPLES; i++) {
    k.push(await timed(() => known(i)));
    await settle();
    u.push(await timed(() => unknown(i)));
    await settle();
  }
  return { k, u, ratio: median(u.map((x) => x.ms)) / median(k.map((x) => x.ms)) };
}

async function accounts(n: number) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await createAccount(portal.dataDir));
  return out;
}

describe('answers do not tell whether an email has an account', () => {
  it('login: unknown email and wrong password look the same', async () => {
    const users = await accounts(SAMPLES + 1);
    const unknownEmails = users.map(() => freshEmail('nobody'));
    const { k, u, ratio } = await compare(
      (i) => logInHttp(portal.url, users[i]!.email, 'definitely wrong password'),
      (i) => logInHttp(portal.url, unknownEmails[i]!, 'definitely wrong password'),
    );
    for (const r of [...k, ...u]) expect(r.status).toBe(400);
    const strip = (body: string, email: string) => body.replaceAll(email, 'EMAIL');
    expect(strip(u[0]!.body, unknownEmails[0]!)).toBe(strip(k[0]!.body, users[0]!.email));
    expect(ratio).toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(1.7);
  });

  it('reset request: same redirect and body for an account and for no account', async () => {
    const users = await accounts(SAMPLES + 1);
    const unknownEmails = users.map(() => freshEmail('nobody'));
    const { k, u, ratio } = await compare(
      (i) => postForm(portal.url, '/forgot-password', { email: users[i]!.email }),
      (i) => postForm(portal.url, '/forgot-password', { email: unknownEmails[i]! }),
    );
    for (const r of [...k, ...u]) {
      expect(r.status).toBe(303);
      expect(r.location).toBe('/forgot-password/sent');
      expect(r.body).toBe('');
    }
    // Both answers are a few milliseconds (no hashing on either path); allow for scheduler noise.
    expect(ratio).toBeGreaterThan(0.33);
    expect(ratio).toBeLessThan(3);
  });

  it('signup: a taken email gets the same status, redirect and body as a free one, after the same hashing work', async () => {
    const users = await accounts(SAMPLES + 1);
    const { k, u, ratio } = await compare(
      (i) => postForm(portal.url, '/signup', { email: users[i]!.email, password: goodPassword() }),
      () => postForm(portal.url, '/signup', { email: freshEmail('new'), password: goodPassword() }),
    );
    for (const r of [...k, ...u]) {
      expect(r.status).toBe(303);
      expect(r.location).toBe('/welcome');
      expect(r.body).toBe('');
    }
    expect(ratio).toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(1.7);
  });
});

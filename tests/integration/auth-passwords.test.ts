import { hash } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshEmail, logInHttp, postForm } from '../helpers/auth-http';
import { startPortal, type PortalProcess } from '../helpers/portal';
import { portalExec, portalValue } from '../helpers/portal-db';

/**
 * Password storage (Argon2id >= 19456 KiB, t >= 2, p = 1; old hashes upgraded
 * at login) and password rules (15..256 characters, no composition rules, no
 * truncation, NFKC, the 10,000 most common refused) through the real forms.
 */

let portal: PortalProcess;

beforeAll(async () => {
  portal = await startPortal({ env: { THROTTLE_IP_FACTOR: '100' } });
});
afterAll(async () => {
  await portal?.stop();
});

const storedHash = (email: string) => portalValue<string>(portal.dataDir, 'SELECT password_hash FROM users WHERE email = ?', [email]);
const signup = (email: string, password: string) => postForm(portal.url, '/signup', { email, password });

function argonParams(h: string) {
  const m = /^\$(argon2(?:id|i|d))\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(h);
  if (!m) throw new Error(`not an argon2 hash: ${h.slice(0, 30)}`);
  return { variant: m[1], m: Number(m[2]), t: Number(m[3]), p: Number(m[4]) };
}

describe('passwords are stored as Argon2id hashes, upgraded at sign-in', () => {
  it('stores new passwords as Argon2id with m >= 19456 KiB, t >= 2, p = 1', async () => {
    const email = freshEmail();
    expect((await signup(email, 'maple orbit quietly 42')).status).toBe(303);
    const p = argonParams((await storedHash(email))!);
    expect(p.variant).toBe('argon2id');
    expect(p.m).toBeGreaterThanOrEqual(19456);
    expect(p.t).toBeGreaterThanOrEqual(2);
    expect(p.p).toBe(1);
  });

  it.each([
    ['weaker Argon2id', { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 }],
    ['Argon2i', { algorithm: 1, memoryCost: 19456, timeCost: 2, parallelism: 1 }],
  ] as const)('rehashes a %s hash at the next successful login', async (_label, params) => {
    const email = freshEmail('old');
    const password = 'legacy hash password 7';
    const old = await hash(password, params);
    const changedAt = Date.now() - 86_400_000;
    await portalExec(portal.dataDir, 'INSERT INTO users (email, password_hash, created_at, password_changed_at) VALUES (?, ?, ?, ?)', [
      email,
      old,
      changedAt,
      changedAt,
    ]);

    expect((await logInHttp(portal.url, email, 'wrong password here')).status).toBe(400);
    expect(await storedHash(email)).toBe(old);

    expect((await logInHttp(portal.url, email, password)).status).toBe(303);
    const upgraded = argonParams((await storedHash(email))!);
    expect(upgraded).toMatchObject({ variant: 'argon2id', m: 19456, t: 2, p: 1 });
    expect(await portalValue(portal.dataDir, 'SELECT password_changed_at FROM users WHERE email = ?', [email])).toBe(changedAt);
    expect((await logInHttp(portal.url, email, password)).status).toBe(303);
  });
});

describe('password rules: length, not composition; no truncation; common ones refused', () => {
  it('refuses fewer than 15 characters and accepts 15, counting code points (SP 800-63B-4, password as the only factor)', async () => {
    const short = await signup(freshEmail(), 'a1b2c3d4e5f6g7h');
    expect((await signup(freshEmail(), 'a1b2c3d4e5f6g7')).status).toBe(400);
    expect(short.status).toBe(303);
    const fourteen = await signup(freshEmail(), 'zq8!vk2m-rt5#p');
    expect(fourteen.status).toBe(400);
    expect(await fourteen.text()).toContain('Use at least 15 characters (this one has 14)');
    // Eight emoji are sixteen UTF-16 units but eight characters; fifteen different ones pass.
    expect((await signup(freshEmail(), '🦊🐙🦉🐝🌵🍋🚲🎻')).status).toBe(400);
    expect((await signup(freshEmail(), '🦊🐙🦉🐝🌵🍋🚲🎻🧭🪁🦔🌶🎲🧩🪐')).status).toBe(303);
  });

  it('refuses a common password padded or repeated to reach the length, and sequential runs', async () => {
    for (const [pw, says] of [
      ['password1234567', 'padded with digits or symbols'],
      ['iloveyouiloveyou', 'padded with digits or symbols'],
      ['123456789012345', 'Repeated or sequential characters'],
    ]) {
      const res = await signup(freshEmail(), pw!);
      expect(res.status, pw).toBe(400);
      expect(await res.text()).toContain(says);
    }
  });

  it('accepts 256 characters and refuses 257', async () => {
    const p256 = 'river stone '.repeat(22).slice(0, 256);
    expect((await signup(freshEmail(), p256)).status).toBe(303);
    const res = await signup(freshEmail(), `${p256}x`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Use at most 256 characters');
  });

  it('has no composition rules: lower-case words only are fine', async () => {
    expect((await signup(freshEmail(), 'violet lantern harbour')).status).toBe(303);
  });

  it('never truncates: a prefix of a long password does not log in', async () => {
    const email = freshEmail();
    const long = `${'a quiet evening by the long river '.repeat(3)}end`;
    expect((await signup(email, long)).status).toBe(303);
    expect((await logInHttp(portal.url, email, long.slice(0, 72))).status).toBe(400);
    expect((await logInHttp(portal.url, email, long.slice(0, -1))).status).toBe(400);
    expect((await logInHttp(portal.url, email, long)).status).toBe(303);
  });

  it('normalises Unicode with NFKC: full-width and decomposed forms log in as the plain ones', async () => {
    const email = freshEmail();
    expect((await signup(email, 'ｍａｐｌｅ ｈａｒｂｏｕｒ ９'.normalize('NFC'))).status).toBe(303);
    expect((await logInHttp(portal.url, email, 'maple harbour 9')).status).toBe(303);

    const email2 = freshEmail();
    expect((await signup(email2, 'caf\u00e9 au lait matin')).status).toBe(303);
    expect((await logInHttp(portal.url, email2, 'cafe\u0301 au lait matin')).status).toBe(303);
  });

  it.each(['password', 'iloveyou', 'sunshine', '12345678', 'qwertyuiop', 'baseball1', 'PASSWORD1', 'ｐａｓｓｗｏｒｄ'])(
    'refuses the common password %s',
    async (pw) => {
      const res = await signup(freshEmail(), pw);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('10,000 most common passwords');
    },
  );
});

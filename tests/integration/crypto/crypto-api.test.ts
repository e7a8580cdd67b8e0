import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encrypt as fernetEncrypt, generateKey } from '../../../src/lib/shared/crypto/fernet';
import { createAccount, type TestAccount } from '../../helpers/accounts';
import { startPortal, type PortalProcess } from '../../helpers/portal';
import { type ApiAnswer, postJson } from './api-client';

/** The /api/crypto endpoints against the built portal: results, exact 400 reasons, guards and limits. */

let portal: PortalProcess;
let user: TestAccount;
let post: (path: string, body: unknown) => Promise<ApiAnswer>;

beforeAll(async () => {
  portal = await startPortal();
  user = await createAccount(portal.dataDir);
  post = (path, body) => postJson(portal.url, path, body, user.token);
});
afterAll(async () => {
  await portal?.stop();
});

describe('guards', () => {
  it('401 anonymous, 403 without the crypto scope, 405 for other methods', async () => {
    expect((await postJson(portal.url, '/api/crypto/hash', { algorithm: 'sha256', data: 'x' })).status).toBe(401);
    const restOnly = await createAccount(portal.dataDir, { scopes: ['rest'] });
    const denied = await postJson(portal.url, '/api/crypto/hash', { algorithm: 'sha256', data: 'x' }, restOnly.token);
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ error: { code: 'insufficient_scope' } });
    const get = await fetch(`${portal.url}/api/crypto/hash`, { headers: { authorization: `Bearer ${user.token}` } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });
});

describe('hash and hmac', () => {
  it("reproduces the interview's two digests and flags MD5 as broken", async () => {
    const sha = await post('/api/crypto/hash', { algorithm: 'sha256', data: 'Test text 1!' });
    expect(sha.body).toMatchObject({ algorithm: 'SHA-256', hex: '869297af031fb9520b603295d34f9ede3201565145b60e62af6623f69d9a3564', broken: false });
    const md5 = await post('/api/crypto/hash', { algorithm: 'MD5', data: 'Test Text 1!' });
    expect(md5.body).toMatchObject({ hex: 'b9584c9631b248822b01720c7f3e0a92', broken: true, warning: expect.stringContaining('collision') });
    expect(md5.headers.get('ratelimit-limit')).toBe('600');
  });

  it('hashes binary input sent as base64, and says exactly what is wrong', async () => {
    const file = Buffer.alloc(300_000, 7);
    const res = await post('/api/crypto/hash', { algorithm: 'sha3_256', data: file.toString('base64'), encoding: 'base64' });
    expect(res.body).toMatchObject({ algorithm: 'SHA3-256', inputBytes: 300_000 });
    const cases: [unknown, RegExp][] = [
      [{ algorithm: 'sha224', data: 'x' }, /Unknown hash algorithm "sha224"; use one of MD5/],
      [{ algorithm: 'sha256', data: 'zz', encoding: 'hex' }, /"data" field is not valid hex/],
      [{ algorithm: 'sha256', data: 'a$b=', encoding: 'base64' }, /"data" field is not valid base64: character "\$" at position 1/],
      [{ algorithm: 'sha256' }, /^data: is required\.$/],
      [{ algorithm: 'sha256', data: 5 }, /^data: must be a string/],
      [{ algorithm: 'sha256', data: 'x', colour: 'red' }, /unknown field "colour"/],
      [[1, 2], /must be a JSON object, not array/],
    ];
    for (const [body, message] of cases) {
      const r = await post('/api/crypto/hash', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect((r.body as { error: { message: string } }).error.message).toMatch(message);
    }
  });

  it('computes and checks an HMAC', async () => {
    const mac = await post('/api/crypto/hmac', { algorithm: 'sha256', key: 'Jefe', data: 'what do ya want for nothing?' });
    expect(mac.body.hex).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    const ok = await post('/api/crypto/hmac', { algorithm: 'sha256', key: 'Jefe', data: 'what do ya want for nothing?', expected: mac.body.hex });
    expect(ok.body.valid).toBe(true);
    const bad = await post('/api/crypto/hmac', { algorithm: 'sha256', key: 'Jefe', data: 'what do ya want for nothing!', expected: mac.body.hex });
    expect(bad.body.valid).toBe(false);
  });
});

describe('fernet', () => {
  it('makes a key, encrypts, decrypts, and names each failed check', async () => {
    const { key } = (await post('/api/crypto/fernet/key', {})).body as { key: string };
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    const { token } = (await post('/api/crypto/fernet/encrypt', { key, data: 'on the server' })).body as { token: string };
    expect(token.startsWith('gAAAAA')).toBe(true);
    const plain = await post('/api/crypto/fernet/decrypt', { key, token, ttl: 60 });
    expect(plain.body).toMatchObject({ text: 'on the server', bytes: 13 });

    const other = await generateKey();
    expect((await post('/api/crypto/fernet/decrypt', { key: other, token })).body).toMatchObject({ error: { code: 'invalid_signature' } });
    const old = await fernetEncrypt(key, 'from 1990', { now: new Date('1990-01-01T00:00:00Z') });
    const expired = await post('/api/crypto/fernet/decrypt', { key, token: old, ttl: 3600 });
    expect(expired.status).toBe(400);
    expect(expired.body).toMatchObject({ error: { code: 'expired', message: expect.stringContaining('the ttl is 3600 s') } });
    expect((await post('/api/crypto/fernet/decrypt', { key: 'abc', token })).body).toMatchObject({ error: { code: 'invalid_key' } });
    expect((await post('/api/crypto/fernet/decrypt', { key, token: 'hello' })).body).toMatchObject({ error: { code: 'invalid_token' } });
    expect((await post('/api/crypto/fernet/decrypt', { token })).body).toMatchObject({
      error: { message: expect.stringContaining('either "key" or "keys"') },
    });

    const rotated = await post('/api/crypto/fernet/decrypt', { keys: [other, key], token: old });
    expect(rotated.body).toMatchObject({ text: 'from 1990', keyIndex: 1, createdAt: '1990-01-01T00:00:00.000Z' });
  });
});

describe('rsa', () => {
  it('generates PKCS#1 and PKCS#8 keys, encrypts, decrypts, explains the OAEP limit, and goes hybrid', async () => {
    const pair = (await post('/api/crypto/rsa/keypair', { modulusLength: 2048, privateFormat: 'pkcs1' })).body as {
      publicKey: string;
      privateKey: string;
      maxOaepMessageBytes: number;
    };
    expect(pair.privateKey).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(pair.maxOaepMessageBytes).toBe(190);
    const ct = (await post('/api/crypto/rsa/encrypt', { publicKey: pair.publicKey, data: 'short secret' })).body as { ciphertext: string };
    expect(Buffer.from(ct.ciphertext, 'base64')).toHaveLength(256);
    expect((await post('/api/crypto/rsa/decrypt', { privateKey: pair.privateKey, ciphertext: ct.ciphertext })).body).toMatchObject({
      mode: 'oaep',
      text: 'short secret',
    });

    const tooLong = await post('/api/crypto/rsa/encrypt', { publicKey: pair.publicKey, data: 'x'.repeat(191) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({
      error: { code: 'message_too_long', message: expect.stringMatching(/191 bytes.*at most 190 bytes.*"mode": "hybrid"/) },
    });

    const long = 'a long message '.repeat(1000);
    const jwe = (await post('/api/crypto/rsa/encrypt', { publicKey: pair.publicKey, data: long, mode: 'hybrid' })).body as { ciphertext: string };
    expect(jwe.ciphertext.split('.')).toHaveLength(5);
    expect((await post('/api/crypto/rsa/decrypt', { privateKey: pair.privateKey, ciphertext: jwe.ciphertext })).body).toMatchObject({
      mode: 'hybrid',
      text: long,
    });

    const wrongKey = await post('/api/crypto/rsa/decrypt', { privateKey: pair.publicKey, ciphertext: ct.ciphertext });
    expect(wrongKey.body).toMatchObject({ error: { code: 'invalid_key', message: expect.stringContaining('This is a public key') } });
  });

  it('signs and verifies with RSA-PSS', async () => {
    const pair = (await post('/api/crypto/rsa/keypair', { privateFormat: 'pkcs8' })).body as { publicKey: string; privateKey: string };
    expect(pair.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const sig = (await post('/api/crypto/rsa/sign', { privateKey: pair.privateKey, data: 'I agree' })).body as {
      signature: string;
      saltLength: number;
    };
    expect(sig.saltLength).toBe(32);
    expect((await post('/api/crypto/rsa/verify', { publicKey: pair.publicKey, data: 'I agree', signature: sig.signature })).body.valid).toBe(true);
    expect((await post('/api/crypto/rsa/verify', { publicKey: pair.publicKey, data: 'I disagree', signature: sig.signature })).body.valid).toBe(
      false,
    );
    expect(
      (await post('/api/crypto/rsa/verify', { publicKey: pair.publicKey, data: 'I agree', signature: sig.signature, saltLength: 'max' })).body.valid,
    ).toBe(false);
  });

  it('rate-limits key generation per user with Retry-After', async () => {
    const busy = await createAccount(portal.dataDir);
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof postJson>> | undefined;
    for (let i = 0; i < 11; i++) {
      last = await postJson(portal.url, '/api/crypto/rsa/keypair', {}, busy.token);
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('password hashing speed, measured on the server', () => {
  it('reports SHA-256 and Argon2id rates with the sign-in parameters', async () => {
    const res = await post('/api/crypto/password-hashing', { argon2Hashes: 2 });
    expect(res.status).toBe(200);
    const body = res.body as {
      sha256: { perSecond: number; hashes: number };
      argon2id: { params: Record<string, number>; hashes: number; perSecond: number };
      ratio: number;
    };
    expect(body.argon2id.params).toEqual({ memoryKiB: 19456, iterations: 2, parallelism: 1 });
    expect(body.argon2id.hashes).toBe(2);
    expect(body.sha256.hashes).toBeGreaterThan(0);
    expect(body.argon2id.perSecond).toBeGreaterThan(0);
    expect(body.ratio).toBeGreaterThan(0);
  });
});

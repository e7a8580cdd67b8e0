import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../helpers/accounts';
import { startPortal, type PortalProcess } from '../../helpers/portal';
import { CRYPTO_ENDPOINTS } from './api-client';

/**
 * Arbitrary garbage to every crypto endpoint: random bytes, random text,
 * random JSON (never the empty object, which the key generators accept),
 * under random content types. Every answer must be a 4xx with a JSON error,
 * never a 5xx, and the server must log no unhandled error.
 */

let portal: PortalProcess;

beforeAll(async () => {
  portal = await startPortal({ env: { API_RATE_LIMIT: '100000' } });
});
afterAll(async () => {
  await portal?.stop();
});

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  null,
);

const notEmptyObject = (v: unknown) => !(v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);

// Each endpoint's own field names with wrong or hostile values, to get past JSON parsing and
// the unknown-field check into validation and the library itself.
const FIELD_VALUES = {
  algorithm: fc.oneof(fc.constantFrom('sha256', 'md5', 'blake2b', '__proto__', 'constructor', ''), fc.string()),
  data: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant('x'.repeat(200))),
  encoding: fc.constantFrom('hex', 'base64', 'base64url', 'utf8', 'latin1'),
  key: fc.oneof(fc.string(), fc.constantFrom('cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=', 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4')),
  keyEncoding: fc.constantFrom('hex', 'base64', 'utf8', 'utf16'),
  keys: fc.oneof(fc.array(fc.string(), { maxLength: 10 }), fc.constant([]), fc.string()),
  expected: fc.oneof(fc.string(), fc.constant('abc')),
  token: fc.oneof(fc.string(), fc.constant('gAAAAAAdwJ6xAAECAwQFBgcICQoLDA0OD3HkMATM5lFqGaerZ-fWPA==')),
  ttl: fc.oneof(fc.double(), fc.integer({ min: -5, max: 5 }), fc.string()),
  publicKey: fc.oneof(fc.string(), fc.constant('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')),
  privateKey: fc.oneof(fc.string(), fc.constant('-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----')),
  ciphertext: fc.oneof(fc.string(), fc.constant('a.b.c.d.e'), fc.constant('eyJhbGciOiJSU0EtT0FFUC0yNTYiLCJlbmMiOiJBMjU2R0NNIn0.AA.AA.AA.AA')),
  mode: fc.constantFrom('oaep', 'hybrid', 'rsa', 1),
  label: fc.oneof(fc.string(), fc.integer()),
  signature: fc.string(),
  saltLength: fc.oneof(fc.integer(), fc.string()),
  modulusLength: fc.oneof(fc.integer(), fc.constant(1024), fc.constant('2048')),
  privateFormat: fc.constantFrom('pkcs8', 'pkcs1', 'jwk'),
  publicFormat: fc.constantFrom('spki', 'pkcs1', 'ssh'),
  argon2Hashes: fc.oneof(
    fc.integer({ min: -3, max: 1000 }).filter((n) => n < 1 || n > 8),
    fc.string(),
  ),
};
type Field = keyof typeof FIELD_VALUES;

const FIELDS: Record<(typeof CRYPTO_ENDPOINTS)[number], Field[]> = {
  '/api/crypto/hash': ['algorithm', 'data', 'encoding'],
  '/api/crypto/hmac': ['algorithm', 'key', 'keyEncoding', 'data', 'encoding', 'expected'],
  '/api/crypto/password-hashing': ['argon2Hashes'],
  '/api/crypto/fernet/key': [],
  '/api/crypto/fernet/encrypt': ['key', 'data', 'encoding'],
  '/api/crypto/fernet/decrypt': ['key', 'keys', 'token', 'ttl'],
  '/api/crypto/rsa/keypair': ['modulusLength', 'privateFormat', 'publicFormat'],
  '/api/crypto/rsa/encrypt': ['publicKey', 'data', 'encoding', 'mode', 'label'],
  '/api/crypto/rsa/decrypt': ['privateKey', 'ciphertext', 'mode', 'label'],
  '/api/crypto/rsa/sign': ['privateKey', 'data', 'encoding', 'saltLength'],
  '/api/crypto/rsa/verify': ['publicKey', 'data', 'encoding', 'signature', 'saltLength'],
};

function nearMiss(path: (typeof CRYPTO_ENDPOINTS)[number]) {
  const own = Object.fromEntries(FIELDS[path].map((f) => [f, FIELD_VALUES[f]]));
  // An endpoint without fields gets a stray one, which it must refuse.
  const model = FIELDS[path].length ? own : { stray: fc.string() };
  return fc
    .record(model, { requiredKeys: [] })
    .filter(notEmptyObject)
    .map((v) => JSON.stringify(v));
}

const garbage = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 200 }).map((b) => new Uint8Array(b)),
  fc.string({ minLength: 1, maxLength: 200 }),
  // Random JSON never uses an endpoint's field names, so it can never be a valid request.
  fc
    .jsonValue({ maxDepth: 3 })
    .filter(notEmptyObject)
    .map((v) => JSON.stringify(v)),
);

async function send(path: string, token: string, payload: string | Uint8Array<ArrayBuffer>, type: string | null) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (type) headers['content-type'] = type;
  const res = await fetch(portal.url + path, { method: 'POST', headers, body: payload });
  const text = await res.text();
  const what = `${path} ${type} ${String(payload).slice(0, 160)} -> ${res.status} ${text.slice(0, 300)}`;
  expect(res.status, what).toBeLessThan(500);
  expect(text, what).not.toMatch(/\bat \w+ \(|node_modules/);
  const parsed = JSON.parse(text) as { error?: { code: string; message: string } };
  if (res.status >= 400) expect(parsed.error!.message.length, what).toBeGreaterThan(5);
  return res.status;
}

describe('garbage to every crypto endpoint', () => {
  for (const path of CRYPTO_ENDPOINTS) {
    it(`${path}: garbage gets a 4xx with a JSON error, near misses never a 5xx`, async () => {
      const { token } = await createAccount(portal.dataDir);
      await fc.assert(
        fc.asyncProperty(garbage, contentType, async (payload, type) => {
          expect(await send(path, token, payload, type)).toBeGreaterThanOrEqual(400);
        }),
        { numRuns: 50 },
      );
      // Right field names, wrong or hostile values: these reach validation and the library.
      await fc.assert(
        fc.asyncProperty(nearMiss(path), async (payload) => {
          await send(path, token, payload, 'application/json');
        }),
        { numRuns: 50 },
      );
    });
  }

  it('logged no unhandled error while doing it', () => {
    expect(portal.output()).not.toContain('unhandled error');
  });
});

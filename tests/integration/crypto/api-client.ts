/** A tiny client for the crypto API in tests: POST JSON with a bearer token, read JSON back. */

export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** POST `body` as JSON to `path` with a bearer token. */
export async function postJson<T = Record<string, unknown>>(baseUrl: string, path: string, body: unknown, token?: string): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(baseUrl + path, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}

/** Every crypto endpoint, as the garbage test walks them. */
export const CRYPTO_ENDPOINTS = [
  '/api/crypto/hash',
  '/api/crypto/hmac',
  '/api/crypto/password-hashing',
  '/api/crypto/fernet/key',
  '/api/crypto/fernet/encrypt',
  '/api/crypto/fernet/decrypt',
  '/api/crypto/rsa/keypair',
  '/api/crypto/rsa/encrypt',
  '/api/crypto/rsa/decrypt',
  '/api/crypto/rsa/sign',
  '/api/crypto/rsa/verify',
] as const;

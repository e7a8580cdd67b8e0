/**
 * Byte helpers shared by every crypto module. WebCrypto's TypeScript types
 * want `Uint8Array<ArrayBuffer>` (never a view on a SharedArrayBuffer), so the
 * library works in that type throughout and converts at its edges.
 */

/** Bytes backed by a plain ArrayBuffer: what WebCrypto accepts. */
export type Bytes = Uint8Array<ArrayBuffer>;

/** What callers may pass where the library expects bytes or text (text is UTF-8 encoded). */
export type BytesLike = string | Uint8Array | ArrayBuffer;

const encoder = new TextEncoder();

/** UTF-8 encode a string. */
export function utf8(text: string): Bytes {
  return encoder.encode(text);
}

// Made once: a fatal TextDecoder costs more to make than a short decode, and a decode without `stream` starts afresh.
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/** Decode UTF-8 strictly; throws a TypeError on invalid sequences. */
export function fromUtf8(bytes: Uint8Array): string {
  return strictDecoder.decode(bytes);
}

/** Whether bytes are valid UTF-8 (so they can be shown as text). */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    fromUtf8(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Normalise text, bytes or an ArrayBuffer to Bytes (copying only when the buffer is not a plain ArrayBuffer). */
export function toBytes(input: BytesLike): Bytes {
  if (typeof input === 'string') return utf8(input);
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (input.buffer instanceof ArrayBuffer) return input as Bytes;
  return new Uint8Array(input);
}

/** Concatenate byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Bytes {
  let size = 0;
  for (const p of parts) size += p.byteLength;
  const out = new Uint8Array(size);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.byteLength;
  }
  return out;
}

/** Cryptographically random bytes from the platform CSPRNG. */
export function randomBytes(length: number): Bytes {
  const out = new Uint8Array(length);
  // getRandomValues fills at most 65536 bytes per call.
  for (let off = 0; off < length; off += 65536) {
    globalThis.crypto.getRandomValues(out.subarray(off, Math.min(length, off + 65536)));
  }
  return out;
}

/**
 * Compare two byte arrays in time that depends only on their lengths, so an
 * attacker timing the answer learns nothing about where they differ.
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  let diff = 0;
  for (let i = 0; i < a.byteLength; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * Whether a value is a WebCrypto key. Checked by shape as well, because
 * where `crypto.subtle` is lent by another context (the notebook kernel's
 * bridge) keys are handles and `CryptoKey` itself may not exist.
 */
export function isCryptoKey(value: unknown): value is CryptoKey {
  if (typeof CryptoKey !== 'undefined' && value instanceof CryptoKey) return true;
  if (!value || typeof value !== 'object' || value instanceof Uint8Array || value instanceof ArrayBuffer) return false;
  const k = value as Partial<CryptoKey>;
  return typeof k.type === 'string' && typeof k.algorithm === 'object' && Array.isArray(k.usages);
}

/** The platform's SubtleCrypto (browsers in secure contexts, Node 20+). */
export function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('WebCrypto (crypto.subtle) is not available here; browsers offer it only on https:// or localhost pages.');
  return s;
}

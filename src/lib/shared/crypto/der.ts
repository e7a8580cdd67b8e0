import { type Bytes, concatBytes } from './bytes';
import { CryptoError } from './errors';

/**
 * Just enough DER (ASN.1) to move RSA keys between the containers WebCrypto
 * speaks (SPKI, PKCS#8) and the "traditional" PKCS#1 ones OpenSSL and
 * Python's `TraditionalOpenSSL` write. Reads are bounds-checked and refuse
 * indefinite or over-long lengths.
 */

/** One DER element: tag byte, content, and where the whole element ends. */
export interface DerElement {
  tag: number;
  content: Bytes;
  end: number;
}

const bad = (why: string) => new CryptoError('invalid_key', `The key's DER structure is malformed: ${why}.`);

/** Read the element starting at `offset`. */
export function readElement(buf: Bytes, offset = 0): DerElement {
  if (offset + 2 > buf.byteLength) throw bad('it ends too early');
  const tag = buf[offset]!;
  let len = buf[offset + 1]!;
  let pos = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw bad('a length field is indefinite or too long');
    if (pos + n > buf.byteLength) throw bad('a length field runs past the end');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[pos + i]!;
    pos += n;
  }
  if (pos + len > buf.byteLength) throw bad('an element runs past the end');
  return { tag, content: buf.subarray(pos, pos + len), end: pos + len };
}

/** Read a buffer that must hold exactly one element (no trailing bytes). */
export function readWhole(buf: Bytes): DerElement {
  const el = readElement(buf, 0);
  if (el.end !== buf.byteLength) throw bad('there are stray bytes after the key');
  return el;
}

/** The child elements of a constructed element's content. */
export function readChildren(content: Bytes): DerElement[] {
  const out: DerElement[] = [];
  for (let off = 0; off < content.byteLength;) {
    const el = readElement(content, off);
    out.push(el);
    off = el.end;
  }
  return out;
}

/** Encode one element. */
export function encodeElement(tag: number, content: Uint8Array): Bytes {
  const len = content.byteLength;
  let header: number[];
  if (len < 0x80) header = [tag, len];
  else {
    const bytes: number[] = [];
    for (let l = len; l > 0; l = Math.floor(l / 256)) bytes.unshift(l & 0xff);
    header = [tag, 0x80 | bytes.length, ...bytes];
  }
  return concatBytes(new Uint8Array(header), content);
}

/** DER tags used here. */
export const TAG = { INTEGER: 0x02, BIT_STRING: 0x03, OCTET_STRING: 0x04, NULL: 0x05, OID: 0x06, SEQUENCE: 0x30 } as const;

/** AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }. */
export const RSA_ENCRYPTION_ALG_ID = new Uint8Array([0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00]);
const RSA_OID = RSA_ENCRYPTION_ALG_ID.subarray(4, 13);

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((v, i) => v === b[i]);
}

function expectTag(el: DerElement | undefined, tag: number, what: string): DerElement {
  if (!el || el.tag !== tag) throw bad(`expected ${what}`);
  return el;
}

function checkRsaAlgorithm(algId: DerElement, container: string): void {
  const oid = readChildren(expectTag(algId, TAG.SEQUENCE, 'an AlgorithmIdentifier').content)[0];
  if (!oid || oid.tag !== TAG.OID || !sameBytes(oid.content, RSA_OID)) {
    throw new CryptoError('invalid_key', `The ${container} holds a key that is not an RSA (rsaEncryption) key.`);
  }
}

/** Wrap a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo. */
export function pkcs1PrivateToPkcs8(pkcs1: Bytes): Bytes {
  const seq = readChildren(expectTag(readWhole(pkcs1), TAG.SEQUENCE, 'an RSAPrivateKey SEQUENCE').content);
  if (seq.length < 9 || seq.some((el) => el.tag !== TAG.INTEGER)) throw bad('an RSAPrivateKey has nine INTEGERs');
  const version = encodeElement(TAG.INTEGER, new Uint8Array([0]));
  return encodeElement(TAG.SEQUENCE, concatBytes(version, RSA_ENCRYPTION_ALG_ID, encodeElement(TAG.OCTET_STRING, pkcs1)));
}

/** Unwrap the PKCS#1 RSAPrivateKey inside a PKCS#8 PrivateKeyInfo. */
export function pkcs8ToPkcs1Private(pkcs8: Bytes): Bytes {
  const [version, algId, key] = readChildren(expectTag(readWhole(pkcs8), TAG.SEQUENCE, 'a PrivateKeyInfo SEQUENCE').content);
  expectTag(version, TAG.INTEGER, 'a version INTEGER');
  checkRsaAlgorithm(algId!, 'PKCS#8 container');
  return expectTag(key, TAG.OCTET_STRING, 'an OCTET STRING with the private key').content.slice();
}

/** Wrap a PKCS#1 RSAPublicKey in an SPKI SubjectPublicKeyInfo. */
export function pkcs1PublicToSpki(pkcs1: Bytes): Bytes {
  const seq = readChildren(expectTag(readWhole(pkcs1), TAG.SEQUENCE, 'an RSAPublicKey SEQUENCE').content);
  if (seq.length !== 2 || seq.some((el) => el.tag !== TAG.INTEGER)) throw bad('an RSAPublicKey has two INTEGERs');
  return encodeElement(TAG.SEQUENCE, concatBytes(RSA_ENCRYPTION_ALG_ID, encodeElement(TAG.BIT_STRING, concatBytes(new Uint8Array([0]), pkcs1))));
}

/** Unwrap the PKCS#1 RSAPublicKey inside an SPKI SubjectPublicKeyInfo. */
export function spkiToPkcs1Public(spki: Bytes): Bytes {
  const [algId, bits] = readChildren(expectTag(readWhole(spki), TAG.SEQUENCE, 'a SubjectPublicKeyInfo SEQUENCE').content);
  checkRsaAlgorithm(algId!, 'SPKI container');
  const content = expectTag(bits, TAG.BIT_STRING, 'a BIT STRING with the public key').content;
  if (content[0] !== 0) throw bad('the public key BIT STRING has unused bits');
  return content.slice(1);
}

/** Check the outer algorithm of an SPKI or PKCS#8 key is RSA before handing it to WebCrypto. */
export function assertRsaContainer(der: Bytes, kind: 'spki' | 'pkcs8'): void {
  const children = readChildren(expectTag(readWhole(der), TAG.SEQUENCE, 'a SEQUENCE').content);
  checkRsaAlgorithm((kind === 'spki' ? children[0] : children[1])!, kind === 'spki' ? 'SPKI container' : 'PKCS#8 container');
}

import { type Bytes, subtle } from './bytes';
import { assertRsaContainer, pkcs1PrivateToPkcs8, pkcs1PublicToSpki, pkcs8ToPkcs1Private, spkiToPkcs1Public } from './der';
import { CryptoError } from './errors';
import { parsePem, toPem } from './pem';

/**
 * RSA keys: generation (WebCrypto's generateKey runs off the main thread in
 * browsers and on libuv's thread pool in Node, so the page or the event loop
 * keeps going while a 4096-bit key is searched for), and PEM import/export in
 * the formats Python's `cryptography` reads and writes.
 */

/** Modulus sizes offered. 2048 is the minimum today; 3072 matches a 128-bit security level. */
export const RSA_MODULUS_LENGTHS = [2048, 3072, 4096] as const;
/** One of the offered modulus sizes. */
export type RsaModulusLength = (typeof RSA_MODULUS_LENGTHS)[number];
/** What a key will be used for: WebCrypto binds each imported key to one algorithm. */
export type RsaUse = 'oaep' | 'pss';
/** PEM container for a private key: PKCS#8 ("PRIVATE KEY") or PKCS#1 ("RSA PRIVATE KEY", Python's TraditionalOpenSSL). */
export type PrivateKeyFormat = 'pkcs8' | 'pkcs1';
/** PEM container for a public key: SPKI ("PUBLIC KEY") or PKCS#1 ("RSA PUBLIC KEY"). */
export type PublicKeyFormat = 'spki' | 'pkcs1';

/** A generated key pair as PEM text. */
export interface RsaKeyPairPem {
  modulusLength: number;
  publicKeyPem: string;
  privateKeyPem: string;
}

const F4 = new Uint8Array([0x01, 0x00, 0x01]);

function algorithm(use: RsaUse): RsaHashedImportParams {
  return { name: use === 'oaep' ? 'RSA-OAEP' : 'RSA-PSS', hash: 'SHA-256' };
}

/** Whether a number is one of the offered modulus sizes. */
export function isRsaModulusLength(n: unknown): n is RsaModulusLength {
  return typeof n === 'number' && (RSA_MODULUS_LENGTHS as readonly number[]).includes(n);
}

/** Generate an extractable key pair for `use` (public exponent 65537). */
export async function generateRsaKeys(modulusLength: RsaModulusLength = 2048, use: RsaUse = 'oaep'): Promise<CryptoKeyPair> {
  if (!isRsaModulusLength(modulusLength)) {
    throw new CryptoError('invalid_input', `RSA keys here are ${RSA_MODULUS_LENGTHS.join(', ')} bits; got ${String(modulusLength)}.`);
  }
  const usages: KeyUsage[] = use === 'oaep' ? ['encrypt', 'decrypt'] : ['sign', 'verify'];
  return subtle().generateKey({ ...algorithm(use), modulusLength, publicExponent: F4 }, true, usages);
}

/** Generate a key pair and export it as PEM (SPKI public key; PKCS#8 or PKCS#1 private key). */
export async function generateRsaKeyPairPem(
  modulusLength: RsaModulusLength = 2048,
  opts: { privateFormat?: PrivateKeyFormat; publicFormat?: PublicKeyFormat } = {},
): Promise<RsaKeyPairPem> {
  const pair = await generateRsaKeys(modulusLength, 'oaep');
  return {
    modulusLength,
    publicKeyPem: await exportPublicKeyPem(pair.publicKey, opts.publicFormat ?? 'spki'),
    privateKeyPem: await exportPrivateKeyPem(pair.privateKey, opts.privateFormat ?? 'pkcs8'),
  };
}

/** Export a public key as PEM. */
export async function exportPublicKeyPem(key: CryptoKey, format: PublicKeyFormat = 'spki'): Promise<string> {
  const spki = new Uint8Array(await subtle().exportKey('spki', key));
  return format === 'spki' ? toPem('spki', spki) : toPem('pkcs1-public', spkiToPkcs1Public(spki));
}

/** Export a private key as PEM. */
export async function exportPrivateKeyPem(key: CryptoKey, format: PrivateKeyFormat = 'pkcs8'): Promise<string> {
  const pkcs8 = new Uint8Array(await subtle().exportKey('pkcs8', key));
  return format === 'pkcs8' ? toPem('pkcs8', pkcs8) : toPem('pkcs1-private', pkcs8ToPkcs1Private(pkcs8));
}

async function importDer(format: 'spki' | 'pkcs8', der: Bytes, use: RsaUse, usage: KeyUsage): Promise<CryptoKey> {
  assertRsaContainer(der, format);
  try {
    return await subtle().importKey(format, der, algorithm(use), true, [usage]);
  } catch {
    throw new CryptoError('invalid_key', `The ${format === 'spki' ? 'public' : 'private'} key could not be read as an RSA key.`);
  }
}

/** Import a public key from PEM (SPKI or PKCS#1) for encryption (`oaep`) or signature checks (`pss`). */
export async function importPublicKey(pem: string | CryptoKey, use: RsaUse): Promise<CryptoKey> {
  if (typeof pem !== 'string') return checkKey(pem, 'public', use);
  const block = parsePem(pem);
  if (block.kind === 'pkcs8' || block.kind === 'pkcs1-private') {
    throw new CryptoError('invalid_key', 'This is a private key; give the public key ("-----BEGIN PUBLIC KEY-----") here.');
  }
  const spki = block.kind === 'spki' ? block.der : pkcs1PublicToSpki(block.der);
  return checkKey(await importDer('spki', spki, use, use === 'oaep' ? 'encrypt' : 'verify'), 'public', use);
}

/** Import a private key from PEM (PKCS#8 or PKCS#1 "traditional OpenSSL") for decryption (`oaep`) or signing (`pss`). */
export async function importPrivateKey(pem: string | CryptoKey, use: RsaUse): Promise<CryptoKey> {
  if (typeof pem !== 'string') return checkKey(pem, 'private', use);
  const block = parsePem(pem);
  if (block.kind === 'spki' || block.kind === 'pkcs1-public') {
    throw new CryptoError(
      'invalid_key',
      'This is a public key; decrypting and signing need the private key ("-----BEGIN PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----").',
    );
  }
  const pkcs8 = block.kind === 'pkcs8' ? block.der : pkcs1PrivateToPkcs8(block.der);
  return checkKey(await importDer('pkcs8', pkcs8, use, use === 'oaep' ? 'decrypt' : 'sign'), 'private', use);
}

function checkKey(key: CryptoKey, type: KeyType, use: RsaUse): CryptoKey {
  const want = algorithm(use).name;
  if (key.type !== type || key.algorithm.name !== want) {
    throw new CryptoError('invalid_key', `Expected an ${want} ${type} key, got an ${key.algorithm.name} ${key.type} key.`);
  }
  const bits = modulusBits(key);
  if (bits < 2048 || bits > 8192) {
    throw new CryptoError('invalid_key', `RSA keys of ${bits} bits are not accepted; use 2048 to 8192 bits (2048 or more is the minimum today).`);
  }
  return key;
}

/** The modulus size of an imported RSA key, in bits. */
export function modulusBits(key: CryptoKey): number {
  return (key.algorithm as RsaHashedKeyAlgorithm).modulusLength;
}

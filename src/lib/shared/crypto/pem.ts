import type { Bytes } from './bytes';
import { fromBase64, toBase64 } from './encoding';
import { CryptoError } from './errors';

/**
 * PEM armour (RFC 7468): `-----BEGIN <label>-----`, base64 of DER, `-----END
 * <label>-----`. The label says the container; we name the ones we do not
 * take (certificates, password-protected or OpenSSH keys) in the error.
 */

/** RSA key containers this library reads and writes. */
export type PemKind = 'spki' | 'pkcs1-public' | 'pkcs8' | 'pkcs1-private';

const LABELS: Record<string, PemKind> = {
  'PUBLIC KEY': 'spki',
  'RSA PUBLIC KEY': 'pkcs1-public',
  'PRIVATE KEY': 'pkcs8',
  'RSA PRIVATE KEY': 'pkcs1-private',
};

const LABEL_OF: Record<PemKind, string> = {
  spki: 'PUBLIC KEY',
  'pkcs1-public': 'RSA PUBLIC KEY',
  pkcs8: 'PRIVATE KEY',
  'pkcs1-private': 'RSA PRIVATE KEY',
};

const REFUSED: Record<string, string> = {
  'ENCRYPTED PRIVATE KEY':
    'This private key is protected by a password; export it without one (serialization.NoEncryption() in Python, or `openssl pkcs8 -nocrypt`).',
  CERTIFICATE: 'This is an X.509 certificate, not a key; extract its public key first (`openssl x509 -pubkey -noout`).',
  'OPENSSH PRIVATE KEY': 'This is an OpenSSH key; convert it to PEM first (`ssh-keygen -p -m PEM -f key`).',
  'EC PRIVATE KEY': 'This is an elliptic-curve key; RSA keys are needed here.',
};

/** A decoded PEM block. */
export interface PemBlock {
  kind: PemKind;
  der: Bytes;
}

/** Parse one PEM block holding an RSA key. */
export function parsePem(pem: string): PemBlock {
  if (typeof pem !== 'string') throw new CryptoError('invalid_key', 'A PEM key must be text.');
  const begin = /-----BEGIN ([A-Z0-9 ]{1,40})-----/.exec(pem);
  if (!begin) throw new CryptoError('invalid_key', 'No PEM block found: a key starts with a line like "-----BEGIN PUBLIC KEY-----".');
  const label = begin[1]!;
  const endMarker = `-----END ${label}-----`;
  const endAt = pem.indexOf(endMarker, begin.index);
  if (endAt < 0) throw new CryptoError('invalid_key', `The PEM block has no "${endMarker}" line.`);
  if (REFUSED[label]) throw new CryptoError('invalid_key', REFUSED[label]);
  const kind = LABELS[label];
  if (!kind || !Object.prototype.hasOwnProperty.call(LABELS, label)) {
    throw new CryptoError(
      'invalid_key',
      `A "${label}" PEM block is not an RSA key format this portal reads (PUBLIC KEY, RSA PUBLIC KEY, PRIVATE KEY, RSA PRIVATE KEY).`,
    );
  }
  const body = pem.slice(begin.index + begin[0].length, endAt);
  // Legacy OpenSSL encryption announces itself in headers before the base64.
  if (/Proc-Type:\s*4,ENCRYPTED/i.test(body)) throw new CryptoError('invalid_key', REFUSED['ENCRYPTED PRIVATE KEY']!);
  const b64 = body.replace(/\s+/g, '');
  if (!b64) throw new CryptoError('invalid_key', 'The PEM block is empty.');
  try {
    return { kind, der: fromBase64(b64, 'PEM body') };
  } catch (err) {
    throw new CryptoError('invalid_key', (err as Error).message);
  }
}

/** Armour DER bytes as PEM with 64-character lines, as OpenSSL writes it. */
export function toPem(kind: PemKind, der: Uint8Array): string {
  const label = LABEL_OF[kind];
  const b64 = toBase64(der);
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

import { toHex } from './encoding';
import { readTokenFields } from './fernet';

/**
 * A Fernet token taken apart for reading: each field with its offset, size,
 * bytes and meaning. Nothing is verified here; this is for looking, the
 * way the lesson decodes a real token byte by byte.
 */

/** One field of a token. */
export interface TokenFieldRow {
  field: string;
  offset: number;
  bytes: number;
  hex: string;
  meaning: string;
}

/** The token's fields as rows (the ciphertext's hex is shortened past 48 bytes). */
export function describeFernetToken(token: string): TokenFieldRow[] {
  const f = readTokenFields(token);
  const when = f.timestamp <= BigInt(8.64e12) ? new Date(Number(f.timestamp) * 1000).toISOString() : 'far beyond any real date';
  const short = (b: Uint8Array) => (b.byteLength > 48 ? `${toHex(b.subarray(0, 48))}…` : toHex(b));
  const ctStart = 25;
  return [
    { field: 'version', offset: 0, bytes: 1, hex: toHex(f.bytes.subarray(0, 1)), meaning: 'always 0x80 (the only version)' },
    {
      field: 'timestamp',
      offset: 1,
      bytes: 8,
      hex: toHex(f.bytes.subarray(1, 9)),
      meaning: `${f.timestamp} s since 1970 = ${when} (in the clear, not secret)`,
    },
    { field: 'iv', offset: 9, bytes: 16, hex: toHex(f.iv), meaning: 'random AES-CBC initialisation vector, new for every token' },
    {
      field: 'ciphertext',
      offset: ctStart,
      bytes: f.ciphertext.byteLength,
      hex: short(f.ciphertext),
      meaning: `AES-128-CBC of the message plus PKCS#7 padding (${f.ciphertext.byteLength / 16} blocks)`,
    },
    {
      field: 'hmac',
      offset: ctStart + f.ciphertext.byteLength,
      bytes: 32,
      hex: toHex(f.hmac),
      meaning: 'HMAC-SHA256 of every byte before it, under the signing half of the key',
    },
  ];
}

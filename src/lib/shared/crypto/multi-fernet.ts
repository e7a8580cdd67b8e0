import type { Bytes, BytesLike } from './bytes';
import { FernetError, isCryptoError } from './errors';
import { type DecryptOptions, type EncryptOptions, Fernet, type FernetCipher, type FernetKeyInput } from './fernet';

/**
 * Key rotation the way Python's `MultiFernet` does it: encrypt with the first
 * key, accept tokens made with any of them, and `rotate` re-encrypts a token
 * under the first key while keeping its original timestamp.
 */
export class MultiFernet {
  private constructor(private readonly fernets: FernetCipher[]) {}

  /**
   * Import the keys, newest (the one new tokens use) first. `importKey` picks
   * the implementation: WebCrypto by default, node:crypto on the server.
   */
  static async create(
    keys: FernetKeyInput[],
    importKey: (key: FernetKeyInput) => Promise<FernetCipher> = (k) => Fernet.create(k),
  ): Promise<MultiFernet> {
    if (!Array.isArray(keys) || keys.length === 0) {
      throw new FernetError('invalid_key', 'MultiFernet needs at least one key.');
    }
    return new MultiFernet(await Promise.all(keys.map((k) => importKey(k))));
  }

  /** Encrypt with the first (primary) key. */
  encrypt(data: BytesLike, opts: EncryptOptions = {}): Promise<string> {
    return this.fernets[0]!.encrypt(data, opts);
  }

  /**
   * Try each key in turn. Only a signature mismatch moves on to the next key;
   * any other failure (expired, bad padding) belongs to the token itself and
   * is reported as is, along with which key matched.
   */
  async decryptWithTimestamp(token: string | Uint8Array, opts: DecryptOptions = {}): Promise<{ data: Bytes; timestamp: bigint; keyIndex: number }> {
    for (let i = 0; i < this.fernets.length; i++) {
      try {
        const out = await this.fernets[i]!.decryptWithTimestamp(token, opts);
        return { ...out, keyIndex: i };
      } catch (err) {
        if (isCryptoError(err) && err.code === 'invalid_signature') continue;
        throw err;
      }
    }
    throw new FernetError(
      'invalid_signature',
      this.fernets.length === 1 ? "The token's HMAC does not match the key." : `The token's HMAC matches none of the ${this.fernets.length} keys.`,
    );
  }

  /** Verify and decrypt with whichever key made the token. */
  async decrypt(token: string | Uint8Array, opts: DecryptOptions = {}): Promise<Bytes> {
    return (await this.decryptWithTimestamp(token, opts)).data;
  }

  /** Re-encrypt a token under the primary key, keeping its timestamp (so its age still counts toward a TTL). */
  async rotate(token: string | Uint8Array): Promise<string> {
    const { data, timestamp } = await this.decryptWithTimestamp(token);
    return this.fernets[0]!.encrypt(data, { now: Number(timestamp) });
  }
}

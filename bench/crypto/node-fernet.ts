import nodeCrypto from 'node:crypto';

/**
 * Fernet written directly on node:crypto (synchronous OpenSSL calls), the
 * baseline the bench compares the portal's WebCrypto implementation with.
 * Minimal on purpose: no TTL, raw 32-byte key.
 */
export function nodeFernet(key: Uint8Array) {
  const signing = Buffer.from(key.subarray(0, 16));
  const encryption = Buffer.from(key.subarray(16, 32));
  return {
    encrypt(data: Buffer): string {
      const iv = nodeCrypto.randomBytes(16);
      const header = Buffer.alloc(9);
      header[0] = 0x80;
      header.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000)), 1);
      const cipher = nodeCrypto.createCipheriv('aes-128-cbc', encryption, iv);
      const body = Buffer.concat([header, iv, cipher.update(data), cipher.final()]);
      const mac = nodeCrypto.createHmac('sha256', signing).update(body).digest();
      const b64 = Buffer.concat([body, mac]).toString('base64url');
      // Fernet tokens keep base64's "=" padding; Node's base64url drops it.
      return b64 + '='.repeat((4 - (b64.length % 4)) % 4);
    },
    decrypt(token: string): Buffer {
      const raw = Buffer.from(token, 'base64url');
      const body = raw.subarray(0, raw.length - 32);
      const mac = nodeCrypto.createHmac('sha256', signing).update(body).digest();
      if (raw[0] !== 0x80 || !nodeCrypto.timingSafeEqual(mac, raw.subarray(raw.length - 32))) throw new Error('invalid token');
      const decipher = nodeCrypto.createDecipheriv('aes-128-cbc', encryption, raw.subarray(9, 25));
      return Buffer.concat([decipher.update(raw.subarray(25, raw.length - 32)), decipher.final()]);
    },
  };
}

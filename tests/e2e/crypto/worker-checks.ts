import { installSubtleCryptoBridge } from '../../../src/lib/client/crypto/subtle-bridge';
import { hashHex } from '../../../src/lib/shared/crypto/hash';
import { decryptText, encrypt } from '../../../src/lib/shared/crypto/fernet';
import { hybridDecrypt, hybridEncrypt } from '../../../src/lib/shared/crypto/rsa-hybrid';
import { exportPrivateKeyPem, generateRsaKeyPairPem } from '../../../src/lib/shared/crypto/rsa-keys';
import { rsaPssSign, rsaPssVerify } from '../../../src/lib/shared/crypto/rsa-pss';

/**
 * Runs inside a blob: worker of an opaque-origin sandboxed iframe, the way
 * notebook cells run: installs the WebCrypto bridge, then exercises the
 * portal's own crypto library there and posts what it found.
 */

const bridged = installSubtleCryptoBridge();

async function checks(): Promise<Record<string, unknown>> {
  const specToken = await encrypt('cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=', 'hello', {
    now: 499162800,
    iv: Uint8Array.from({ length: 16 }, (_, i) => i),
  });
  const pair = await generateRsaKeyPairPem(2048, { privateFormat: 'pkcs1' });
  const jwe = await hybridEncrypt(pair.publicKeyPem, 'x'.repeat(5000));
  const opened = new TextDecoder().decode(await hybridDecrypt(pair.privateKeyPem, jwe));
  const signingKeys = await crypto.subtle.generateKey(
    { name: 'RSA-PSS', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    true,
    ['sign', 'verify'],
  );
  const signature = await rsaPssSign(signingKeys.privateKey, 'signed in a worker');
  let wrongKeyError = '';
  try {
    await decryptText('cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=', await encrypt('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', 'x'));
  } catch (err) {
    wrongKeyError = (err as { code?: string }).code ?? String(err);
  }
  let domError = '';
  try {
    await crypto.subtle.decrypt({ name: 'RSA-OAEP' }, signingKeys.privateKey, new Uint8Array(256));
  } catch (err) {
    domError = `${(err as Error).name}:${err instanceof DOMException}`;
  }
  return {
    bridged,
    secure: self.isSecureContext,
    sha256: await hashHex('SHA-256', 'Test text 1!'),
    md5: await hashHex('MD5', 'Test Text 1!'),
    specToken,
    pkcs1: pair.privateKeyPem.split('\n')[0],
    reExported: (await exportPrivateKeyPem(signingKeys.privateKey, 'pkcs1')).split('\n')[0],
    hybrid: opened.length,
    pss: await rsaPssVerify(signingKeys.publicKey, 'signed in a worker', signature),
    pssTampered: await rsaPssVerify(signingKeys.publicKey, 'signed in a worker!', signature),
    wrongKeyError,
    domError,
  };
}

checks().then(
  (result) => postMessage({ result }),
  (err: Error) => postMessage({ error: `${err.name}: ${err.message}` }),
);

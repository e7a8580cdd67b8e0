import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../../src/lib/shared/crypto/encoding';
import { decrypt as fernetDecrypt, encrypt as fernetEncrypt, generateKey } from '../../../src/lib/shared/crypto/fernet';
import * as serverFernet from '../../../src/lib/server/crypto/fernet';
import { hybridDecrypt, hybridEncrypt } from '../../../src/lib/shared/crypto/rsa-hybrid';
import { generateRsaKeyPairPem, importPrivateKey } from '../../../src/lib/shared/crypto/rsa-keys';
import { rsaOaepDecrypt, rsaOaepEncrypt } from '../../../src/lib/shared/crypto/rsa-oaep';
import { rsaPssSign, rsaPssVerify } from '../../../src/lib/shared/crypto/rsa-pss';
import { runPython } from '../../helpers/python-tabs';

/**
 * Interop with Python's `cryptography` (Debian's python3-cryptography, run by
 * /usr/bin/python3), both ways: what Python makes decrypts and verifies here,
 * what we make decrypts and verifies there, with PKCS#1 and PKCS#8 keys.
 */

async function python<T>(code: string, input: unknown = null): Promise<T> {
  const result = await runPython(code, { IL_INPUT: JSON.stringify(input) });
  if (result.code !== 0) throw new Error(`python failed (${result.code}):\n${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const MESSAGE = 'Interop check: ünïcödé and emoji 🔐';

interface FromPython {
  fernet: { key: string; token: string; rotated: string; oldKey: string };
  rsa: { format: string; privateKey: string; publicKey: string; oaep: string; labelled: string; pssDigest: string; pssMax: string; jwe: string }[];
}

describe('Python-made → decrypted and verified here', () => {
  it('Fernet tokens, MultiFernet rotation, RSA-OAEP (PKCS#1 and PKCS#8 keys), PSS and hybrid JWE', async () => {
    const out = await python<FromPython>(`
import base64, json, os
from cryptography.fernet import Fernet, MultiFernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

msg = ${JSON.stringify(MESSAGE)}.encode()
b64u = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
key, old_key = Fernet.generate_key(), Fernet.generate_key()
old_token = Fernet(old_key).encrypt(msg)
fernet = {"key": key.decode(), "token": Fernet(key).encrypt(msg).decode(),
          "oldKey": old_key.decode(), "rotated": MultiFernet([Fernet(key), Fernet(old_key)]).rotate(old_token).decode()}

oaep = lambda label=None: padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=label)
pss = lambda salt: padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=salt)
rsa_out = []
for fmt_name, fmt in (("pkcs1", serialization.PrivateFormat.TraditionalOpenSSL), ("pkcs8", serialization.PrivateFormat.PKCS8)):
    priv = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pub = priv.public_key()
    header = b64u(json.dumps({"alg": "RSA-OAEP-256", "enc": "A256GCM"}).encode())
    cek, iv = AESGCM.generate_key(bit_length=256), os.urandom(12)
    sealed = AESGCM(cek).encrypt(iv, msg * 50, header.encode())
    jwe = ".".join([header, b64u(pub.encrypt(cek, oaep())), b64u(iv), b64u(sealed[:-16]), b64u(sealed[-16:])])
    rsa_out.append({
        "format": fmt_name,
        "privateKey": priv.private_bytes(serialization.Encoding.PEM, fmt, serialization.NoEncryption()).decode(),
        "publicKey": pub.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode(),
        "oaep": base64.b64encode(pub.encrypt(msg, oaep())).decode(),
        "labelled": base64.b64encode(pub.encrypt(msg, oaep(b"my label"))).decode(),
        "pssDigest": base64.b64encode(priv.sign(msg, pss(padding.PSS.DIGEST_LENGTH), hashes.SHA256())).decode(),
        "pssMax": base64.b64encode(priv.sign(msg, pss(padding.PSS.MAX_LENGTH), hashes.SHA256())).decode(),
        "jwe": jwe,
    })
print(json.dumps({"fernet": fernet, "rsa": rsa_out}))
`);
    expect(text(await fernetDecrypt(out.fernet.key, out.fernet.token, { ttl: 60 }))).toBe(MESSAGE);
    expect(text(await fernetDecrypt(out.fernet.key, out.fernet.rotated))).toBe(MESSAGE);
    await expect(fernetDecrypt(out.fernet.oldKey, out.fernet.rotated)).rejects.toMatchObject({ code: 'invalid_signature' });
    // The server's node:crypto Fernet (behind /api/crypto/fernet) reads Python's tokens too.
    expect(text(await serverFernet.decrypt(out.fernet.key, out.fernet.token, { ttl: 60 }))).toBe(MESSAGE);
    expect(text(await serverFernet.decrypt(out.fernet.key, out.fernet.rotated))).toBe(MESSAGE);
    await expect(serverFernet.decrypt(out.fernet.oldKey, out.fernet.rotated)).rejects.toMatchObject({ code: 'invalid_signature' });

    expect(out.rsa.map((r) => r.privateKey.split('\n')[0])).toEqual(['-----BEGIN RSA PRIVATE KEY-----', '-----BEGIN PRIVATE KEY-----']);
    for (const r of out.rsa) {
      expect(text(await rsaOaepDecrypt(r.privateKey, fromBase64(r.oaep))), r.format).toBe(MESSAGE);
      expect(text(await rsaOaepDecrypt(r.privateKey, fromBase64(r.labelled), { label: 'my label' }))).toBe(MESSAGE);
      expect(await rsaPssVerify(r.publicKey, MESSAGE, fromBase64(r.pssDigest))).toBe(true);
      expect(await rsaPssVerify(r.publicKey, MESSAGE, fromBase64(r.pssMax), { saltLength: 'max' })).toBe(true);
      expect(text(await hybridDecrypt(r.privateKey, r.jwe))).toBe(MESSAGE.repeat(50));
    }
  });
});

describe('made here → decrypted and verified by Python', () => {
  it('Fernet tokens, RSA-OAEP with our PKCS#1 and PKCS#8 exports, PSS and hybrid JWE', async () => {
    const key = await generateKey();
    const cases = [];
    for (const privateFormat of ['pkcs1', 'pkcs8'] as const) {
      const pair = await generateRsaKeyPairPem(2048, { privateFormat });
      const pssKey = await importPrivateKey(pair.privateKeyPem, 'pss');
      cases.push({
        format: privateFormat,
        privateKey: pair.privateKeyPem,
        publicKey: pair.publicKeyPem,
        oaep: toBase64(await rsaOaepEncrypt(pair.publicKeyPem, MESSAGE)),
        longest: toBase64(await rsaOaepEncrypt(pair.publicKeyPem, new Uint8Array(190).fill(0x41))),
        pss: toBase64(await rsaPssSign(pssKey, MESSAGE)),
        pssMax: toBase64(await rsaPssSign(pssKey, MESSAGE, { saltLength: 'max' })),
        jwe: await hybridEncrypt(pair.publicKeyPem, MESSAGE.repeat(40)),
      });
    }
    const input = { key, token: await fernetEncrypt(key, MESSAGE), serverToken: await serverFernet.encrypt(key, MESSAGE), rsa: cases };
    const out = await python<{
      fernet: string;
      serverFernet: string;
      rsa: { format: string; loaded: string; oaep: string; longest: number; pss: boolean; pssMax: boolean; jwe: string }[];
    }>(
      `
import base64, json, os
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

data = json.loads(os.environ["IL_INPUT"])
b64u = lambda s: base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
oaep = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
out = {"fernet": Fernet(data["key"].encode()).decrypt(data["token"].encode(), ttl=60).decode(), "serverFernet": Fernet(data["key"].encode()).decrypt(data["serverToken"].encode(), ttl=60).decode(), "rsa": []}
for c in data["rsa"]:
    priv = serialization.load_pem_private_key(c["privateKey"].encode(), password=None)
    pub = serialization.load_pem_public_key(c["publicKey"].encode())
    def verify(sig, salt):
        try:
            pub.verify(base64.b64decode(sig), out_msg, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=salt), hashes.SHA256())
            return True
        except Exception:
            return False
    out_msg = priv.decrypt(base64.b64decode(c["oaep"]), oaep)
    h, k, iv, ct, tag = c["jwe"].split(".")
    assert json.loads(b64u(h)) == {"alg": "RSA-OAEP-256", "enc": "A256GCM"}
    cek = priv.decrypt(b64u(k), oaep)
    out["rsa"].append({
        "format": c["format"],
        "loaded": type(priv).__name__,
        "oaep": out_msg.decode(),
        "longest": len(priv.decrypt(base64.b64decode(c["longest"]), oaep)),
        "pss": verify(c["pss"], padding.PSS.DIGEST_LENGTH),
        "pssMax": verify(c["pssMax"], padding.PSS.MAX_LENGTH),
        "jwe": AESGCM(cek).decrypt(b64u(iv), b64u(ct) + b64u(tag), h.encode()).decode(),
    })
print(json.dumps(out))
`,
      input,
    );
    expect(out.fernet).toBe(MESSAGE);
    expect(out.serverFernet).toBe(MESSAGE);
    expect(out.rsa.map((r) => r.format)).toEqual(['pkcs1', 'pkcs8']);
    for (const r of out.rsa) {
      expect(r).toMatchObject({ oaep: MESSAGE, longest: 190, pss: true, pssMax: true, jwe: MESSAGE.repeat(40) });
      expect(r.loaded).toMatch(/RSAPrivateKey/);
    }
  });
});

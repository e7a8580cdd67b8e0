import nodeCrypto from 'node:crypto';
import { digest } from '../../src/lib/shared/crypto/hash';
import { Fernet, generateKey } from '../../src/lib/shared/crypto/fernet';
import { fromBase64Url } from '../../src/lib/shared/crypto/encoding';
import { generateRsaKeys } from '../../src/lib/shared/crypto/rsa-keys';
import { rsaOaepDecrypt, rsaOaepEncrypt } from '../../src/lib/shared/crypto/rsa-oaep';
import os from 'node:os';
import { compare, compareByCpu, fmt, row, type Row } from './measure';
import { loadAverage } from '../support/stats.mjs';
import { nodeFernet } from './node-fernet';
import { ServerFernet } from '../../src/lib/server/crypto/fernet';

/**
 * The crypto bench. Each line does the same work twice in this process: with
 * the portal's library (what lesson cells and the API run) and with
 * node:crypto (OpenSSL called directly, synchronously). The ratio says what
 * the portability of WebCrypto costs here.
 */

const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 1;
const rows: Row[] = [];
const progress = (s: string) => process.stderr.write(`bench:crypto ${s}\n`);

// SHA-256 throughput over 1 MiB buffers.
const mib = nodeCrypto.randomBytes(1024 * 1024);
const mibBytes = new Uint8Array(mib.buffer, mib.byteOffset, mib.byteLength).slice();
progress('SHA-256 1 MiB buffers');
const [shaOurs, shaNode] = await compare(
  () => digest('SHA-256', mibBytes),
  () => nodeCrypto.createHash('sha256').update(mib).digest(),
  seconds,
);
rows.push(row('SHA-256, 1 MiB buffers', 'MB/s', (shaOurs * mib.length) / 1e6, (shaNode * mib.length) / 1e6));

// The hashes WebCrypto lacks come from @noble/hashes (pure JavaScript).
for (const [ours, node] of [
  ['MD5', 'md5'],
  ['SHA3-256', 'sha3-256'],
  ['BLAKE2b-512', 'blake2b512'],
] as const) {
  progress(`${ours} 1 MiB buffers`);
  const [a, b] = await compare(
    () => digest(ours, mibBytes),
    () => nodeCrypto.createHash(node).update(mib).digest(),
    seconds / 2,
  );
  rows.push(row(`${ours}, 1 MiB buffers (@noble/hashes)`, 'MB/s', (a * mib.length) / 1e6, (b * mib.length) / 1e6));
}

// Fernet: encrypt then decrypt (with its HMAC check) 1 KB, same key on both sides.
progress('Fernet 1 KB encrypt+decrypt');
const key = await generateKey();
const fernet = await Fernet.create(key);
const node = nodeFernet(fromBase64Url(key));
const kb = nodeCrypto.randomBytes(1024);
const kbBytes = new Uint8Array(kb);
// Same work, checked: each side opens the other's token.
if (!Buffer.from(await fernet.decrypt(node.encrypt(kb))).equals(kb)) throw new Error("ours cannot read node:crypto's token");
if (!node.decrypt(await fernet.encrypt(kbBytes)).equals(kb)) throw new Error('node:crypto cannot read our token');
const [fernetOurs, fernetNode] = await compare(
  async () => fernet.decrypt(await fernet.encrypt(kbBytes)),
  () => node.decrypt(node.encrypt(kb)),
  seconds,
);
rows.push(row('Fernet, 1 KB encrypt + decrypt (WebCrypto, cells)', 'ops/s', fernetOurs, fernetNode));
// What /api/crypto/fernet runs: the same contract on node:crypto (src/lib/server/crypto/fernet.ts).
const server = await ServerFernet.create(key);
if (!Buffer.from(await server.decrypt(node.encrypt(kb))).equals(kb) || !node.decrypt(await server.encrypt(kbBytes)).equals(kb))
  throw new Error('server Fernet interop');
const serverFernet = await compareByCpu(
  async () => server.decrypt(await server.encrypt(kbBytes)),
  () => node.decrypt(node.encrypt(kb)),
  seconds,
);
rows.push(row('Fernet, 1 KB encrypt + decrypt (server API)', 'ops/s', ...serverFernet.wall, 0.5));
// Both sides run synchronously on this thread, so ops per CPU second compare them whatever the machine's load.
rows.push(row('  the same, per CPU second (load-independent)', 'ops/s', ...serverFernet.cpu, 0.5));

// RSA-2048 OAEP (SHA-256, MGF1-SHA-256) with the same key pair.
progress('RSA-2048 OAEP');
const pair = await generateRsaKeys(2048, 'oaep');
const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
const privateKey = nodeCrypto.createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
const publicKey = nodeCrypto.createPublicKey(privateKey);
const oaep = { oaepHash: 'sha256', padding: nodeCrypto.constants.RSA_PKCS1_OAEP_PADDING };
const msg = kb.subarray(0, 190);
const msgBytes = new Uint8Array(msg);
if (!Buffer.from(await rsaOaepDecrypt(pair.privateKey, nodeCrypto.publicEncrypt({ key: publicKey, ...oaep }, msg))).equals(msg))
  throw new Error('RSA interop');
const ct = await rsaOaepEncrypt(pair.publicKey, msgBytes);
const ctBuf = Buffer.from(ct);
const [encOurs, encNode] = await compare(
  () => rsaOaepEncrypt(pair.publicKey, msgBytes),
  () => nodeCrypto.publicEncrypt({ key: publicKey, ...oaep }, msg),
  seconds,
);
rows.push(row('RSA-2048 OAEP encrypt (190 bytes)', 'ops/s', encOurs, encNode));
const [decOurs, decNode] = await compare(
  () => rsaOaepDecrypt(pair.privateKey, ct),
  () => nodeCrypto.privateDecrypt({ key: privateKey, ...oaep }, ctBuf),
  seconds,
);
rows.push(row('RSA-2048 OAEP decrypt', 'ops/s', decOurs, decNode));

const width = Math.max(...rows.map((r) => r.work.length));
console.log(`\n${'work'.padEnd(width)}  ${'ours'.padStart(10)}  ${'node:crypto'.padStart(12)}  unit    node/ours  ours/node  target`);
for (const r of rows) {
  const verdict = r.target === undefined ? '' : `>= ${r.target}  ${r.oursOverNode >= r.target ? 'ok' : 'MISS'}`;
  console.log(
    `${r.work.padEnd(width)}  ${fmt(r.ours).padStart(10)}  ${fmt(r.node).padStart(12)}  ${r.unit.padEnd(6)}  ${r.nodeOverOurs.toFixed(2).padStart(8)}x  ${r.oursOverNode.toFixed(2).padStart(9)}  ${verdict}`,
  );
}
const load = loadAverage();
console.log(
  `(Node ${process.version}, OpenSSL ${process.versions.openssl}, ${os.cpus().length} CPUs, load average ${load}; ${seconds} s per pair, alternating; node/ours above 1 means node:crypto is faster)`,
);
// WebCrypto runs each operation on libuv's thread pool, node:crypto on the main thread: on a busy machine the extra thread can win CPU time, so read ratios from a quiet machine.
console.log(
  JSON.stringify({
    bench: 'crypto',
    node: process.version,
    cpus: os.cpus().length,
    loadAverage: os.loadavg(),
    seconds,
    rows: rows.map((r) => ({
      ...r,
      ours: +r.ours.toFixed(2),
      node: +r.node.toFixed(2),
      nodeOverOurs: +r.nodeOverOurs.toFixed(3),
      oursOverNode: +r.oursOverNode.toFixed(3),
      ...(r.target === undefined ? {} : { targetMet: r.oursOverNode >= r.target }),
    })),
  }),
);

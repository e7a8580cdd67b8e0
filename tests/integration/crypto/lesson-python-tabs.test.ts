import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../helpers/accounts';
import { startPortal, type PortalProcess } from '../../helpers/portal';
import { listPythonTabs, pythonHas, runPython } from '../../helpers/python-tabs';

/**
 * Every Python tab of the hashing-and-encryption lesson runs with Debian's
 * python3 (hashlib, requests, cryptography) against a live portal, as a
 * reader would run it with IL_URL and IL_TOKEN set, and exits cleanly.
 */

const LESSON = 'src/content/lessons/a3-hashing-and-encryption.md';
let portal: PortalProcess;
let token: string;

beforeAll(async () => {
  portal = await startPortal();
  token = (await createAccount(portal.dataDir, { scopes: ['crypto'] })).token;
});
afterAll(async () => {
  await portal?.stop();
});

// What each tab must print, beyond exiting with 0.
const PRINTS: Record<string, RegExp> = {
  sha256: /SHA-256: 869297af031fb9520b603295d34f9ede3201565145b60e62af6623f69d9a3564/,
  md5: /server: b9584c9631b248822b01720c7f3e0a92 broken: True/,
  collision: /MD5: 79054025255fb1a26e4bc422aef54eb4 79054025255fb1a26e4bc422aef54eb4\nSHA-256 equal\? False/,
  'file-hash': /BLAKE2b-512/,
  hmac: /server says valid: True\nTrue/,
  'password-speed': /server Argon2id per second: \d/,
  'fernet-token': /version: 0x80/,
  'fernet-browser': /server decrypted: made in Python\nPython decrypted: made on the server/,
  'fernet-refusals': /written in 1990/,
  'aes-gcm': /meet at the north gate at noon/,
  'rsa-keys': /server key loads in Python: 3072 bits/,
  'rsa-limit': /190 bytes -> 256 byte ciphertext\n191 bytes: /,
  'rsa-roundtrip': /Python decrypted: for Python\nserver decrypted: for the server/,
  hybrid: /server opened 20460 bytes: True/,
  signatures: /server says valid: True/,
};

describe("the A3 lesson's Python tabs", () => {
  it("has a Python tab for every cell, and Debian's python3 has what they import", () => {
    expect(pythonHas(['requests', 'cryptography'])).toBe(true);
    expect(
      listPythonTabs(LESSON)
        .map((t) => t.cellId)
        .sort(),
    ).toEqual(Object.keys(PRINTS).sort());
  });

  for (const tab of listPythonTabs(LESSON)) {
    it(`cell ${tab.cellId} (line ${tab.line}) runs against the portal`, async () => {
      const r = await runPython(tab.code, { IL_URL: portal.url, IL_TOKEN: token }, 60_000);
      expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(PRINTS[tab.cellId]!);
    });
  }
});

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import { expect, test } from '@playwright/test';

/**
 * The portal's crypto library inside the notebook's sandbox, in Chromium:
 * a blob: worker of an opaque-origin iframe has no crypto.subtle of its own,
 * and with the bridge (src/lib/client/crypto/subtle-bridge.ts) the library's
 * Fernet, hashes, RSA keys in PKCS#1, hybrid JWE and PSS all work there,
 * with WebCrypto's errors still DOMExceptions. Its own tiny page, no portal.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');

async function bundle(stdin: string): Promise<string> {
  const out = await build({
    stdin: { contents: stdin, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

test('the crypto library runs in a sandboxed kernel-style worker through the WebCrypto bridge', async ({ page }) => {
  const worker = await bundle(`import './tests/e2e/crypto/worker-checks.ts';`);
  const host = await bundle(
    `import { serveSubtleCrypto } from './src/lib/client/crypto/subtle-bridge';
     const w = new Worker(URL.createObjectURL(new Blob([${JSON.stringify(worker)}], { type: 'text/javascript' })));
     serveSubtleCrypto(w);
     w.onmessage = (e) => parent.postMessage(e.data, '*');
     w.onerror = (e) => parent.postMessage({ error: e.message }, '*');`,
  );
  const srcdoc = `<script>${host.replace(/<\/script/gi, '<\\/script')}</script>`.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  const html = `<!doctype html><title>bridge</title><iframe sandbox="allow-scripts" srcdoc="${srcdoc}"></iframe>
    <script>window.addEventListener('message', (e) => { window.__result = e.data; });</script>`;
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => (window as unknown as { __result?: unknown }).__result !== undefined, null, { timeout: 30_000 });
    const answer = (await page.evaluate(() => (window as unknown as { __result: unknown }).__result)) as {
      result?: Record<string, unknown>;
      error?: string;
    };
    expect(answer.error).toBeUndefined();
    expect(answer.result).toEqual({
      bridged: true,
      secure: false,
      sha256: '869297af031fb9520b603295d34f9ede3201565145b60e62af6623f69d9a3564',
      md5: 'b9584c9631b248822b01720c7f3e0a92',
      specToken: 'gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==',
      pkcs1: '-----BEGIN RSA PRIVATE KEY-----',
      reExported: '-----BEGIN RSA PRIVATE KEY-----',
      hybrid: 5000,
      pss: true,
      pssTampered: false,
      wrongKeyError: 'invalid_signature',
      domError: 'InvalidAccessError:true',
    });
  } finally {
    server.close();
  }
});

/**
 * Runs inside the notebook's sandboxed iframe (`sandbox="allow-scripts"`,
 * srcdoc, so an opaque origin: no cookies, no storage, no access to the
 * page). It only starts the kernel worker and hands it the MessagePort the
 * page sent; the worker runs the cells. The worker must come from a blob:
 * URL (an opaque origin may not start a worker from the portal's URL), and
 * pulls the kernel code in with importScripts.
 */

import { serveSubtleCrypto } from '../../crypto/subtle-bridge';

const script = document.currentScript as HTMLScriptElement | null;
const runtime = script?.dataset.runtime ? new URL(script.dataset.runtime, document.baseURI).href : null;

function start(port: MessagePort): void {
  const boot = `importScripts(${JSON.stringify(runtime)});`;
  const url = URL.createObjectURL(new Blob([boot], { type: 'text/javascript' }));
  const worker = new Worker(url, { name: 'notebook-kernel' });
  worker.postMessage({ type: 'port' }, [port]);
  // The blob: worker is not a secure context and lacks crypto.subtle; this frame lends it its own.
  serveSubtleCrypto(worker);
  worker.addEventListener('error', (e) => {
    parent.postMessage({ type: 'nb-kernel-failed', message: e.message || 'the kernel could not start' }, '*');
  });
}

window.addEventListener('message', function init(e: MessageEvent) {
  const data = e.data as { type?: string } | null;
  if (e.source !== parent || data?.type !== 'nb-init' || !e.ports[0] || !runtime) return;
  window.removeEventListener('message', init);
  start(e.ports[0]);
});
parent.postMessage({ type: 'nb-host-ready' }, '*');

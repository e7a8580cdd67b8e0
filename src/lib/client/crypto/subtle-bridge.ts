/**
 * WebCrypto for the notebook kernel. The kernel worker is started from a
 * blob: URL inside an opaque-origin sandboxed iframe, and such a worker is
 * not a secure context, so browsers leave `crypto.subtle` (and `CryptoKey`)
 * out of it. The iframe itself is a secure context and has both. This bridge
 * lends the iframe's `crypto.subtle` to the worker over a MessageChannel:
 * each call is posted to the iframe and run there. Keys cannot cross into
 * the worker (it cannot deserialize a CryptoKey), so they stay in the iframe
 * and the worker holds look-alike handles (`type`, `algorithm`,
 * `extractable`, `usages`) that the iframe swaps back for the real keys.
 * Cells call the standard API and notice nothing.
 */

const METHODS = [
  'encrypt',
  'decrypt',
  'sign',
  'verify',
  'digest',
  'generateKey',
  'deriveKey',
  'deriveBits',
  'importKey',
  'exportKey',
  'wrapKey',
  'unwrapKey',
] as const;
type Method = (typeof METHODS)[number];

/** How a key travels between the two sides: an id plus its public description. */
interface KeyRef {
  __nbKey: number;
  type: KeyType;
  algorithm: KeyAlgorithm;
  extractable: boolean;
  usages: KeyUsage[];
}

type Call = { id: number; method: Method; args: unknown[] } | { id: 0; release: number };
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; name: string; message: string };

/** The parts of a worker's global scope the bridge needs (lib.dom has no WorkerGlobalScope). */
export interface BridgeScope {
  crypto: Crypto;
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
}

/** Message type the iframe uses to hand the worker its end of the channel. */
export const SUBTLE_PORT_MESSAGE = 'nb-subtle-port';

const isRef = (v: unknown): v is KeyRef => typeof v === 'object' && v !== null && typeof (v as KeyRef).__nbKey === 'number';

/** In the iframe: answer the worker's SubtleCrypto calls with this (secure) context's `crypto.subtle`. */
export function serveSubtleCrypto(worker: Worker): void {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return;
  const keys = new Map<number, CryptoKey>();
  let nextKey = 1;
  const toRef = (key: CryptoKey): KeyRef => {
    const id = nextKey++;
    keys.set(id, key);
    return { __nbKey: id, type: key.type, algorithm: key.algorithm, extractable: key.extractable, usages: [...key.usages] };
  };
  const outgoing = (v: unknown): unknown => {
    if (v instanceof CryptoKey) return toRef(v);
    if (v && typeof v === 'object' && 'privateKey' in v && 'publicKey' in v) {
      const pair = v as CryptoKeyPair;
      return { publicKey: toRef(pair.publicKey), privateKey: toRef(pair.privateKey) };
    }
    return v;
  };
  const resolveKey = (ref: KeyRef): CryptoKey => {
    const key = keys.get(ref.__nbKey);
    if (!key) throw new DOMException('This key is no longer available (the kernel was restarted).', 'InvalidAccessError');
    return key;
  };
  // Keys appear as arguments, and one level down in algorithm objects (ECDH's `public`).
  const incoming = (v: unknown): unknown => {
    if (isRef(v)) return resolveKey(v);
    if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, isRef(x) ? resolveKey(x) : x]));
    }
    return v;
  };

  const channel = new MessageChannel();
  channel.port1.onmessage = async (e: MessageEvent<Call>) => {
    const call = e.data;
    if ('release' in call) {
      keys.delete(call.release);
      return;
    }
    let reply: Reply;
    try {
      if (!METHODS.includes(call.method)) throw new DOMException(`SubtleCrypto has no method ${String(call.method)}`, 'NotSupportedError');
      const fn = subtle[call.method] as (...a: unknown[]) => Promise<unknown>;
      reply = { id: call.id, ok: true, value: outgoing(await fn.apply(subtle, call.args.map(incoming))) };
    } catch (err) {
      const x = err as { name?: string; message?: string };
      reply = { id: call.id, ok: false, name: x?.name ?? 'OperationError', message: x?.message ?? String(err) };
    }
    channel.port1.postMessage(reply);
  };
  worker.postMessage({ type: SUBTLE_PORT_MESSAGE }, [channel.port2]);
}

/**
 * In the worker: when this context has no `crypto.subtle`, install one that
 * forwards to the iframe as soon as its port arrives (calls made earlier
 * wait for it). Returns false when the native one is there.
 */
export function installSubtleCryptoBridge(scope: BridgeScope = self): boolean {
  if (scope.crypto?.subtle) return false;
  let port: MessagePort | null = null;
  const queued: Call[] = [];
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  let nextId = 1;
  // When a cell drops a key handle, the iframe may drop the real key.
  const released = new FinalizationRegistry<number>((keyId) => send({ id: 0, release: keyId }));

  function send(call: Call): void {
    if (port) port.postMessage(call);
    else queued.push(call);
  }

  function handle(ref: KeyRef): object {
    const key = Object.freeze({ ...ref, algorithm: Object.freeze(ref.algorithm), usages: Object.freeze(ref.usages) });
    released.register(key, ref.__nbKey);
    return key;
  }

  function fromIframe(v: unknown): unknown {
    if (isRef(v)) return handle(v);
    if (v && typeof v === 'object' && isRef((v as CryptoKeyPair).publicKey) && isRef((v as CryptoKeyPair).privateKey)) {
      const pair = v as unknown as { publicKey: KeyRef; privateKey: KeyRef };
      return { publicKey: handle(pair.publicKey), privateKey: handle(pair.privateKey) };
    }
    return v;
  }

  scope.addEventListener('message', (m: MessageEvent) => {
    const data = m.data as { type?: string } | null;
    if (data?.type !== SUBTLE_PORT_MESSAGE || !m.ports[0] || port) return;
    m.stopImmediatePropagation();
    port = m.ports[0];
    port.onmessage = (ev: MessageEvent<Reply>) => {
      const r = ev.data;
      const waiter = pending.get(r.id);
      if (!waiter) return;
      pending.delete(r.id);
      if (r.ok) waiter.resolve(fromIframe(r.value));
      else waiter.reject(new DOMException(r.message, r.name));
    };
    for (const call of queued.splice(0)) port.postMessage(call);
  });

  const bridge: Record<string, unknown> = {};
  for (const method of METHODS) {
    bridge[method] = (...args: unknown[]) =>
      new Promise((resolve, reject) => {
        const call: Call = { id: nextId++, method, args };
        pending.set(call.id, { resolve, reject });
        try {
          send(call);
        } catch (err) {
          // An argument that cannot be cloned (a function, say) fails here, as a bad argument to the real API would.
          pending.delete(call.id);
          reject(new DOMException((err as Error).message, 'DataError'));
        }
      });
  }
  Object.defineProperty(scope.crypto, 'subtle', { value: Object.freeze(bridge), configurable: true, enumerable: true });
  return true;
}

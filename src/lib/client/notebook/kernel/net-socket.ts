import { graphqlFromSocketMessage } from '../../../shared/notebook/graphql-operation';
import type { SocketRecord, WsFrame } from '../../../shared/notebook/protocol';
import { isPortalUrl, kernelConfig, resolvePortalUrl } from './config';
import { ownerFor } from './kernel-state';
import { natives } from './natives';
import { resourcesOf, SILENCE, type RunContext } from './run-context';

/**
 * The cells' WebSocket: the browser's, with relative paths going to the
 * portal, the lesson token offered as the `bearer.<token>` subprotocol next
 * to the cell's own protocols (or the portal's generic `il.v1`), and every
 * frame and the close code recorded for the network panel.
 */

/** Frames the panel keeps per socket (the newest are dropped after this). */
export const MAX_FRAMES = 200;
/** Characters of a frame's data the panel keeps. */
const MAX_FRAME_TEXT = 4096;
const GENERIC_PROTOCOL = 'il.v1';

let nextId = 100_000;

function frameOf(dir: 'in' | 'out', data: unknown, t0: number): WsFrame {
  const at = natives.now() - t0;
  if (typeof data === 'string') {
    return { dir, at, bytes: new TextEncoder().encode(data).byteLength, data: data.slice(0, MAX_FRAME_TEXT), binary: false };
  }
  if (data instanceof Blob) return { dir, at, bytes: data.size, data: `(binary, ${data.size} bytes)`, binary: true };
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
    return { dir, at, bytes: data.byteLength, data: `(binary, ${data.byteLength} bytes)`, binary: true };
  }
  return { dir, at, bytes: 0, data: String(data).slice(0, MAX_FRAME_TEXT), binary: false };
}

/** A WebSocket class bound to the run whose code holds it. */
export function makeWebSocket(lexical: RunContext): typeof WebSocket {
  const Native = natives.WebSocket;
  class TrackedWebSocket extends Native {
    #silenced = false;
    #wrapped = new WeakMap<object, EventListener>();

    /**
     * The cell's own listeners are wrapped so that, once its run is over and
     * the socket released, a late `close` (the closing handshake finishes a
     * moment after) does not print into whatever cell runs next.
     */
    override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void {
      if (!listener) return;
      let wrapped = this.#wrapped.get(listener);
      if (!wrapped) {
        wrapped = (ev: Event) => {
          if (this.#silenced) return;
          if (typeof listener === 'function') listener.call(this, ev);
          else listener.handleEvent(ev);
        };
        this.#wrapped.set(listener, wrapped);
      }
      super.addEventListener(type, wrapped, options);
    }

    override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void {
      const wrapped = listener ? this.#wrapped.get(listener) : undefined;
      if (wrapped) super.removeEventListener(type, wrapped, options);
    }

    [SILENCE](): void {
      this.#silenced = true;
      this.onopen = this.onmessage = this.onerror = this.onclose = null;
    }

    constructor(url: string | URL, protocols?: string | string[]) {
      const target = resolvePortalUrl(url, 'ws');
      const list = protocols === undefined ? [] : Array.isArray(protocols) ? [...protocols] : [protocols];
      const portal = isPortalUrl(target);
      if (portal) {
        if (!list.includes(GENERIC_PROTOCOL)) list.push(GENERIC_PROTOCOL);
        if (kernelConfig.token) list.push(`bearer.${kernelConfig.token}`);
      }
      super(target, list);
      const run = ownerFor(lexical);
      resourcesOf(run.cellId).sockets.add(this);
      const t0 = natives.now();
      const record: SocketRecord = {
        kind: 'socket',
        id: nextId++,
        url: target.href,
        protocol: '',
        state: 'connecting',
        openedMs: null,
        frames: [],
        droppedFrames: 0,
        closeCode: null,
        closeReason: '',
        graphql: [],
      };
      const tracked = run.addRecord(record);
      const push = (f: WsFrame): void => {
        if (!tracked) return;
        if (record.frames.length < MAX_FRAMES) record.frames.push(f);
        else record.droppedFrames++;
        run.touch(record);
      };
      const listen = (type: string, fn: (e: Event) => void) => Native.prototype.addEventListener.call(this, type, fn);
      listen('open', () => {
        record.state = 'open';
        record.protocol = this.protocol;
        record.openedMs = natives.now() - t0;
        if (tracked) run.touch(record);
      });
      listen('message', (e) => push(frameOf('in', (e as MessageEvent).data, t0)));
      listen('error', () => {
        if (record.state === 'connecting') record.state = 'error';
        if (tracked) run.touch(record);
      });
      listen('close', (ev) => {
        const e = ev as CloseEvent;
        record.state = record.state === 'error' ? 'error' : 'closed';
        record.closeCode = e.code;
        record.closeReason = e.reason;
        resourcesOf(run.cellId).sockets.delete(this);
        if (tracked) run.touch(record);
      });
      this.send = (data: string | ArrayBufferLike | Blob | ArrayBufferView) => {
        Native.prototype.send.call(this, data);
        push(frameOf('out', data, t0));
        if (typeof data === 'string') {
          const op = graphqlFromSocketMessage(data);
          if (op && tracked) record.graphql.push(op);
        }
      };
    }
  }
  Object.defineProperty(TrackedWebSocket, 'name', { value: 'WebSocket' });
  return TrackedWebSocket;
}

/**
 * Turning live values into plain data the page can render: the kernel
 * inspects a value (bounded in depth, breadth and size, cycles marked) and
 * posts the result; the page draws trees and tables from it. Pure, so it is
 * unit-tested in Node and runs unchanged in the kernel's worker.
 */

/** A value as data. Objects and arrays keep their entries up to the limits. */
export type InspectNode =
  | { t: 'string'; v: string; cut?: number }
  | { t: 'number' | 'boolean' | 'bigint' | 'symbol' | 'undefined' | 'null'; v: string }
  | { t: 'function'; name: string; kind: 'function' | 'class' | 'async' }
  | { t: 'text'; ctor: string; v: string }
  | { t: 'error'; name: string; message: string; stack: string | null }
  | { t: 'array'; ctor: string; len: number; entries: Array<[string, InspectNode]>; more: number }
  | { t: 'object'; ctor: string | null; entries: Array<[string, InspectNode]>; more: number }
  | { t: 'map'; size: number; entries: Array<[InspectNode, InspectNode]>; more: number }
  | { t: 'set'; size: number; entries: InspectNode[]; more: number }
  | { t: 'binary'; ctor: string; bytes: number; hex: string }
  | { t: 'circular' }
  | { t: 'deep'; ctor: string };

export interface InspectLimits {
  depth: number;
  entries: number;
  string: number;
  nodes: number;
}

/** Defaults: deep enough for API answers, small enough to post quickly. */
export const DEFAULT_LIMITS: InspectLimits = { depth: 6, entries: 100, string: 10_000, nodes: 5_000 };

function ctorName(v: object): string | null {
  const proto = Object.getPrototypeOf(v) as { constructor?: { name?: unknown } } | null;
  if (proto === null) return null;
  const name = proto.constructor?.name;
  return typeof name === 'string' && name ? name : null;
}

function isTypedArray(v: object): v is ArrayBufferView & { length: number } {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

function hexPreview(bytes: Uint8Array, max = 32): string {
  const parts: string[] = [];
  for (let i = 0; i < Math.min(bytes.length, max); i++) parts.push(bytes[i]!.toString(16).padStart(2, '0'));
  return parts.join(' ') + (bytes.length > max ? ' …' : '');
}

/** Inspect any value into an InspectNode within limits. */
export function inspect(value: unknown, limits: InspectLimits = DEFAULT_LIMITS): InspectNode {
  let budget = limits.nodes;
  const seen = new Set<object>();

  function walk(v: unknown, depth: number): InspectNode {
    budget--;
    switch (typeof v) {
      case 'string':
        return v.length > limits.string ? { t: 'string', v: v.slice(0, limits.string), cut: v.length } : { t: 'string', v };
      case 'number':
        return { t: 'number', v: Object.is(v, -0) ? '-0' : String(v) };
      case 'boolean':
        return { t: 'boolean', v: String(v) };
      case 'bigint':
        return { t: 'bigint', v: `${v}n` };
      case 'symbol':
        return { t: 'symbol', v: v.toString() };
      case 'undefined':
        return { t: 'undefined', v: 'undefined' };
      case 'function': {
        const src = Function.prototype.toString.call(v);
        const kind = /^class[\s{]/.test(src) ? 'class' : /^async[\s(]/.test(src) ? 'async' : 'function';
        return { t: 'function', name: (v as { name?: string }).name || '(anonymous)', kind };
      }
    }
    if (v === null) return { t: 'null', v: 'null' };
    const o = v as object;
    if (o instanceof Error) {
      return { t: 'error', name: o.name, message: o.message, stack: typeof o.stack === 'string' ? o.stack : null };
    }
    if (o instanceof Date) return { t: 'text', ctor: 'Date', v: Number.isNaN(o.getTime()) ? 'Invalid Date' : o.toISOString() };
    if (o instanceof RegExp) return { t: 'text', ctor: 'RegExp', v: String(o) };
    if (typeof URL !== 'undefined' && o instanceof URL) return { t: 'text', ctor: 'URL', v: o.href };
    if (o instanceof ArrayBuffer) return { t: 'binary', ctor: 'ArrayBuffer', bytes: o.byteLength, hex: hexPreview(new Uint8Array(o)) };
    if (o instanceof Uint8Array) return { t: 'binary', ctor: ctorName(o) ?? 'Uint8Array', bytes: o.byteLength, hex: hexPreview(o) };
    if (seen.has(o)) return { t: 'circular' };
    const name = ctorName(o);
    if (depth >= limits.depth || budget <= 0) return { t: 'deep', ctor: Array.isArray(o) ? `Array(${(o as unknown[]).length})` : (name ?? 'Object') };
    seen.add(o);
    try {
      if (Array.isArray(o) || isTypedArray(o)) {
        const arr = o as ArrayLike<unknown>;
        const entries: Array<[string, InspectNode]> = [];
        const n = Math.min(arr.length, limits.entries);
        for (let i = 0; i < n && budget > 0; i++) entries.push([String(i), walk(arr[i], depth + 1)]);
        return { t: 'array', ctor: Array.isArray(o) ? 'Array' : (name ?? 'TypedArray'), len: arr.length, entries, more: arr.length - entries.length };
      }
      if (o instanceof Map) {
        const entries: Array<[InspectNode, InspectNode]> = [];
        for (const [k, val] of o) {
          if (entries.length >= limits.entries || budget <= 0) break;
          entries.push([walk(k, depth + 1), walk(val, depth + 1)]);
        }
        return { t: 'map', size: o.size, entries, more: o.size - entries.length };
      }
      if (o instanceof Set) {
        const entries: InspectNode[] = [];
        for (const val of o) {
          if (entries.length >= limits.entries || budget <= 0) break;
          entries.push(walk(val, depth + 1));
        }
        return { t: 'set', size: o.size, entries, more: o.size - entries.length };
      }
      if (typeof Headers !== 'undefined' && o instanceof Headers) {
        const entries: Array<[string, InspectNode]> = [];
        o.forEach((val, key) => entries.push([key, { t: 'string', v: val }]));
        return { t: 'object', ctor: 'Headers', entries, more: 0 };
      }
      const keys = Object.keys(o);
      const entries: Array<[string, InspectNode]> = [];
      for (const k of keys) {
        if (entries.length >= limits.entries || budget <= 0) break;
        let child: unknown;
        try {
          child = (o as Record<string, unknown>)[k];
        } catch (err) {
          child = err;
        }
        entries.push([k, walk(child, depth + 1)]);
      }
      // Objects whose data lives in getters (Response, URL parts) show their key fields.
      if (keys.length === 0 && name && name !== 'Object') {
        for (const k of ['status', 'statusText', 'ok', 'url', 'type', 'readyState', 'protocol']) {
          if (k in o) {
            const val = (o as Record<string, unknown>)[k];
            if (typeof val !== 'function') entries.push([k, walk(val, depth + 1)]);
          }
        }
      }
      return { t: 'object', ctor: name, entries, more: keys.length > entries.length ? keys.length - entries.length : 0 };
    } finally {
      seen.delete(o);
    }
  }

  return walk(value, 0);
}

function quote(s: string): string {
  return JSON.stringify(s);
}

/** A one-line preview of a node, like a browser console's collapsed view, at most `max` characters. */
export function summarize(node: InspectNode, max = 100): string {
  const out = preview(node, 2);
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

function preview(node: InspectNode, depth: number): string {
  switch (node.t) {
    case 'string':
      return quote(node.v);
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'symbol':
    case 'undefined':
    case 'null':
      return node.v;
    case 'function':
      return node.kind === 'class' ? `class ${node.name}` : `ƒ ${node.name}()`;
    case 'text':
      return node.ctor === 'RegExp' ? node.v : `${node.ctor} ${node.v}`;
    case 'error':
      return `${node.name}: ${node.message}`;
    case 'binary':
      return `${node.ctor}(${node.bytes}) [${node.hex}]`;
    case 'circular':
      return '[Circular]';
    case 'deep':
      return node.ctor === 'Object' ? '{…}' : node.ctor.startsWith('Array(') ? `[…]` : `${node.ctor} {…}`;
    case 'array': {
      const head = node.ctor === 'Array' ? `(${node.len}) ` : `${node.ctor}(${node.len}) `;
      if (depth <= 0) return `${head}[…]`;
      const items = node.entries.map(([, v]) => preview(v, depth - 1));
      if (node.more > 0) items.push('…');
      return `${head}[${items.join(', ')}]`;
    }
    case 'object': {
      const head = node.ctor && node.ctor !== 'Object' ? `${node.ctor} ` : '';
      if (depth <= 0) return `${head}{…}`;
      const items = node.entries.map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k)}: ${preview(v, depth - 1)}`);
      if (node.more > 0) items.push('…');
      return `${head}{${items.join(', ')}}`;
    }
    case 'map': {
      if (depth <= 0) return `Map(${node.size}) {…}`;
      const items = node.entries.map(([k, v]) => `${preview(k, depth - 1)} => ${preview(v, depth - 1)}`);
      if (node.more > 0) items.push('…');
      return `Map(${node.size}) {${items.join(', ')}}`;
    }
    case 'set': {
      if (depth <= 0) return `Set(${node.size}) {…}`;
      const items = node.entries.map((v) => preview(v, depth - 1));
      if (node.more > 0) items.push('…');
      return `Set(${node.size}) {${items.join(', ')}}`;
    }
  }
}

/** Whether a node has children a tree view can expand. */
export function isExpandable(node: InspectNode): boolean {
  switch (node.t) {
    case 'array':
    case 'object':
    case 'map':
    case 'set':
      return node.entries.length > 0;
    case 'error':
      return node.stack !== null;
    default:
      return false;
  }
}

/** The text a console prints for a top-level log argument: strings bare, everything else previewed. */
export function logText(node: InspectNode): string {
  return node.t === 'string' ? node.v : summarize(node, 10_000);
}

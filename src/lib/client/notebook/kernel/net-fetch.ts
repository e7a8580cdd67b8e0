import { graphqlFromRequest } from '../../../shared/notebook/graphql-operation';
import type { FetchRecord } from '../../../shared/notebook/protocol';
import { isPortalUrl, kernelConfig, resolvePortalUrl } from './config';
import { ownerFor } from './kernel-state';
import { natives } from './natives';
import { resourcesOf, type RunContext } from './run-context';

/**
 * The cells' fetch: the browser's, plus three things. Relative URLs go to the
 * portal; portal requests carry the lesson token (never other hosts); and
 * every request is recorded for the network panel and aborted when its cell
 * is run again or stopped.
 */

/** Body text the panel keeps per request or response. */
export const MAX_BODY_KEPT = 64 * 1024;
/** Response bytes counted before the panel stops reading a (streaming) body. */
const MAX_BODY_READ = 4 * 1024 * 1024;

let nextId = 1;

/** Show a token's start only: the panel is for looking, not for copying credentials around. */
export function redactAuthorization(value: string): string {
  const m = /^(Bearer\s+)(\S+)$/i.exec(value);
  if (!m) return value.length > 12 ? `${value.slice(0, 8)}…` : value;
  return `${m[1]}${m[2]!.slice(0, 8)}…`;
}

function headerList(h: Headers): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  h.forEach((v, k) => out.push([k, k === 'authorization' ? redactAuthorization(v) : v]));
  return out;
}

async function bodyText(body: BodyInit | null | undefined): Promise<{ text: string | null; bytes: number }> {
  if (body === null || body === undefined) return { text: null, bytes: 0 };
  if (typeof body === 'string') return { text: body, bytes: new TextEncoder().encode(body).byteLength };
  if (body instanceof URLSearchParams) {
    const s = body.toString();
    return { text: s, bytes: s.length };
  }
  if (body instanceof Blob) return { text: `(${body.type || 'binary'} data)`, bytes: body.size };
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    return { text: '(binary data)', bytes: body.byteLength };
  }
  if (body instanceof FormData) return { text: '(form data)', bytes: 0 };
  return { text: '(stream)', bytes: 0 };
}

async function readResponse(res: Response, record: FetchRecord, run: RunContext, t0: number): Promise<void> {
  const decoder = new TextDecoder();
  let kept = '';
  let bytes = 0;
  try {
    const reader = res.body?.getReader();
    if (reader) {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        if (kept.length < MAX_BODY_KEPT) kept += decoder.decode(value, { stream: true });
        if (bytes > MAX_BODY_READ) {
          await reader.cancel();
          record.truncated = true;
          break;
        }
      }
    }
  } catch (err) {
    record.error ??= err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  }
  if (kept.length > MAX_BODY_KEPT) {
    kept = kept.slice(0, MAX_BODY_KEPT);
    record.truncated = true;
  }
  record.responseBody = kept;
  record.responseBytes = bytes;
  record.ms = natives.now() - t0;
  run.touch(record);
}

/** A fetch bound to the run whose code holds it. */
export function makeFetch(lexical: RunContext): typeof fetch {
  return async function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const run = ownerFor(lexical);
    const request = input instanceof Request ? input : null;
    const url = resolvePortalUrl(request ? request.url : (input as string | URL), 'http');
    const headers = new Headers(init?.headers ?? request?.headers);
    if (isPortalUrl(url) && !headers.has('authorization') && kernelConfig.token) {
      headers.set('authorization', `Bearer ${kernelConfig.token}`);
    }
    const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
    const controller = new AbortController();
    const signals = [controller.signal, init?.signal ?? request?.signal].filter((s): s is AbortSignal => !!s);
    const own = resourcesOf(run.cellId);
    own.aborts.add(controller);
    const body = await bodyText(init?.body);
    const record: FetchRecord = {
      kind: 'fetch',
      id: nextId++,
      method,
      url: url.href,
      status: null,
      statusText: '',
      ms: null,
      requestBytes: body.bytes,
      responseBytes: null,
      requestHeaders: headerList(headers),
      responseHeaders: [],
      requestBody: body.text !== null && body.text.length > MAX_BODY_KEPT ? body.text.slice(0, MAX_BODY_KEPT) : body.text,
      responseBody: null,
      truncated: body.text !== null && body.text.length > MAX_BODY_KEPT,
      error: null,
      graphql: graphqlFromRequest(url.href, typeof init?.body === 'string' ? init.body : null),
    };
    const tracked = run.addRecord(record);
    const t0 = natives.now();
    try {
      const res = await natives.fetch(request ? new Request(url, request) : url, {
        ...init,
        method,
        headers,
        signal: signals.length > 1 ? AbortSignal.any(signals) : signals[0],
      });
      record.status = res.status;
      record.statusText = res.statusText;
      record.responseHeaders = headerList(res.headers);
      record.ms = natives.now() - t0;
      if (tracked) {
        run.touch(record);
        void readResponse(res.clone(), record, run, t0).finally(() => own.aborts.delete(controller));
      } else {
        own.aborts.delete(controller);
      }
      return res;
    } catch (err) {
      own.aborts.delete(controller);
      record.ms = natives.now() - t0;
      const e = err as Error;
      // A cross-origin refusal surfaces as a bare TypeError; say what it usually means.
      record.error =
        e?.name === 'TypeError'
          ? `${e.message} (network error, or the server refused a cross-origin call)`
          : `${e?.name ?? 'Error'}: ${e?.message ?? String(err)}`;
      if (tracked) run.touch(record);
      throw err;
    }
  };
}

import { logText } from '../notebook/inspect';
import { tableText } from '../notebook/inspect-table';
import type { FetchRecord, OutputEntry, SocketRecord } from '../notebook/protocol';

/**
 * What an exercise's checks see of the learner's run, in plain shapes:
 * output as text lines, requests with header maps, sockets with their
 * frames split by direction. Pure, so the kernel and tests share it.
 */

/** One request of the learner's run, as checks see it. */
export interface CheckRequest {
  method: string;
  url: string;
  /** Path and query on the portal (`/api/rest/todos?completed=true`). */
  path: string;
  status: number | null;
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string>;
  requestBody: string | null;
  responseBody: string | null;
  error: string | null;
}

/** One WebSocket of the learner's run, as checks see it. */
export interface CheckSocket {
  url: string;
  path: string;
  state: SocketRecord['state'];
  sent: string[];
  received: string[];
  closeCode: number | null;
}

/** The text an output entry shows (one string per entry). */
export function entryText(entry: OutputEntry): string {
  switch (entry.kind) {
    case 'log':
      return entry.parts.map(logText).join(' ');
    case 'table':
      return tableText(entry.table);
    case 'display':
      return logText(entry.value);
    case 'error':
      return `${entry.error.name}: ${entry.error.message}`;
    case 'notice':
      return entry.text;
  }
}

function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

const headerMap = (list: Array<[string, string]>) => Object.fromEntries(list.map(([k, v]) => [k.toLowerCase(), v]));

/** A fetch record as a check sees it. */
export function checkRequest(r: FetchRecord): CheckRequest {
  return {
    method: r.method,
    url: r.url,
    path: pathOf(r.url),
    status: r.status,
    requestHeaders: headerMap(r.requestHeaders),
    responseHeaders: headerMap(r.responseHeaders),
    requestBody: r.requestBody,
    responseBody: r.responseBody,
    error: r.error,
  };
}

/** A socket record as a check sees it. */
export function checkSocket(r: SocketRecord): CheckSocket {
  return {
    url: r.url,
    path: pathOf(r.url),
    state: r.state,
    sent: r.frames.filter((f) => f.dir === 'out').map((f) => f.data),
    received: r.frames.filter((f) => f.dir === 'in').map((f) => f.data),
    closeCode: r.closeCode,
  };
}

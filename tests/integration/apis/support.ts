import fs from 'node:fs';
import WebSocket from 'ws';
import { createAccount, type TestAccount } from '../../helpers/accounts';
import { until } from '../../helpers/wait';
import { startPortal, type PortalOptions, type PortalProcess } from '../../helpers/portal';
import type { Scope } from '../../../src/lib/shared/scopes';

/**
 * Helpers for the integration-protocol tests: a built portal with an
 * account, an authenticated fetch, and promise-shaped WebSocket helpers.
 */

export interface ApiPortal {
  portal: PortalProcess;
  account: TestAccount;
  /** fetch against the portal with the account's bearer token (unless headers say otherwise). */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** Another account in the same portal. */
  newAccount(scopes?: Scope[]): Promise<TestAccount>;
  /** The web process id (for memory checks). */
  webPid(): number;
  wsUrl(path: string): string;
}

/** Start the built portal with one account. */
export async function startApiPortal(opts: PortalOptions = {}): Promise<ApiPortal> {
  const portal = await startPortal(opts);
  const account = await createAccount(portal.dataDir);
  return {
    portal,
    account,
    api(path, init = {}) {
      const headers = new Headers(init.headers);
      if (!headers.has('authorization')) headers.set('authorization', `Bearer ${account.token}`);
      return fetch(new URL(path, portal.url), { ...init, headers, redirect: 'manual' });
    },
    newAccount: (scopes) => createAccount(portal.dataDir, scopes ? { scopes } : {}),
    webPid() {
      for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
        try {
          const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
          const env = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
          if (cmd.includes('dist/node/web.mjs') && env.includes(`DATA_DIR=${portal.dataDir}\0`)) return Number(pid);
        } catch {
          // processes come and go while we look
        }
      }
      throw new Error('web process not found');
    },
    wsUrl: (path) => portal.url.replace(/^http/, 'ws') + path,
  };
}

/** Resident memory of a process in MB. */
export function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '0');
  return kb / 1024;
}

/** Open a WebSocket; rejects with "HTTP <status>" when the upgrade is refused. */
export function openWs(url: string, opts: { token?: string; protocols?: string[]; headers?: Record<string, string> } = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const headers = { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers };
    const ws = new WebSocket(url, opts.protocols ?? [], { headers });
    // Queue messages from the start: the first one may arrive before the caller listens.
    messages(ws);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

interface Inbox {
  next(timeoutMs?: number): Promise<{ data: Buffer; binary: boolean }>;
  json<T = unknown>(timeoutMs?: number): Promise<T>;
}
const inboxes = new WeakMap<WebSocket, Inbox>();

/** The queue of a socket's messages (one per socket), so tests can await them one by one without losing any. */
export function messages(ws: WebSocket): Inbox {
  const existing = inboxes.get(ws);
  if (existing) return existing;
  const queue: Array<{ data: Buffer; binary: boolean }> = [];
  const waiters: Array<(m: { data: Buffer; binary: boolean }) => void> = [];
  ws.on('message', (data, binary) => {
    const m = { data: Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer), binary };
    const w = waiters.shift();
    if (w) w(m);
    else queue.push(m);
  });
  const next = (timeoutMs = 5000) =>
    new Promise<{ data: Buffer; binary: boolean }>((resolve, reject) => {
      const m = queue.shift();
      if (m) return resolve(m);
      const t = setTimeout(() => reject(new Error(`no message within ${timeoutMs} ms`)), timeoutMs);
      waiters.push((msg) => {
        clearTimeout(t);
        resolve(msg);
      });
    });
  const inbox: Inbox = { next, json: async <T>(timeoutMs?: number) => JSON.parse((await next(timeoutMs)).data.toString()) as T };
  inboxes.set(ws, inbox);
  return inbox;
}

/** The close code and reason of a socket (waits for the close). */
export function closed(ws: WebSocket, timeoutMs = 10_000): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    if (ws.readyState === ws.CLOSED) return reject(new Error('already closed before waiting'));
    const t = setTimeout(() => reject(new Error(`not closed within ${timeoutMs} ms`)), timeoutMs);
    ws.once('close', (code, reason) => {
      clearTimeout(t);
      resolve({ code, reason: reason.toString() });
    });
  });
}

/**
 * Wait until a todo subscription is live, without guessing how long that
 * takes: create a probe todo, wait briefly for `arrived()` (a change came
 * through), and repeat. Resolves with the probe ids, for the caller to
 * leave out of what it checks.
 */
export async function probeUntilLive(api: ApiPortal['api'], arrived: () => boolean, timeoutMs = 15_000): Promise<Set<number>> {
  const probes = new Set<number>();
  const deadline = Date.now() + timeoutMs;
  while (!arrived()) {
    if (Date.now() > deadline) throw new Error(`the subscription delivered none of ${probes.size} probe changes`);
    const res = await api('/api/rest/todos', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"userId":1,"title":"probe"}',
    });
    probes.add(((await res.json()) as { id: number }).id);
    await until(arrived, 500, 'a probe change').catch(() => undefined);
  }
  return probes;
}

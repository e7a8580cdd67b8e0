import type { FromKernel, ToKernel } from '../../../shared/notebook/protocol';
import { kernelConfig } from './config';
import { toKernelError } from './errors';
import { cellArguments } from './helpers';
import { blameRun, rememberScript, setActiveRun } from './kernel-state';
import { natives } from './natives';
import { makeFetch } from './net-fetch';
import { makeWebSocket } from './net-socket';
import { installSubtleCryptoBridge } from '../../crypto/subtle-bridge';
import { releaseCell, RunContext } from './run-context';
import { makeCheckApi, settle } from './check-api';

/**
 * The notebook kernel: a dedicated worker started by the sandbox iframe
 * (opaque origin, so no cookies, no storage of the portal, no access to the
 * page). It keeps the shared scope of the page's cells, runs compiled cells
 * one at a time, and talks to the page over a MessagePort. A cell stuck in a
 * loop cannot block the page: the page removes the whole iframe instead.
 */

type KernelFn = (scope: Record<string, unknown>, ...helpers: unknown[]) => Promise<void>;

const scope: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
const loaded: Record<string, KernelFn> = Object.create(null) as Record<string, KernelFn>;
Object.defineProperty(self, '__nbCells', { value: loaded });
const runs = new Map<number, RunContext>();
/** Each cell's latest run: what an exercise's checks look at. */
const lastRuns = new Map<string, RunContext>();
let port: MessagePort | null = null;
let chain: Promise<void> = Promise.resolve();
const DONE = Symbol('done');

function post(msg: FromKernel): void {
  port?.postMessage(msg);
}

async function execute(msg: Extract<ToKernel, { type: 'run' }>): Promise<void> {
  releaseCell(msg.cellId, 'the cell was run again');
  const run = new RunContext(msg.runId, msg.cellId, post);
  runs.set(msg.runId, run);
  if (msg.check) {
    // The checks run after the learner's code and see its run; their own `check` is set last so the learner cannot replace it.
    const learner = lastRuns.get(msg.check.of) ?? null;
    if (learner) await settle(learner);
    scope.check = makeCheckApi(learner, msg.check.exercise);
  } else {
    lastRuns.set(msg.cellId, run);
  }
  for (const name of msg.declared) if (!(name in scope)) scope[name] = undefined;
  const key = `r${msg.runId}`;
  const url = natives.createObjectURL(new Blob([`self.__nbCells[${JSON.stringify(key)}]=${msg.code};`], { type: 'text/javascript' }));
  rememberScript(url, { cellId: msg.cellId, lines: msg.lines });
  let fn: KernelFn | undefined;
  try {
    natives.importScripts(url);
    fn = loaded[key];
  } catch (err) {
    run.state = 'failed';
    run.failure = toKernelError(err, msg.cellId);
    run.flush();
    post({ type: 'failed', runId: msg.runId, ms: 0, error: run.failure });
    runs.delete(msg.runId);
    if (msg.check) delete scope.check;
    return;
  } finally {
    delete loaded[key];
    natives.revokeObjectURL(url);
  }
  setActiveRun(run);
  try {
    const outcome = await Promise.race([fn!(scope, ...cellArguments(run)).then(() => DONE), run.stopped]);
    const ms = natives.now() - run.started;
    if (outcome === DONE) {
      run.state = 'done';
      run.flush();
      post({ type: 'done', runId: msg.runId, ms });
    } else {
      post({ type: 'stopped', runId: msg.runId, reason: outcome as 'stopped' | 'timeout', ms });
    }
  } catch (err) {
    const ms = natives.now() - run.started;
    if (run.state === 'running') {
      run.state = 'failed';
      run.failure = toKernelError(err, msg.cellId);
      run.flush();
      post({ type: 'failed', runId: msg.runId, ms, error: run.failure });
    }
  } finally {
    setActiveRun(null);
    runs.delete(msg.runId);
    if (msg.check) delete scope.check;
  }
}

function handle(msg: ToKernel): void {
  switch (msg.type) {
    case 'config':
      kernelConfig.origin = msg.origin;
      kernelConfig.token = msg.token;
      kernelConfig.tokenExpiresAt = msg.tokenExpiresAt;
      kernelConfig.lesson = msg.lesson;
      break;
    case 'token':
      kernelConfig.token = msg.token;
      kernelConfig.tokenExpiresAt = msg.tokenExpiresAt;
      break;
    case 'run':
      chain = chain.then(() => execute(msg));
      break;
    case 'stop': {
      const run = runs.get(msg.runId);
      if (run) {
        run.stop(msg.reason);
        releaseCell(run.cellId, msg.reason === 'timeout' ? 'the cell timed out' : 'the cell was stopped');
      }
      break;
    }
    case 'cancel-cell':
      releaseCell(msg.cellId, 'the cell was reset');
      break;
  }
}

/** Route calls that bypass the per-run helpers (globalThis.fetch and friends) to the current run. */
function patchGlobals(): void {
  const g = self as unknown as Record<string, unknown>;
  g.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const run = blameRun();
    return run ? makeFetch(run)(input, init) : natives.fetch(input, init);
  };
  const NativeWS = natives.WebSocket;
  const ws = function WebSocket(url: string | URL, protocols?: string | string[]) {
    const run = blameRun();
    return run ? new (makeWebSocket(run))(url, protocols) : new NativeWS(url, protocols);
  };
  ws.prototype = NativeWS.prototype;
  for (const k of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'] as const) Object.defineProperty(ws, k, { value: NativeWS[k] });
  g.WebSocket = ws;
}

function reportUncaught(reason: unknown): void {
  const run = blameRun();
  if (run) run.output({ kind: 'error', error: toKernelError(reason, run.cellId), uncaught: true });
}

self.addEventListener('error', (e: ErrorEvent) => {
  reportUncaught(e.error ?? e.message);
  e.preventDefault();
});
self.addEventListener('unhandledrejection', (e: PromiseRejectionEvent) => {
  reportUncaught(e.reason);
  e.preventDefault();
});

// Cells get the standard crypto.subtle even though this worker is not a secure context.
installSubtleCryptoBridge();

self.addEventListener('message', function init(e: MessageEvent) {
  const data = e.data as { type?: string } | null;
  if (data?.type !== 'port' || !e.ports[0]) return;
  self.removeEventListener('message', init);
  port = e.ports[0];
  port.onmessage = (ev: MessageEvent) => handle(ev.data as ToKernel);
  patchGlobals();
  post({ type: 'ready' });
});

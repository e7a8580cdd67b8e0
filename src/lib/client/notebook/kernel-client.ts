import type { CheckTarget, FromKernel, KernelError, NetworkRecord, OutputEntry, ToKernel } from '../../shared/notebook/protocol';
import type { CompiledCell } from '../../shared/notebook/compile-cell';
import { mintLessonToken, type LessonToken } from './lesson-token';

/**
 * The page's handle on its kernel: an opaque-origin sandboxed iframe whose
 * worker runs the cells. Starts it, feeds it the lesson token (refreshed
 * before expiry), runs cells one at a time, stops them (softly first; a cell
 * stuck in a loop gets its whole kernel replaced) and restarts it.
 */

/** How a run ended. */
export type RunEnd =
  | { kind: 'done'; ms: number }
  | { kind: 'failed'; ms: number; error: KernelError }
  | { kind: 'stopped'; ms: number; reason: 'stopped' | 'timeout' }
  | { kind: 'killed'; ms: number; reason: 'stopped' | 'timeout' | 'restart' };

/** Callbacks of one run. */
export interface RunCallbacks {
  onOutput(entries: OutputEntry[]): void;
  onNetwork(records: NetworkRecord[]): void;
}

interface Pending extends RunCallbacks {
  cellId: string;
  started: number;
  resolve(end: RunEnd): void;
  killTimer?: number;
}

/** Time a run gets to acknowledge a stop before the kernel is replaced. */
const STOP_GRACE_MS = 1500;

/** The page's kernel: start, run, stop, restart. */
export class Kernel {
  private iframe: HTMLIFrameElement | null = null;
  private port: MessagePort | null = null;
  private booting: Promise<void> | null = null;
  private token: LessonToken | null = null;
  private refreshTimer = 0;
  private nextRunId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Late output of finished runs still reaches their cells (until the cell runs again). */
  private readonly late = new Map<number, RunCallbacks & { cellId: string }>();

  constructor(
    private readonly opts: {
      lesson: string;
      hostUrl: string;
      runtimeUrl: string;
      onStatus(status: 'starting' | 'ready' | 'busy' | 'failed', detail?: string): void;
    },
  ) {}

  /** Start the kernel (once; later calls wait for the same start). */
  start(): Promise<void> {
    this.booting ??= this.boot().catch((err: unknown) => {
      this.booting = null;
      this.opts.onStatus('failed', err instanceof Error ? err.message : String(err));
      throw err;
    });
    return this.booting;
  }

  private async boot(): Promise<void> {
    this.opts.onStatus('starting');
    const tokenP = this.token && this.token.expiresAt - Date.now() > 60_000 ? Promise.resolve(this.token) : mintLessonToken(this.opts.lesson);
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', 'allow-scripts');
    frame.setAttribute('title', 'Notebook kernel');
    frame.setAttribute('aria-hidden', 'true');
    frame.tabIndex = -1;
    frame.className = 'nb-kernel-frame';
    const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    frame.srcdoc = `<!doctype html><meta charset="utf-8"><title>kernel</title><script src="${attr(this.opts.hostUrl)}" data-runtime="${attr(this.opts.runtimeUrl)}"></script>`;
    const channel = new MessageChannel();
    const connected = new Promise<void>((resolve, reject) => {
      const onWindowMessage = (e: MessageEvent) => {
        if (e.source !== frame.contentWindow) return;
        const type = (e.data as { type?: string } | null)?.type;
        if (type === 'nb-host-ready') frame.contentWindow!.postMessage({ type: 'nb-init' }, '*', [channel.port2]);
        if (type === 'nb-kernel-failed') {
          window.removeEventListener('message', onWindowMessage);
          reject(new Error('the kernel could not start'));
        }
      };
      window.addEventListener('message', onWindowMessage);
      channel.port1.onmessage = (e: MessageEvent) => {
        const msg = e.data as FromKernel;
        if (msg.type === 'ready') {
          window.removeEventListener('message', onWindowMessage);
          channel.port1.onmessage = (ev: MessageEvent) => this.receive(ev.data as FromKernel);
          resolve();
        }
      };
    });
    this.iframe = frame;
    document.body.append(frame);
    const [token] = await Promise.all([tokenP, connected]);
    this.port = channel.port1;
    this.token = token;
    this.send({ type: 'config', origin: location.origin, token: token.token, tokenExpiresAt: token.expiresAt, lesson: this.opts.lesson });
    this.scheduleRefresh();
    this.opts.onStatus('ready');
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    if (!this.token) return;
    const wait = Math.max(5_000, (this.token.expiresAt - Date.now()) * 0.8);
    this.refreshTimer = window.setTimeout(() => {
      mintLessonToken(this.opts.lesson).then(
        (t) => {
          this.token = t;
          this.send({ type: 'token', token: t.token, tokenExpiresAt: t.expiresAt });
          this.scheduleRefresh();
        },
        () => {
          // Logged out or offline: try again later; cells will see 401s meanwhile.
          this.refreshTimer = window.setTimeout(() => this.scheduleRefresh(), 30_000);
        },
      );
    }, wait);
  }

  private send(msg: ToKernel): void {
    this.port?.postMessage(msg);
  }

  private receive(msg: FromKernel): void {
    if (msg.type === 'ready') return;
    const p = this.pending.get(msg.runId);
    const cb = p ?? this.late.get(msg.runId);
    if (msg.type === 'output') cb?.onOutput(msg.entries);
    else if (msg.type === 'network') cb?.onNetwork(msg.records);
    else if (p) {
      const end: RunEnd =
        msg.type === 'done'
          ? { kind: 'done', ms: msg.ms }
          : msg.type === 'failed'
            ? { kind: 'failed', ms: msg.ms, error: msg.error }
            : { kind: 'stopped', ms: msg.ms, reason: msg.reason };
      this.settle(msg.runId, end);
    }
  }

  private settle(runId: number, end: RunEnd): void {
    const p = this.pending.get(runId);
    if (!p) return;
    clearTimeout(p.killTimer);
    this.pending.delete(runId);
    this.late.set(runId, { onOutput: p.onOutput, onNetwork: p.onNetwork, cellId: p.cellId });
    if (this.late.size > 200) this.late.delete(this.late.keys().next().value!);
    if (this.pending.size === 0) this.opts.onStatus('ready');
    p.resolve(end);
  }

  /**
   * Run a compiled cell; resolves when it ends. `onStart` receives the run id
   * (for stop()); `check` makes it an exercise's checks over a cell's last run.
   */
  async run(cellId: string, cell: CompiledCell, callbacks: RunCallbacks, onStart?: (runId: number) => void, check?: CheckTarget): Promise<RunEnd> {
    await this.start();
    const runId = this.nextRunId++;
    onStart?.(runId);
    this.opts.onStatus('busy');
    return new Promise<RunEnd>((resolve) => {
      this.pending.set(runId, { ...callbacks, cellId, started: performance.now(), resolve });
      this.send({ type: 'run', runId, cellId, code: cell.code, lines: cell.lines, declared: cell.declared, ...(check ? { check } : {}) });
    });
  }

  /** Stop a run: politely, then (if the kernel does not answer) by replacing the kernel. */
  stop(runId: number, reason: 'stopped' | 'timeout'): void {
    const p = this.pending.get(runId);
    if (!p || p.killTimer) return;
    this.send({ type: 'stop', runId, reason });
    p.killTimer = window.setTimeout(() => {
      if (this.pending.has(runId)) void this.kill(reason);
    }, STOP_GRACE_MS);
  }

  /** Cancel what a cell left running (sockets, timers, fetches) and stop showing its earlier runs' late output. */
  cancelCell(cellId: string): void {
    for (const [runId, cb] of this.late) if (cb.cellId === cellId) this.late.delete(runId);
    this.send({ type: 'cancel-cell', cellId });
  }

  /** Throw the kernel away (all state, every running cell) and start a fresh one. */
  kill(reason: 'stopped' | 'timeout' | 'restart'): Promise<void> {
    for (const [runId, p] of [...this.pending]) this.settle(runId, { kind: 'killed', ms: performance.now() - p.started, reason });
    this.port?.close();
    this.port = null;
    this.iframe?.remove();
    this.iframe = null;
    this.booting = null;
    return this.start();
  }
}

import type { FromKernel, KernelError, NetworkRecord, OutputEntry } from '../../../shared/notebook/protocol';
import { entryText } from '../../../shared/practice/trace';
import { natives } from './natives';

/**
 * One run of one cell: its output buffer and network records (posted to the
 * page in batches), and the resources (fetches, sockets, timers) its cell
 * owns so a re-run, Stop or timeout can end them.
 */

/** Most output entries one run may produce before the rest is dropped. */
export const MAX_ENTRIES_PER_RUN = 1000;
/** Most network records one run keeps. */
export const MAX_RECORDS_PER_RUN = 200;

/** Marks a socket whose cell was re-run, stopped or reset: its late events no longer reach the cell's code. */
export const SILENCE = Symbol('silence');

/** A cell socket that can be silenced (net-socket.ts makes them). */
interface SilenceableSocket extends WebSocket {
  [SILENCE]?(): void;
}

/** What a cell owns in the kernel, across its runs. */
export interface CellResources {
  aborts: Set<AbortController>;
  sockets: Set<WebSocket>;
  timeouts: Set<number>;
  intervals: Set<number>;
}

export type Post = (msg: FromKernel) => void;

/** A run's state and its batching outbox. */
export class RunContext {
  state: 'running' | 'done' | 'failed' | 'stopped' = 'running';
  readonly started = natives.now();
  /** The run's output as text and its network records, kept for an exercise's checks. */
  readonly lines: string[] = [];
  readonly records: NetworkRecord[] = [];
  /** Why the run failed, once it has. */
  failure: KernelError | null = null;
  private entries: OutputEntry[] = [];
  private entryCount = 0;
  private dirty = new Map<number, NetworkRecord>();
  private recordCount = 0;
  private scheduled = false;
  private stopResolve: ((reason: 'stopped' | 'timeout') => void) | null = null;
  /** Settles when the page stops the run; raced against the cell. */
  readonly stopped: Promise<'stopped' | 'timeout'>;

  constructor(
    readonly runId: number,
    readonly cellId: string,
    private readonly post: Post,
  ) {
    this.stopped = new Promise((resolve) => (this.stopResolve = resolve));
  }

  /** Whether output and callbacks of this run still count. */
  get live(): boolean {
    return this.state !== 'stopped';
  }

  /** Queue an output entry (dropped after the per-run limit, with one notice). */
  output(entry: OutputEntry): void {
    if (!this.live) return;
    this.entryCount++;
    if (this.entryCount > MAX_ENTRIES_PER_RUN) {
      if (this.entryCount === MAX_ENTRIES_PER_RUN + 1) {
        this.entries.push({ kind: 'notice', text: `Output stopped after ${MAX_ENTRIES_PER_RUN} entries; later entries of this run are not shown.` });
      }
    } else {
      this.entries.push(entry);
      this.lines.push(entryText(entry));
    }
    this.schedule();
  }

  /** Register a new network record; false when the run already has too many. */
  addRecord(record: NetworkRecord): boolean {
    if (this.recordCount >= MAX_RECORDS_PER_RUN) return false;
    this.recordCount++;
    this.records.push(record);
    this.touch(record);
    return true;
  }

  /** Mark a record as changed so its new state is posted. */
  touch(record: NetworkRecord): void {
    this.dirty.set(record.id, record);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    natives.setTimeout(() => this.flush(), 16);
  }

  /** Post everything queued now. */
  flush(): void {
    this.scheduled = false;
    if (this.entries.length) {
      const entries = this.entries;
      this.entries = [];
      this.post({ type: 'output', runId: this.runId, entries });
    }
    if (this.dirty.size) {
      // Records are posted as snapshots; the page replaces them by id.
      const records = [...this.dirty.values()].map((r) => structuredClone(r));
      this.dirty.clear();
      this.post({ type: 'network', runId: this.runId, records });
    }
  }

  /** Stop the run: the race against the cell settles and later output is dropped. */
  stop(reason: 'stopped' | 'timeout'): void {
    if (this.state !== 'running') return;
    this.flush();
    this.state = 'stopped';
    this.stopResolve?.(reason);
  }
}

const resources = new Map<string, CellResources>();

/** The resources a cell owns (created on first use). */
export function resourcesOf(cellId: string): CellResources {
  let r = resources.get(cellId);
  if (!r) {
    r = { aborts: new Set(), sockets: new Set(), timeouts: new Set(), intervals: new Set() };
    resources.set(cellId, r);
  }
  return r;
}

/** Abort a cell's fetches, close its sockets and clear its timers. */
export function releaseCell(cellId: string, why: string): void {
  const r = resources.get(cellId);
  if (!r) return;
  for (const c of r.aborts) c.abort(new DOMException(why, 'AbortError'));
  for (const ws of r.sockets) {
    (ws as SilenceableSocket)[SILENCE]?.();
    try {
      if (ws.readyState === ws.CONNECTING || ws.readyState === ws.OPEN) ws.close(1000, why.slice(0, 100));
    } catch {
      // already closing
    }
  }
  for (const t of r.timeouts) natives.clearTimeout(t);
  for (const t of r.intervals) natives.clearInterval(t);
  resources.delete(cellId);
}

/**
 * Saving a reader's edits on the server: debounced per cell, flushed when the
 * page is hidden (keepalive, so leaving the page does not lose the last
 * keystrokes), with a callback for the cell's "Saving… / Saved" line.
 */

export type SaveState = 'pending' | 'saving' | 'saved' | 'error';

const DEBOUNCE_MS = 800;

interface Job {
  code: string;
  baseHash: string;
  original: string;
  timer: number;
  onState(state: SaveState, detail?: string): void;
}

/** The reader's edits of one lesson, saved on the server. */
export class EditStore {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly lesson: string) {
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.flushAll(true);
    });
    window.addEventListener('pagehide', () => this.flushAll(true));
  }

  private url(cellId: string): string {
    return `/api/notebook/edits/${encodeURIComponent(this.lesson)}/${encodeURIComponent(cellId)}`;
  }

  /** Queue a save of `code` for a cell (a save equal to the original is a reset). */
  schedule(cellId: string, code: string, baseHash: string, original: string, onState: Job['onState']): void {
    const old = this.jobs.get(cellId);
    if (old) clearTimeout(old.timer);
    const job: Job = { code, baseHash, original, onState, timer: 0 };
    job.timer = window.setTimeout(() => void this.flush(cellId), DEBOUNCE_MS);
    this.jobs.set(cellId, job);
    onState('pending');
  }

  /** Forget a queued save (the cell was reset). */
  cancel(cellId: string): void {
    const job = this.jobs.get(cellId);
    if (job) clearTimeout(job.timer);
    this.jobs.delete(cellId);
  }

  /** Send a cell's queued save now. */
  async flush(cellId: string, keepalive = false): Promise<void> {
    const job = this.jobs.get(cellId);
    if (!job) return;
    clearTimeout(job.timer);
    this.jobs.delete(cellId);
    job.onState('saving');
    try {
      const res =
        job.code === job.original
          ? await fetch(this.url(cellId), { method: 'DELETE', keepalive, credentials: 'same-origin' })
          : await fetch(this.url(cellId), {
              method: 'PUT',
              keepalive,
              credentials: 'same-origin',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ code: job.code, baseHash: job.baseHash }),
            });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        job.onState('error', body?.error?.message ?? `HTTP ${res.status}`);
        return;
      }
      job.onState('saved');
    } catch (err) {
      job.onState('error', err instanceof Error ? err.message : String(err));
    }
  }

  /** Send every queued save. */
  flushAll(keepalive = false): void {
    for (const id of [...this.jobs.keys()]) void this.flush(id, keepalive);
  }

  /** Remove a cell's saved edit (Reset). */
  async reset(cellId: string): Promise<void> {
    this.cancel(cellId);
    const res = await fetch(this.url(cellId), { method: 'DELETE', credentials: 'same-origin' });
    if (!res.ok) throw new Error(`the edit could not be removed (HTTP ${res.status})`);
  }

  /** Re-save an edit on top of a changed original ("keep my version"). */
  async rebase(cellId: string, code: string, baseHash: string): Promise<void> {
    const res = await fetch(this.url(cellId), {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, baseHash }),
    });
    if (!res.ok) throw new Error(`the edit could not be saved (HTTP ${res.status})`);
  }
}

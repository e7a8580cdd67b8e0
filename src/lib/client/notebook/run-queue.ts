/**
 * Cells run one at a time, in the order they were asked for, like a
 * notebook kernel's execution queue. Asking for a cell that is already
 * waiting does not queue it twice.
 */

export type RunOutcome = 'ok' | 'error' | 'cancelled';

/** Something the queue can run. */
export interface Runnable {
  execute(): Promise<RunOutcome>;
  markQueued(queued: boolean): void;
}

interface Item {
  cell: Runnable;
  waiters: Array<(outcome: RunOutcome) => void>;
}

/** The page's execution queue: one cell at a time, in order. */
export class RunQueue {
  private readonly items: Item[] = [];
  private running: Runnable | null = null;

  /** Queue a cell; resolves when it has run (or was taken off the queue). */
  enqueue(cell: Runnable): Promise<RunOutcome> {
    const waiting = this.items.find((i) => i.cell === cell);
    if (waiting) return new Promise((resolve) => waiting.waiters.push(resolve));
    return new Promise((resolve) => {
      this.items.push({ cell, waiters: [resolve] });
      if (this.running || this.items.length > 1) cell.markQueued(true);
      void this.pump();
    });
  }

  /** Take a waiting cell off the queue. */
  remove(cell: Runnable): boolean {
    const at = this.items.findIndex((i) => i.cell === cell);
    if (at < 0) return false;
    const [item] = this.items.splice(at, 1);
    cell.markQueued(false);
    for (const w of item!.waiters) w('cancelled');
    return true;
  }

  /** Empty the queue (kernel restart). */
  clear(): void {
    for (const item of this.items.splice(0)) {
      item.cell.markQueued(false);
      for (const w of item.waiters) w('cancelled');
    }
  }

  /** Whether a cell is waiting. */
  isQueued(cell: Runnable): boolean {
    return this.items.some((i) => i.cell === cell);
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    const item = this.items.shift();
    if (!item) return;
    this.running = item.cell;
    item.cell.markQueued(false);
    let outcome: RunOutcome = 'error';
    try {
      outcome = await item.cell.execute();
    } finally {
      this.running = null;
      for (const w of item.waiters) w(outcome);
      void this.pump();
    }
  }
}

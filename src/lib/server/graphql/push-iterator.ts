/**
 * An async iterator fed by callbacks (feed updates, change events), for
 * GraphQL subscriptions. Its queue is bounded: `conflate` keeps only the
 * newest value (a ticker), otherwise an overflow ends the stream with an
 * error instead of growing without limit.
 */

export interface PushOptions {
  maxQueue?: number;
  /** Keep only the latest unread value. */
  conflate?: boolean;
}

/** Start a source with `setup(push)`; its returned cleanup runs when the consumer stops. */
export function pushIterator<T>(setup: (push: (value: T) => void) => () => void, opts: PushOptions = {}): AsyncIterableIterator<T> {
  const max = opts.maxQueue ?? 1000;
  const queue: T[] = [];
  let waiting: ((r: IteratorResult<T>) => void) | null = null;
  let failure: Error | null = null;
  let done = false;

  const push = (value: T) => {
    if (done || failure) return;
    if (waiting) {
      const resolve = waiting;
      waiting = null;
      resolve({ value, done: false });
      return;
    }
    if (opts.conflate) queue.length = 0;
    if (queue.length >= max) {
      failure = new Error(`Too many unread events (more than ${max}); resubscribe.`);
      cleanup();
      return;
    }
    queue.push(value);
  };
  const cleanup = setup(push);

  const finish = (): IteratorResult<T> => {
    if (!done) {
      done = true;
      queue.length = 0;
      cleanup();
      waiting?.({ value: undefined, done: true });
      waiting = null;
    }
    return { value: undefined, done: true };
  };

  return {
    next() {
      if (queue.length) return Promise.resolve({ value: queue.shift()!, done: false });
      if (failure) {
        const err = failure;
        done = true;
        return Promise.reject(err);
      }
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return() {
      return Promise.resolve(finish());
    },
    throw(err?: unknown) {
      finish();
      return Promise.reject(err);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

import { EventEmitter } from 'node:events';
import type { ResourceName, RestItem } from '../../shared/rest/types';

/**
 * Changes to a learner's records, for live subscribers (GraphQL's
 * `todoChanged`). Astro's endpoints and the WebSocket routes are bundled
 * separately but run in the same web process, so the emitter lives on
 * globalThis under a registered symbol: both bundles see the same one.
 */

/** One change a learner made, through REST or GraphQL. */
export interface RestChange {
  viewerId: number;
  resource: ResourceName;
  kind: 'created' | 'updated' | 'deleted';
  id: number;
  /** The record after the change; null when deleted. */
  item: RestItem | null;
}

const KEY = Symbol.for('interview-lab.rest.changes');

function emitter(): EventEmitter {
  const g = globalThis as { [KEY]?: EventEmitter };
  if (!g[KEY]) {
    g[KEY] = new EventEmitter();
    // One listener per open subscription; the per-user WebSocket limits bound them.
    g[KEY].setMaxListeners(0);
  }
  return g[KEY];
}

/** Tell subscribers about a change. */
export function publishChange(change: RestChange): void {
  emitter().emit('change', change);
}

/** Listen to every change; returns the function that stops listening. */
export function onChange(listener: (change: RestChange) => void): () => void {
  const e = emitter();
  e.on('change', listener);
  return () => e.off('change', listener);
}

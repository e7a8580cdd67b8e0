import type { IncomingMessage } from 'node:http';

/** A header of a raw Node request as one string (repeated ones joined as fetch's Headers joins them), or null. */
export function headerOf(req: Pick<IncomingMessage, 'headers'>, name: string): string | null {
  const v = req.headers[name];
  return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
}

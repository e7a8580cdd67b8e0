import type { IncomingMessage } from 'node:http';
import { ClientGoneError, decodeBodyText, tooLarge } from './body';

/**
 * The body of a raw Node request as strict UTF-8 text, with the limits and
 * errors of body.ts's readText, read with plain 'data'/'end' listeners.
 * (The request's async iterator, used before, built a stream iterator and
 * end-of-stream watcher per request: several percent of a `{ hello }`.)
 * Past `maxBytes` it stops listening and rejects with 413; the server
 * discards the unread rest once the answer is sent, so the connection stays
 * usable.
 */
export function readIncomingText(req: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = req.headers['content-length'];
  if (Number(declared ?? '0') > maxBytes) return Promise.reject(tooLarge(maxBytes));
  // Gone while its caller was looked up: 'error' and 'aborted' have passed and 'end' never comes, so the
  // listeners below would wait forever (the request never answered, logged or counted).
  if (req.destroyed) return Promise.reject(new ClientGoneError('the client went away before its body was read'));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        stop();
        req.pause();
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      try {
        resolve(decodeBodyText(chunks, size));
      } catch (err) {
        reject(err);
      }
    };
    // Errors of the request stream are its connection's: the client's side, not ours (no `cause`, so no
    // ECONNRESET inside it reads as the database being down to isDatabaseUnavailable).
    const onError = (err: Error) => {
      stop();
      reject(new ClientGoneError(`the client went away before sending its whole body (${err.message})`));
    };
    const onAborted = () => onError(new Error('aborted'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}

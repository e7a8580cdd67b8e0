import type { ServerResponse } from 'node:http';
import { log } from '../log';
import { currentContext, runInContext, type RequestContext } from '../request-context';

/**
 * Answers finished during one event-loop turn are ended together when the
 * turn's I/O callbacks have run (setImmediate), not one by one.
 *
 * Why: each socket write whose reader is asleep in epoll wakes it, and on a
 * VM that wake-up (an inter-processor interrupt) is charged to the writer.
 * Under load the portal answers a batch of requests per turn, so writing each
 * answer at once woke the reader (the bench's load generator; in production
 * nginx on the same host) once per answer: 15 % of a REST answer's CPU in
 * `perf`, and half of its cost with the knock-on effects. Written back to back,
 * the first write wakes the reader and the rest find it awake. A lone request
 * waits only for the end of its own turn (microseconds).
 *
 * Each answer ends in its own request's context: the setImmediate runs in the
 * context of the turn's first answer, and the access log line written on
 * 'finish' takes its request id from the context.
 */

const elog = log.child({ mod: 'end-of-turn' });

interface Queued {
  res: ServerResponse;
  body: string | undefined;
  context: RequestContext | undefined;
}

let queued: Queued[] = [];

function end({ res, body }: Queued): void {
  try {
    res.end(body);
  } catch (err) {
    // One answer that cannot be written must not leave the others of its turn unanswered.
    elog.error('could not end an answer', { err });
    res.destroy();
  }
}

function endAll(): void {
  const batch = queued;
  queued = [];
  for (const q of batch) {
    if (q.context) runInContext(q.context, () => end(q));
    else end(q);
  }
}

/** End `res` (headers already written with writeHead) with `body` at the end of this event-loop turn, together with the turn's other answers. */
export function endAtTurnEnd(res: ServerResponse, body: string | undefined): void {
  if (queued.length === 0) setImmediate(endAll);
  queued.push({ res, body, context: currentContext() });
}

import type { ServerResponse } from 'node:http';
import { log } from '../log';

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
 */

const elog = log.child({ mod: 'end-of-turn' });

let responses: ServerResponse[] = [];
let bodies: (string | undefined)[] = [];

function endAll(): void {
  const ending = responses;
  const withBodies = bodies;
  responses = [];
  bodies = [];
  for (let i = 0; i < ending.length; i++) {
    const res = ending[i]!;
    try {
      res.end(withBodies[i]);
    } catch (err) {
      // One answer that cannot be written must not leave the others of its turn unanswered.
      elog.error('could not end an answer', { err });
      res.destroy();
    }
  }
}

/** End `res` (headers already written with writeHead) with `body` at the end of this event-loop turn, together with the turn's other answers. */
export function endAtTurnEnd(res: ServerResponse, body: string | undefined): void {
  if (responses.length === 0) setImmediate(endAll);
  responses.push(res);
  bodies.push(body);
}

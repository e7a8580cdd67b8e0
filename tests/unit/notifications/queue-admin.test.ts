import { ErrorCode } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/lib/server/http/errors';
import { lostRaceError } from '../../../src/lib/server/notifications/queue-admin';

/** BullMQ's errors as its scripts raise them: a message and the numeric ErrorCode. */
function bullError(message: string, code?: number): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

/** A retry or remove that lost a race to another request or a worker answers 409 or 404, not 500. */
describe('lostRaceError', () => {
  it('maps "not in the failed state" to 409 not_failed', () => {
    const e = lostRaceError(bullError('Job c2-k1 is not in the failed state. reprocessJob', ErrorCode.JobNotInState), 'c2-k1', 'retried');
    expect(e).toBeInstanceOf(ApiError);
    expect([e!.status, e!.code]).toEqual([409, 'not_failed']);
    expect(e!.message).toBe('Job c2-k1 is no longer failed; only failed jobs can be retried.');
  });

  it('maps a job that vanished to 404 and a job locked by a worker to 409', () => {
    expect(lostRaceError(bullError('Missing key for job c2-k1. reprocessJob', ErrorCode.JobNotExist), 'c2-k1', 'retried')?.status).toBe(404);
    expect(lostRaceError(bullError('Job c2-k1 could not be removed because it is locked by another worker'), 'c2-k1', 'removed')?.status).toBe(409);
  });

  it('leaves other errors alone', () => {
    expect(lostRaceError(new Error('connection reset'), 'x', 'retried')).toBeNull();
    expect(lostRaceError(new ApiError(503, 'queue_unavailable', 'No answer'), 'x', 'retried')).toBeNull();
    expect(lostRaceError('not an error', 'x', 'removed')).toBeNull();
  });
});

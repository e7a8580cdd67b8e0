import type { KernelError } from '../../../shared/notebook/protocol';
import { checkRequest, checkSocket, type CheckRequest, type CheckSocket } from '../../../shared/practice/trace';
import type { Verification } from '../../../shared/practice/verifiers';
import { kernelConfig } from './config';
import { natives } from './natives';
import type { RunContext } from './run-context';

/**
 * The `check` object an exercise's checks see: the learner's last run of the
 * exercise cell (output, error, requests, sockets) and the server
 * verification. A failed check throws an error whose message is what the
 * learner reads.
 */

/** Thrown by check.fail(); its message is shown to the learner as is. */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
}

/** What checks can use. */
export interface CheckApi {
  /** Everything the run printed, one entry per line. */
  readonly lines: string[];
  /** The same, joined with newlines. */
  readonly output: string;
  /** The run's error, if it failed. */
  readonly error: Pick<KernelError, 'name' | 'message'> | null;
  readonly requests: CheckRequest[];
  readonly sockets: CheckSocket[];
  /** Ask the server about the learner's own state; `waitMs` polls until it holds (a queued delivery). */
  verify(opts?: { waitMs?: number }): Promise<Verification>;
  /** Fail with a message for the learner. */
  fail(message: string): never;
}

const MAX_WAIT_MS = 15_000;

/** Wait (briefly) until the run's response bodies are read, so checks see them. */
export async function settle(run: RunContext, maxMs = 2000): Promise<void> {
  const t0 = natives.now();
  const pending = () => run.records.some((r) => r.kind === 'fetch' && r.responseBody === null && r.error === null);
  while (pending() && natives.now() - t0 < maxMs) await new Promise((r) => natives.setTimeout(r, 25));
}

async function verifyOnce(exercise: string): Promise<Verification> {
  const url = `${kernelConfig.origin}/api/practice/verify/${encodeURIComponent(kernelConfig.lesson)}/${encodeURIComponent(exercise)}`;
  const res = await natives.fetch(url, { headers: { authorization: `Bearer ${kernelConfig.token}` } });
  const body = (await res.json().catch(() => null)) as (Verification & { error?: { message: string } }) | null;
  if (!res.ok || !body)
    throw new CheckFailure(`The portal could not verify this exercise (${res.status}${body?.error ? `: ${body.error.message}` : ''}).`);
  return { ok: body.ok, message: body.message, facts: body.facts };
}

/** The check API over the learner's last run of the exercise cell (null: it never ran). */
export function makeCheckApi(run: RunContext | null, exercise: string): CheckApi {
  const lines = run ? run.lines.slice() : [];
  return {
    lines,
    output: lines.join('\n'),
    error: run?.failure ? { name: run.failure.name, message: run.failure.message } : null,
    requests: run ? run.records.flatMap((r) => (r.kind === 'fetch' ? [checkRequest(r)] : [])) : [],
    sockets: run ? run.records.flatMap((r) => (r.kind === 'socket' ? [checkSocket(r)] : [])) : [],
    async verify(opts = {}) {
      const until = natives.now() + Math.min(Math.max(opts.waitMs ?? 0, 0), MAX_WAIT_MS);
      for (;;) {
        const v = await verifyOnce(exercise);
        if (v.ok || natives.now() >= until) return v;
        await new Promise((r) => natives.setTimeout(r, 400));
      }
    },
    fail(message: string): never {
      throw new CheckFailure(message);
    },
  };
}

import { createHash } from 'node:crypto';
import type { RedisArgument } from 'redis';
import type { Redis } from './client';

/**
 * Lua scripts run by their SHA1 (EVALSHA: the body crosses the wire once per
 * server, not on every call), falling back to EVAL when the server does not
 * know the script yet (a fresh or restarted Redis answers NOSCRIPT), which
 * also caches it there. Scripts touch only the keys they are given, all
 * under the portal's hash tag, so they run unchanged on a Redis Cluster.
 */

/** A Lua script and its SHA1. */
export interface LuaScript {
  source: string;
  sha: string;
}

/** Prepare a Lua script (hashes it once). */
export function luaScript(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

function isNoScript(err: unknown): boolean {
  return err instanceof Error && err.message.startsWith('NOSCRIPT');
}

/** Run `script` with `keys` and `args`; `timeoutMs` bounds the wait for the answer. */
export function runScript<T>(
  client: Redis,
  script: LuaScript,
  keys: readonly string[],
  args: readonly RedisArgument[],
  timeoutMs?: number,
): Promise<T> {
  const options = timeoutMs === undefined ? undefined : { timeout: timeoutMs };
  const tail = [String(keys.length), ...keys, ...args];
  return client.sendCommand<T>(['EVALSHA', script.sha, ...tail], options).catch((err: unknown) => {
    if (!isNoScript(err)) throw err;
    return client.sendCommand<T>(['EVAL', script.source, ...tail], options);
  });
}

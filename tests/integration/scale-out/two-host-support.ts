import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { postForm } from '../../helpers/auth-http';
import { rawRequest, type RawResponse } from '../../helpers/https-client';
import { freePort, startNginx, type RunningNginx } from '../../helpers/nginx';
import { startPortal, type PortalProcess } from '../../helpers/portal';
import { createTestDatabase, dropTestDatabase, POSTGRES_ADMIN_URL } from '../../helpers/postgres';
import { cleanupPrefix, uniquePrefix } from '../../helpers/redis';
import { until } from '../../helpers/wait';

/**
 * The two-host site for two-hosts.test.ts: two portals ("hosts"), each with
 * its own temp DATA_DIR and a worker, sharing nothing on disk, on one
 * Postgres database of their own and one Redis prefix, with one
 * PUBLIC_ORIGIN and SECRET_KEY (as a deployer sets them on every host),
 * behind Debian's nginx running the shipped site config with both as
 * upstreams.
 */

export const METRICS_TOKEN = 'two-hosts-metrics-token-0123456789';

export interface TwoHostSite {
  a: PortalProcess;
  b: PortalProcess;
  /** Each host's worker process. */
  workers: { a: ChildProcess; b: ChildProcess };
  nginx: RunningNginx;
  /** The public origin (nginx, https). */
  origin: string;
  databaseUrl: string;
  redisPrefix: string;
  stop(): Promise<void>;
}

/** Start the database, both hosts (one worker each) and nginx in front of them. */
export async function startTwoHostSite(env: Record<string, string> = {}): Promise<TwoHostSite> {
  const databaseUrl = await createTestDatabase(POSTGRES_ADMIN_URL, 'twohost');
  const redisPrefix = uniquePrefix('twohost');
  const httpsPort = await freePort();
  const httpPort = await freePort();
  const origin = `https://127.0.0.1:${httpsPort}`;
  const shared = {
    NODE_ENV: 'production',
    PUBLIC_ORIGIN: origin,
    TRUST_PROXY: '1',
    DATABASE_URL: databaseUrl,
    REDIS_PREFIX: redisPrefix,
    SECRET_KEY: randomBytes(32).toString('base64url'),
    METRICS_TOKEN,
    THROTTLE_IP_FACTOR: '1000',
    ...env,
  };
  const started: PortalProcess[] = [];
  let nginx: RunningNginx | undefined;
  const stop = async () => {
    await nginx?.stop();
    await Promise.all(started.map((p) => p.stop()));
    await cleanupPrefix(redisPrefix).catch(() => undefined);
    await dropTestDatabase(POSTGRES_ADMIN_URL, databaseUrl);
  };
  try {
    const a = await startPortal({ env: shared });
    started.push(a);
    // Host A migrates the empty database; B starts on the finished schema.
    await until(async () => databaseUp(a.url), 30_000, 'host A to migrate the database');
    const b = await startPortal({ env: shared });
    started.push(b);
    await until(async () => databaseUp(b.url), 30_000, 'host B to reach the database');
    const workers = { a: await a.startWorker(), b: await b.startWorker() };
    nginx = await startNginx({ httpsPort, httpPort, upstreamPorts: [a.port, b.port] });
    return { a, b, workers, nginx, origin, databaseUrl, redisPrefix, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function databaseUp(base: string): Promise<boolean> {
  const res = await fetch(`${base}/api/health`);
  return ((await res.json()) as { db: string }).db === 'ok';
}

/** Create a personal token through /account/tokens on `base` with a session cookie; returns it and its id. */
export async function createTokenOn(base: string, cookie: string, scopes: string[]): Promise<{ token: string; id: string }> {
  const fields: Record<string, string> = { action: 'create', name: `two hosts ${randomBytes(3).toString('hex')}`, expires_days: '1' };
  for (const s of scopes) fields[`scope:${s}`] = 'on';
  const res = await postForm(base, '/account/tokens', fields, { cookie });
  const html = await res.text();
  const token = /value="(ilp_[a-z2-7]{24}\.[a-z2-7]{24})"/.exec(html)?.[1];
  if (!token) throw new Error(`no token in the answer (${res.status}): ${html.slice(0, 300)}`);
  return { token, id: token.slice(4, 28) };
}

/** A request through nginx (the public origin), trusting its test certificate. */
export function viaSite(
  site: TwoHostSite,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return rawRequest(site.origin + path, { ca: site.nginx.ca, ...opts });
}

/** How many 2xx answers `base` has given on `route`, from its /metrics. */
export async function answeredOn(base: string, route: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('http_request_duration_seconds_count{') && !/^\w+_http_request_duration_seconds_count\{/.test(line)) continue;
    if (line.includes(`route="${route}"`) && line.includes('status="2xx"')) total += Number(line.split(' ').at(-1));
  }
  return total;
}

/** Call `attempt` until it is refused (401); the ms between `since` and sending the first refused call. */
export async function msUntilRefused(since: number, attempt: () => Promise<Response>): Promise<number> {
  for (;;) {
    const sentAt = Date.now();
    const res = await attempt();
    await res.arrayBuffer();
    if (res.status === 401) return sentAt - since;
    if (res.status !== 200) throw new Error(`expected 200 until the token is refused, got ${res.status}`);
  }
}

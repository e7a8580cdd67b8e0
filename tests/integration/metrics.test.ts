import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createAccount, type TestAccount } from '../helpers/accounts';
import { freePort } from '../helpers/net';
import { postForm } from '../helpers/auth-http';
import { startPortal, type PortalProcess } from '../helpers/portal';
import { pathSpelling } from '../unit/security/path-spellings';
import { api } from './notifications/helpers';

/**
 * `/metrics` against the built portal: the token gate on every spelling of
 * the path, that the numbers move when traffic flows (HTTP, sign-in failures,
 * WebSockets, a notification, a failed job), and the worker's own listener.
 * Server-Timing: server-timing.test.ts.
 */

const TOKEN = 'metrics-test-token-0123456789abcdef';

/** A raw GET: node:http sends the path exactly as written (fetch would normalise `/./metrics`). */
function rawGet(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The value of one sample in Prometheus text (labels given in any order must all match); 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const m = /^[^{ ]+(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const have = Object.fromEntries([...(m[1] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[2]);
  }
  return 0;
}

async function scrape(port: number): Promise<string> {
  const res = await rawGet(port, '/metrics', { authorization: `Bearer ${TOKEN}` });
  expect(res.status).toBe(200);
  return res.body;
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Spellings whose canonical form is /metrics: gated like it. */
const SPELLINGS = [
  '/metrics',
  '//metrics',
  '/metrics/',
  '/%6detrics',
  '/%6Detrics',
  '/./metrics',
  '/x/../metrics',
  '/%2e/metrics',
  '/METRICS',
  '/metrics?x=1',
  '/\\metrics',
];
/** Spellings that are refused (encoded separators: 400) or another path (404): never the metrics either. */
const OTHERS = ['/%2fmetrics', '/%5cmetrics', '/%252fmetrics', '/metrics%00', '/metrics/x'];

describe('/metrics without METRICS_TOKEN', () => {
  let portal: PortalProcess;
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(async () => {
    await portal?.stop();
  });

  it('does not exist: 404 for every spelling, with or without a bearer token', async () => {
    for (const path of ['/metrics', '//metrics', '/metrics/']) {
      for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }] as Record<string, string>[]) {
        const res = await rawGet(portal.port, path, headers);
        expect(res.status, path).toBe(404);
        expect(res.body).not.toContain('interview_lab_');
        expect(res.body).not.toContain('# HELP');
      }
    }
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  let portal: PortalProcess;
  let account: TestAccount;
  let workerPort: number;

  beforeAll(async () => {
    workerPort = await freePort();
    portal = await startPortal({ env: { METRICS_TOKEN: TOKEN, WORKER_METRICS_PORT: String(workerPort) }, workers: 1 });
    account = await createAccount(portal.dataDir);
  });
  afterAll(async () => {
    await portal?.stop();
  });

  it('answers 401 and never the metrics to a missing, wrong or differently-spelled credential, on every spelling of the path', async () => {
    const bad: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-token-wrong-token-0000' },
      { authorization: TOKEN },
      { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` },
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
      { authorization: 'Bearer ' },
    ];
    for (const path of SPELLINGS) {
      for (const headers of bad) {
        const res = await rawGet(portal.port, path, headers);
        expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
        expect(res.body).not.toContain('interview_lab_');
        expect(res.body).not.toContain('# HELP');
      }
    }
  });

  it("gates 60 generated spellings of /metrics (the security suite's generator) like /metrics itself", async () => {
    for (let seed = 1; seed <= 60; seed++) {
      const path = pathSpelling('/metrics', seed);
      const denied = await rawGet(portal.port, path, { authorization: 'Bearer not-the-metrics-token-000000' });
      expect(denied.status, path).toBe(401);
      expect(denied.body).not.toContain('# HELP');
      const allowed = await rawGet(portal.port, path, { authorization: `Bearer ${TOKEN}` });
      expect(allowed.status, path).toBe(200);
      expect(allowed.body).toContain('# TYPE interview_lab_http_request_duration_seconds histogram');
    }
  });

  it('answers spellings that are not /metrics with 400 or 404, and no metrics even with the token', async () => {
    for (const path of OTHERS) {
      for (const headers of [{}, { authorization: `Bearer ${TOKEN}` }] as Record<string, string>[]) {
        const res = await rawGet(portal.port, path, headers);
        expect([400, 404], `${path} ${res.status}`).toContain(res.status);
        expect(res.body).not.toContain('interview_lab_');
        expect(res.body).not.toContain('# HELP');
      }
    }
  });

  it('serves Prometheus text to the right bearer token, on any spelling, GET and HEAD only', async () => {
    for (const path of SPELLINGS) {
      const res = await rawGet(portal.port, path, { authorization: `Bearer ${TOKEN}` });
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toContain('# TYPE interview_lab_http_request_duration_seconds histogram');
    }
    const lower = await rawGet(portal.port, '/metrics', { authorization: `bearer ${TOKEN}` });
    expect(lower.status).toBe(200);
    const post = await rawGet(portal.port, '/metrics', { authorization: `Bearer ${TOKEN}` }, 'POST');
    expect(post.status).toBe(405);
    expect(post.body).not.toContain('# HELP');
  });

  it('carries Node runtime metrics, the queue gauges and live workers', async () => {
    const text = await until(
      () => scrape(portal.port),
      (t) => sample(t, 'interview_lab_queue_workers_alive') >= 1,
    );
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(sample(text, 'interview_lab_queue_redis_up')).toBe(1);
    expect(sample(text, 'interview_lab_queue_workers_alive')).toBeGreaterThanOrEqual(1);
    for (const state of ['waiting', 'active', 'failed', 'delayed']) {
      expect(text).toMatch(new RegExp(`interview_lab_queue_jobs\\{queue="notifications",state="${state}"\\} \\d+`));
    }
  });

  it('counts requests by route pattern, never by raw path, on the fast path and through Astro', async () => {
    const before = await scrape(portal.port);
    const restBefore = sample(before, 'interview_lab_http_request_duration_seconds_count', {
      route: '/api/rest/[...path]',
      method: 'GET',
      status: '2xx',
    });
    const healthBefore = sample(before, 'interview_lab_http_request_duration_seconds_count', { route: '/api/health', method: 'GET', status: '2xx' });
    for (let i = 1; i <= 3; i++) expect((await api(portal.url, account.token, 'GET', `/api/rest/todos/${i}`)).status).toBe(200);
    expect((await fetch(`${portal.url}/api/health`)).status).toBe(200);
    await rawGet(portal.port, '/no-such-page-7f3a9c');
    await rawGet(portal.port, '/api/no-such-api-7f3a9c');
    const after = await scrape(portal.port);
    expect(sample(after, 'interview_lab_http_request_duration_seconds_count', { route: '/api/rest/[...path]', method: 'GET', status: '2xx' })).toBe(
      restBefore + 3,
    );
    expect(sample(after, 'interview_lab_http_request_duration_seconds_count', { route: '/api/health', method: 'GET', status: '2xx' })).toBe(
      healthBefore + 1,
    );
    expect(after).not.toContain('7f3a9c');
    expect(after).not.toContain('todos/1');
    expect(sample(after, 'interview_lab_db_query_duration_seconds_count', { op: 'read' })).toBeGreaterThan(0);
  });

  it('counts failed sign-ins', async () => {
    const read = async () => sample(await scrape(portal.port), 'interview_lab_auth_events_total', { event: 'login.failure' });
    const before = await read();
    const res = await postForm(portal.url, '/login', { email: account.email, password: 'not-the-password-1' });
    expect(res.status).toBe(400);
    expect(await read()).toBe(before + 1);
  });

  it('counts open WebSockets by route and their messages in and out', async () => {
    const ws = new WebSocket(`${portal.url.replace(/^http/, 'ws')}/ws/echo`, { headers: { authorization: `Bearer ${account.token}` } });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const echoed = new Promise((resolve) => ws.once('message', resolve));
    ws.send('ping');
    await echoed;
    const open = await scrape(portal.port);
    expect(sample(open, 'interview_lab_websocket_connections', { route: '/ws/echo' })).toBe(1);
    expect(sample(open, 'interview_lab_websocket_messages_total', { route: '/ws/echo', direction: 'in' })).toBeGreaterThanOrEqual(1);
    expect(sample(open, 'interview_lab_websocket_messages_total', { route: '/ws/echo', direction: 'out' })).toBeGreaterThanOrEqual(1);
    ws.close();
    const closed = await until(
      () => scrape(portal.port),
      (t) => sample(t, 'interview_lab_websocket_connections', { route: '/ws/echo' }) === 0,
    );
    expect(sample(closed, 'interview_lab_websocket_connections', { route: '/ws/echo' })).toBe(0);
  });

  it('gives each worker its own token-gated listener with job durations and delivery latency', async () => {
    const denied = await rawGet(workerPort, '/metrics');
    expect(denied.status).toBe(401);
    expect(denied.body).not.toContain('# HELP');
    expect((await rawGet(workerPort, '/other', { authorization: `Bearer ${TOKEN}` })).status).toBe(404);

    const sent = await api(portal.url, account.token, 'POST', '/api/notifications', {
      recipient: 'me',
      title: 'metrics',
      body: 'hi',
      priority: 'high',
    });
    expect(sent.status).toBe(202);
    // The delivery is recorded inside the job, the job's duration once it returns: wait for both.
    const delivered = await until(
      () => scrape(workerPort),
      (t) =>
        sample(t, 'interview_lab_notification_delivery_latency_seconds_count', { priority: 'high' }) >= 1 &&
        sample(t, 'interview_lab_job_duration_seconds_count', { queue: 'notifications', name: 'send', outcome: 'completed' }) >= 1,
    );
    expect(sample(delivered, 'interview_lab_notification_delivery_latency_seconds_count', { priority: 'high' })).toBeGreaterThanOrEqual(1);
    expect(sample(delivered, 'interview_lab_notifications_delivered_total', { priority: 'high' })).toBeGreaterThanOrEqual(1);
    expect(
      sample(delivered, 'interview_lab_job_duration_seconds_count', { queue: 'notifications', name: 'send', outcome: 'completed' }),
    ).toBeGreaterThanOrEqual(1);
    expect(delivered).toContain('process_resident_memory_bytes');

    // A chunk where nine in ten deliveries fail throws, so its job fails.
    const failing = await api(portal.url, account.token, 'POST', '/api/notifications/campaigns', { synthetic: { count: 50, failureRate: 0.9 } });
    expect(failing.status).toBe(202);
    const failed = await until(
      () => scrape(workerPort),
      (t) => sample(t, 'interview_lab_job_duration_seconds_count', { queue: 'notifications', name: 'chunk', outcome: 'failed' }) >= 1,
    );
    expect(
      sample(failed, 'interview_lab_job_duration_seconds_count', { queue: 'notifications', name: 'chunk', outcome: 'failed' }),
    ).toBeGreaterThanOrEqual(1);
  });
});

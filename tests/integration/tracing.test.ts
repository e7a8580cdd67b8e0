import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createAccount, type TestAccount } from '../helpers/accounts';
import { startPortal, type PortalProcess } from '../helpers/portal';
import { api } from './notifications/helpers';

/**
 * OpenTelemetry traces against a real OTLP/HTTP receiver (a node:http server
 * in this test, decoding the JSON encoding of the export): a notification
 * sent through the web process and delivered by a worker is one trace, with
 * the HTTP server span, Redis and SQLite spans, and the worker's job span.
 * Without an endpoint, none of the OpenTelemetry code is in the bundles
 * that load.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: Array<{ key: string; value: Record<string, unknown> }>;
}
interface ReceivedSpan extends OtlpSpan {
  service: string;
}

interface OtlpExport {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans?: Array<{ spans?: OtlpSpan[] }>;
  }>;
}

/** A minimal OTLP/HTTP trace receiver: POST /v1/traces with a JSON body. */
function startReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; close(): Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces' || !String(req.headers['content-type']).startsWith('application/json')) {
        res.writeHead(404).end();
        return;
      }
      const doc = JSON.parse(body) as OtlpExport;
      for (const rs of doc.resourceSpans ?? []) {
        const service = rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
        for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) spans.push({ ...s, service });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, spans, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}

const attr = (s: OtlpSpan, key: string) => s.attributes?.find((a) => a.key === key)?.value;
/** A span of one database statement: our SQLite wrapper's (`sqlite …`) or the pg instrumentation's (db.system postgresql). */
const isDatabaseSpan = (s: OtlpSpan) =>
  s.name.startsWith('sqlite ') || attr(s, 'db.system')?.stringValue === 'postgresql' || s.name.startsWith('pg.query');

describe('traces with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let portal: PortalProcess;
  let account: TestAccount;

  beforeAll(async () => {
    receiver = await startReceiver();
    portal = await startPortal({
      workers: 1,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '100' },
    });
    account = await createAccount(portal.dataDir);
  });
  afterAll(async () => {
    await portal?.stop();
    await receiver?.close();
  });

  it('follows a notification from the web request into the worker job as one trace', async () => {
    const sent = await api(portal.url, account.token, 'POST', '/api/notifications', { recipient: 'me', title: 'traced', priority: 'high' });
    expect(sent.status).toBe(202);

    const deadline = Date.now() + 20_000;
    let request: ReceivedSpan | undefined;
    let job: ReceivedSpan | undefined;
    while (Date.now() < deadline) {
      request = receiver.spans.find(
        (s) =>
          s.service === 'interview-lab-web' &&
          s.kind === 2 &&
          attr(s, 'http.method')?.stringValue === 'POST' &&
          String(attr(s, 'http.target')?.stringValue ?? attr(s, 'url.path')?.stringValue).startsWith('/api/notifications'),
      );
      job = request && receiver.spans.find((s) => s.service === 'interview-lab-worker' && s.traceId === request!.traceId && /process/.test(s.name));
      if (request && job) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const seen = () => [...new Set(receiver.spans.map((s) => `${s.service}:${s.name}`))].slice(0, 40).join(', ');
    expect(request, `no web server span; got ${seen()}`).toBeDefined();
    expect(job, `no worker span in the request's trace; got ${seen()}`).toBeDefined();

    const trace = receiver.spans.filter((s) => s.traceId === request!.traceId);
    // The web side: the token lookup in the database (SQLite or Postgres, whichever the pass runs on) and the job handed to Redis, inside the request.
    expect(trace.some((s) => s.service === 'interview-lab-web' && isDatabaseSpan(s))).toBe(true);
    expect(trace.some((s) => s.service === 'interview-lab-web' && attr(s, 'db.system')?.stringValue === 'redis')).toBe(true);
    // The worker side: its database writes are children of the job.
    expect(trace.some((s) => s.service === 'interview-lab-worker' && isDatabaseSpan(s))).toBe(true);
    const ids = new Set(trace.map((s) => s.spanId));
    for (const s of trace)
      if (s !== request && s.parentSpanId) expect(ids.has(s.parentSpanId), `${s.service}:${s.name} has no parent in the trace`).toBe(true);
  });

  it('makes a span of each WebSocket message a route receives', async () => {
    const ws = new WebSocket(`${portal.url.replace(/^http/, 'ws')}/ws/echo`, { headers: { authorization: `Bearer ${account.token}` } });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const echoed = new Promise((resolve) => ws.once('message', resolve));
    ws.send('traced frame');
    await echoed;
    ws.close();
    const deadline = Date.now() + 10_000;
    let span: ReceivedSpan | undefined;
    while (!span && Date.now() < deadline) {
      span = receiver.spans.find((s) => s.service === 'interview-lab-web' && s.name === 'ws message /ws/echo');
      if (!span) await new Promise((r) => setTimeout(r, 200));
    }
    expect(span).toBeDefined();
    expect(attr(span!, 'messaging.message.body.size')?.intValue).toBe('traced frame'.length);
  });
});

describe('tracing off', () => {
  it('leaves every OpenTelemetry package out of the code that loads without an endpoint', () => {
    const files = ['dist/node/web.mjs', 'dist/node/web-main.mjs', 'dist/node/worker.mjs', 'dist/node/worker-main.mjs'];
    const serverDir = path.join(ROOT, 'dist/server');
    const walk = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.mjs') ? [path.join(dir, e.name)] : []));
    const all = [...files.map((f) => path.join(ROOT, f)), ...walk(serverDir)];
    expect(all.length).toBeGreaterThan(10);
    for (const f of all) {
      const text = fs.readFileSync(f, 'utf8');
      expect(/["']@opentelemetry\/|["']bullmq-otel["']/.test(text), path.relative(ROOT, f)).toBe(false);
    }
    // Only the launchers name the tracing bundle, and only behind the endpoint check.
    expect(fs.readFileSync(path.join(ROOT, 'dist/node/web.mjs'), 'utf8')).toMatch(/if \(endpoint\)[\s\S]*tracing\.mjs/);
  });

  it('refuses an endpoint that is not an http(s) URL with one line naming it', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/node/web.mjs')], {
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://collector:4318' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('interview-lab: Invalid OTEL_EXPORTER_OTLP_ENDPOINT="ftp://collector:4318": must be an http:// or https:// URL');
  });
});

// A lean HTTP/1.1 load generator on raw keep-alive sockets (no client library
// in the way, so the generator is not the bottleneck it would be with
// http.request): `connections` sockets each send one request, wait for the
// whole answer, and send the next, for `durationMs`.
import net from 'node:net';
import { percentile } from './stats.mjs';

/** Whether `buf` (a string of one response so far, read as latin1) holds a complete answer. */
export function responseComplete(buf) {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const head = buf.slice(0, end).toLowerCase();
  const m = /content-length:\s*(\d+)/.exec(head);
  if (m) return buf.length - (end + 4) >= Number(m[1]);
  if (head.includes('transfer-encoding: chunked')) return buf.endsWith('\r\n0\r\n\r\n');
  return /^http\/1\.1 (204|304)/.test(head);
}

/**
 * Run a closed-loop load test. `request` is the raw request text (ending in
 * \r\n\r\n plus any body). Resolves with requests/s, p50/p99 latency in ms,
 * and how many answers were not 2xx.
 */
export async function runLoad({ port, request, connections = 32, durationMs = 5000, warmupMs = 1000 }) {
  const latencies = [];
  let done = 0;
  let bad = 0;
  let measuring = false;
  let stopping = false;
  const sockets = [];
  const payload = Buffer.from(request);

  await Promise.all(
    Array.from(
      { length: connections },
      () =>
        new Promise((resolve, reject) => {
          const s = net.connect(port, '127.0.0.1');
          s.setNoDelay(true);
          s.setEncoding('latin1');
          sockets.push(s);
          let buf = '';
          let sentAt = 0;
          const send = () => {
            if (stopping) return;
            buf = '';
            sentAt = performance.now();
            s.write(payload);
          };
          s.on('data', (d) => {
            buf += d;
            if (!responseComplete(buf)) return;
            if (measuring) {
              latencies.push(performance.now() - sentAt);
              done++;
              if (!buf.startsWith('HTTP/1.1 2')) bad++;
            }
            send();
          });
          s.once('connect', () => {
            resolve();
            send();
          });
          s.once('error', reject);
        }),
    ),
  );
  await new Promise((r) => setTimeout(r, warmupMs));
  measuring = true;
  const started = performance.now();
  await new Promise((r) => setTimeout(r, durationMs));
  measuring = false;
  const elapsed = (performance.now() - started) / 1000;
  stopping = true;
  for (const s of sockets) s.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p) => Math.round((percentile(latencies, p) ?? 0) * 100) / 100;
  return { rps: Math.round(done / elapsed), p50: pct(50), p99: pct(99), requests: done, non2xx: bad };
}

/** Raw text of a GET request. */
export function getRequest(path, headers = {}) {
  const lines = [`GET ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Raw text of a POST request with a JSON body. */
export function postJsonRequest(path, body, headers = {}) {
  const data = Buffer.from(JSON.stringify(body));
  const lines = [
    `POST ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Content-Type: application/json',
    `Content-Length: ${data.length}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n${data.toString('latin1')}`;
}

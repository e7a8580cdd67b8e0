import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiPortal, type ApiPortal } from './support';

/**
 * The API fast path ends the answers of one event-loop turn together
 * (http/end-of-turn.ts). Whatever arrives in one turn, every request gets
 * its own answer, in order on a connection, and a client that leaves before
 * the turn ends costs the others nothing.
 */

let p: ApiPortal;
beforeAll(async () => {
  p = await startApiPortal();
});
afterAll(async () => {
  await p.portal.stop();
});

interface RawAnswer {
  status: number;
  body: string;
}

/** Split raw HTTP/1.1 answers (each with a content-length) into status and body. */
function parseAnswers(raw: Buffer): RawAnswer[] {
  const out: RawAnswer[] = [];
  let at = 0;
  while (at < raw.length) {
    const headEnd = raw.indexOf('\r\n\r\n', at);
    if (headEnd < 0) throw new Error(`an incomplete head at byte ${at}`);
    const head = raw.subarray(at, headEnd).toString('latin1');
    const length = Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
    const bodyStart = headEnd + 4;
    out.push({ status: Number(head.slice(9, 12)), body: raw.subarray(bodyStart, bodyStart + length).toString('utf8') });
    at = bodyStart + length;
  }
  return out;
}

/** Write `requests` to one new connection in a single write and collect everything until the server closes it. */
async function exchange(requests: string[]): Promise<RawAnswer[]> {
  const u = new URL(p.portal.url);
  const socket = net.connect(Number(u.port), u.hostname);
  const chunks: Buffer[] = [];
  socket.on('data', (d: Buffer) => chunks.push(d));
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(requests.join(''));
  await new Promise((resolve, reject) => {
    socket.once('close', resolve);
    socket.once('error', reject);
  });
  return parseAnswers(Buffer.concat(chunks));
}

function get(path: string, last = false): string {
  const host = new URL(p.portal.url).host;
  return `GET ${path} HTTP/1.1\r\nhost: ${host}\r\nauthorization: Bearer ${p.account.token}\r\n${last ? 'connection: close\r\n' : ''}\r\n`;
}

function graphql(query: string, last = false): string {
  const host = new URL(p.portal.url).host;
  const body = JSON.stringify({ query });
  return (
    `POST /api/graphql HTTP/1.1\r\nhost: ${host}\r\nauthorization: Bearer ${p.account.token}\r\n` +
    `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${last ? 'connection: close\r\n' : ''}\r\n${body}`
  );
}

describe('answers ended together at the end of a turn', () => {
  it('answer pipelined requests on one connection each with its own body, in order', async () => {
    const ids = [3, 1, 4, 1, 5, 9];
    const answers = await exchange([
      ...ids.map((id) => get(`/api/rest/todos/${id}`)),
      get('/api/rest/todos/99999'),
      graphql('{ hello }', true),
    ]);
    expect(answers.map((a) => a.status)).toEqual([...ids.map(() => 200), 404, 200]);
    expect(answers.slice(0, ids.length).map((a) => (JSON.parse(a.body) as { id: number }).id)).toEqual(ids);
    expect(JSON.parse(answers[ids.length]!.body)).toMatchObject({ error: { code: 'not_found' } });
    expect(JSON.parse(answers[ids.length + 1]!.body)).toEqual({ data: { hello: 'Hello World' } });
  });

  it('answer many connections whose requests arrive in the same turn, none crossed with another', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => i + 1);
    const answers = await Promise.all(ids.map((id) => exchange([get(`/api/rest/todos/${id}`, true)])));
    expect(answers.map((a) => a.length)).toEqual(ids.map(() => 1));
    expect(answers.map((a) => (JSON.parse(a[0]!.body) as { id: number }).id)).toEqual(ids);
  });

  it('let a client hang up before its turn ends without costing the others their answers', async () => {
    const before = p.portal.output().length;
    const u = new URL(p.portal.url);
    // Clients that send a request and close at once, among clients that wait for theirs.
    const leavers = Array.from({ length: 10 }, () => {
      const s = net.connect(Number(u.port), u.hostname, () => {
        s.write(get('/api/rest/todos/2'));
        s.destroy();
      });
      s.on('error', () => undefined);
      return s;
    });
    const stayers = await Promise.all(Array.from({ length: 10 }, () => exchange([get('/api/rest/todos/2', true)])));
    expect(stayers.map((a) => a.map((x) => x.status))).toEqual(stayers.map(() => [200]));
    expect(leavers.every((s) => s.destroyed)).toBe(true);
    // The server keeps serving, and logged nothing against the answers nobody read.
    expect((await p.api('/api/rest/todos/2')).status).toBe(200);
    expect(p.portal.output().slice(before)).not.toMatch(/could not end an answer|"level":"error"/);
  });
});

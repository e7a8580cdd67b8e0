import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange } from '../../helpers/net';
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
  head: string;
  body: string;
}

function parseAnswers(raw: Buffer, headOnly = new Set<number>()): RawAnswer[] {
  const out: RawAnswer[] = [];
  let at = 0;
  while (at < raw.length) {
    const headEnd = raw.indexOf('\r\n\r\n', at);
    if (headEnd < 0) throw new Error(`an incomplete head at byte ${at}: ${raw.subarray(at).toString('latin1')}`);
    const head = raw.subarray(at, headEnd).toString('latin1');
    const status = Number(head.slice(9, 12));
    const length = headOnly.has(out.length) || status === 304 ? 0 : Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1] ?? 0);
    const bodyStart = headEnd + 4;
    out.push({ status, head, body: raw.subarray(bodyStart, bodyStart + length).toString('utf8') });
    at = bodyStart + length;
  }
  return out;
}

/** Write `data` in one write on a new connection and collect everything until the server closes it. */
const raw = (data: string): Promise<Buffer> => rawExchange(p.portal.url, data);

const host = (): string => new URL(p.portal.url).host;
const auth = (): string => `authorization: Bearer ${p.account.token}\r\n`;
/** Put the account's token in the fast path's 250 ms token cache, so the next request is answered in the turn it arrives. */
const warm = async (): Promise<void> => {
  expect((await p.api('/api/rest/todos/1')).status).toBe(200);
};
const get = (path: string, extra = ''): string => `GET ${path} HTTP/1.1\r\nhost: ${host()}\r\n${auth()}${extra}\r\n`;

/** Write `requests` to one new connection in a single write and collect everything until the server closes it. */
async function exchange(requests: string[]): Promise<RawAnswer[]> {
  return parseAnswers(await raw(requests.join('')));
}

function graphql(query: string, last = false): string {
  const body = JSON.stringify({ query });
  return (
    `POST /api/graphql HTTP/1.1\r\nhost: ${host()}\r\n${auth()}` +
    `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n${last ? 'connection: close\r\n' : ''}\r\n${body}`
  );
}

describe('answers ended together at the end of a turn', () => {
  it('answer pipelined requests on one connection each with its own body, in order', async () => {
    const ids = [3, 1, 4, 1, 5, 9];
    const answers = await exchange([...ids.map((id) => get(`/api/rest/todos/${id}`)), get('/api/rest/todos/99999'), graphql('{ hello }', true)]);
    expect(answers.map((a) => a.status)).toEqual([...ids.map(() => 200), 404, 200]);
    expect(answers.slice(0, ids.length).map((a) => (JSON.parse(a.body) as { id: number }).id)).toEqual(ids);
    expect(JSON.parse(answers[ids.length]!.body)).toMatchObject({ error: { code: 'not_found' } });
    expect(JSON.parse(answers[ids.length + 1]!.body)).toEqual({ data: { hello: 'Hello World' } });
  });

  it('answer many connections whose requests arrive in the same turn, none crossed with another', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => i + 1);
    const answers = await Promise.all(ids.map((id) => exchange([get(`/api/rest/todos/${id}`, 'connection: close\r\n')])));
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
    const stayers = await Promise.all(Array.from({ length: 10 }, () => exchange([get('/api/rest/todos/2', 'connection: close\r\n')])));
    expect(stayers.map((a) => a.map((x) => x.status))).toEqual(stayers.map(() => [200]));
    expect(leavers.every((s) => s.destroyed)).toBe(true);
    // The server keeps serving, and logged nothing against the answers nobody read.
    expect((await p.api('/api/rest/todos/2')).status).toBe(200);
    expect(p.portal.output().slice(before)).not.toMatch(/could not end an answer|"level":"error"/);
  });
});

describe('end-of-turn: access log lines carry their own request id', () => {
  it('logs each answer of a batch with the id of its own request', async () => {
    const before = p.portal.output().length;
    // Ids no other test here asks for: a late log line of another test must not count.
    const ids = Array.from({ length: 30 }, (_, i) => i + 151);
    const answers = await Promise.all(ids.map(async (id) => parseAnswers(await raw(get(`/api/rest/todos/${id}`, 'connection: close\r\n')))[0]!));
    const sent = new Map(answers.map((a, i) => [`/api/rest/todos/${ids[i]}`, /\r\nx-request-id: (\S+)/i.exec(a.head)![1]!]));
    await new Promise((r) => setTimeout(r, 300));
    const lines = p.portal
      .output()
      .slice(before)
      .split('\n')
      .filter((l) => l.includes('"msg":"request"'))
      .map((l) => JSON.parse(l) as { path: string; reqId?: string });
    const wrong = lines.filter((l) => sent.has(l.path) && l.reqId !== sent.get(l.path));
    expect(lines.filter((l) => sent.has(l.path)).length).toBe(ids.length);
    expect(wrong.map((l) => `${l.path}: logged ${l.reqId}, answered ${sent.get(l.path)}`)).toEqual([]);
  });
});

describe('end-of-turn: HEAD, 304 and mixed pipelines', () => {
  it('HEAD and If-None-Match answers carry no body, and the next answer on the connection is intact', async () => {
    const first = await p.api('/api/rest/todos/5');
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    const data =
      `HEAD /api/rest/todos/5 HTTP/1.1\r\nhost: ${host()}\r\n${auth()}\r\n` +
      get('/api/rest/todos/5', `if-none-match: ${etag}\r\n`) +
      get('/api/rest/todos/6', 'connection: close\r\n');
    const answers = parseAnswers(await raw(data), new Set([0]));
    expect(answers.map((a) => a.status)).toEqual([200, 304, 200]);
    expect((JSON.parse(answers[2]!.body) as { id: number }).id).toBe(6);
  });

  it('pipelined POST / PATCH / DELETE / GET / GraphQL mutation each get their own answer, in order', async () => {
    const post = (path: string, method: string, body: string) =>
      `${method} ${path} HTTP/1.1\r\nhost: ${host()}\r\n${auth()}content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const gql = JSON.stringify({ query: 'mutation { createTodo(input: { userId: 1, title: "g" }) { id title } }' });
    const data =
      post('/api/rest/todos', 'POST', '{"userId":1,"title":"p1"}') +
      get('/api/rest/todos/7') +
      post('/api/rest/todos/8', 'PATCH', '{"title":"patched"}') +
      `DELETE /api/rest/todos/9 HTTP/1.1\r\nhost: ${host()}\r\n${auth()}\r\n` +
      post('/api/graphql', 'POST', gql) +
      post('/api/rest/todos', 'POST', '{"userId":1,"title":"p2"}') +
      get('/api/rest/todos/99999', 'connection: close\r\n');
    const answers = parseAnswers(await raw(data));
    expect(answers.map((a) => a.status)).toEqual([201, 200, 200, 204, 200, 201, 404]);
    expect(JSON.parse(answers[0]!.body)).toMatchObject({ title: 'p1' });
    expect(JSON.parse(answers[1]!.body)).toMatchObject({ id: 7 });
    expect(JSON.parse(answers[2]!.body)).toMatchObject({ id: 8, title: 'patched' });
    expect(JSON.parse(answers[5]!.body)).toMatchObject({ title: 'p2' });
  });
});

describe('end-of-turn: error replies in a pipeline', () => {
  it('answers 415, 413, 401, 404, 405 and a GraphQL error each in order, then a good answer, with Server-Timing', async () => {
    await warm();
    const body = (method: string, path: string, type: string, b: string, authz = auth()) =>
      `${method} ${path} HTTP/1.1\r\nhost: ${host()}\r\n${authz}content-type: ${type}\r\ncontent-length: ${Buffer.byteLength(b)}\r\n\r\n${b}`;
    const data =
      body('POST', '/api/rest/todos', 'text/plain', 'hello') +
      body('POST', '/api/rest/todos', 'application/json', JSON.stringify({ userId: 1, title: 'x'.repeat(40_000) })) +
      `GET /api/rest/todos/1 HTTP/1.1\r\nhost: ${host()}\r\nauthorization: Bearer nope\r\n\r\n` +
      get('/api/rest/nothing-here') +
      body('PUT', '/api/rest/todos', 'application/json', '{}') +
      body('POST', '/api/graphql', 'application/json', '{"query":"{ nope }"}') +
      get('/api/rest/todos/10', 'connection: close\r\n');
    const answers = parseAnswers(await raw(data));
    expect(answers.map((a) => a.status)).toEqual([415, 413, 401, 404, 405, 200, 200]);
    expect(answers.every((a) => /\r\nserver-timing: .*total;dur=/i.test(a.head))).toBe(true);
    expect(answers.every((a) => /\r\nx-request-id: /i.test(a.head))).toBe(true);
    expect(JSON.parse(answers[6]!.body)).toMatchObject({ id: 10 });
  });
});

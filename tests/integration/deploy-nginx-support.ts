import type WebSocket from 'ws';

/** What the nginx deployment test reads off the portal: request logs, session cookies and socket messages. */

/** Pids of web processes that logged a request for `path`. */
export function requestPids(output: string, path: string): Set<number> {
  const pids = new Set<number>();
  for (const line of output.split('\n')) {
    if (!line.includes('"msg":"request"') || !line.includes(`"path":"${path}"`)) continue;
    try {
      pids.add((JSON.parse(line) as { pid: number }).pid);
    } catch {
      // a partial line while the process is still writing
    }
  }
  return pids;
}

/** The session cookie from Set-Cookie headers: its `name=value` pair and attributes. */
export function sessionCookie(setCookie: string[] | undefined): { pair: string; attributes: string[] } {
  const line = (setCookie ?? []).find((c) => c.startsWith('__Host-session='));
  if (!line) throw new Error(`no __Host-session cookie in ${JSON.stringify(setCookie)}`);
  const [pair, ...attributes] = line.split(';').map((s) => s.trim());
  return { pair: pair!, attributes };
}

/** Keep every JSON message a socket receives; wait for one that matches. */
export function collect(ws: WebSocket) {
  const messages: Array<Record<string, unknown>> = [];
  ws.on('message', (data) => {
    try {
      messages.push(JSON.parse(data.toString()) as Record<string, unknown>);
    } catch {
      messages.push({ raw: data.toString() });
    }
  });
  return {
    messages,
    async waitFor(match: (m: Record<string, unknown>) => boolean, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (messages.some(match)) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`);
    },
  };
}

/**
 * Bench helper (bundled and started by bench/ws.mjs): one server process
 * with the portal's own WebSocket router and its echo and marketdata routes,
 * token auth against a real database (SQLite, or Postgres with DATABASE_URL), per-user limits as in
 * production. Creates the bench accounts, prints `{port, tokens}` as one JSON
 * line, then obeys JSON commands on stdin: `{"cmd":"pump","rate":n,"ms":t}`
 * steps the BTCUSD feed n times a second for t ms (the timer is switched off
 * so the bench controls the rate) and answers `{"pumped":updates}`.
 */
import http from 'node:http';
import type net from 'node:net';
import readline from 'node:readline';
import { createApiToken } from '../../src/lib/server/auth/api-tokens';
import { insertUser } from '../../src/lib/server/auth/users';
import { getLocalFeed } from '../../src/lib/server/marketdata/feed';
import { createUpgradeRouter } from '../../src/lib/server/realtime/router';
import { echoRoute } from '../../src/lib/server/realtime/routes/echo';
import { marketdataRoute } from '../../src/lib/server/realtime/routes/marketdata';

const users = Number(process.argv[2] ?? '10');
const tokens: string[] = [];
for (let i = 0; i < users; i++) {
  // Promise.resolve: auth's account functions turn async with their move to the two-dialect layer; this reads both.
  const user = (await insertUser(`ws-bench-${process.pid}-${i}@example.test`, 'no-password-bench-account'))!;
  const { token } = await createApiToken(user.id, { kind: 'personal', name: 'bench', scopes: ['realtime'], ttlMs: 3_600_000 });
  tokens.push(token);
}

const router = createUpgradeRouter({ routes: { echo: echoRoute, marketdata: marketdataRoute } });
const server = http.createServer((_req, res) => res.end('ok'));
server.on('upgrade', (req, socket, head) => router.handleUpgrade(req, socket, head));
server.listen(0, '127.0.0.1', 2048, () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as net.AddressInfo).port, tokens })}\n`);
});

const feed = getLocalFeed('BTCUSD')!;
feed.setInterval(0);

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const msg = JSON.parse(line) as { cmd: string; rate: number; ms: number };
  if (msg.cmd !== 'pump') return;
  const period = 1000 / msg.rate;
  const started = performance.now();
  let done = 0;
  const step = () => {
    const elapsed = performance.now() - started;
    if (elapsed >= msg.ms) {
      process.stdout.write(`${JSON.stringify({ pumped: done, connections: router.connectionCount() })}\n`);
      return;
    }
    const due = Math.floor(elapsed / period) + 1;
    while (done < due) {
      feed.tick(1);
      done++;
    }
    setTimeout(step, Math.max(0, done * period - (performance.now() - started)));
  };
  step();
});

// `npm run bench:ws`: how many WebSocket connections one server process
// holds and how fast it fans messages out, with the portal's own router,
// routes, token auth and per-user limits (bench/support/ws-server.ts).
//   1. RSS of the server with 10,000 idle /ws/echo connections (target < 300 MB)
//   2. market updates fanned out to 10,000 /ws/marketdata/BTCUSD subscribers at
//      rising rates; delivered messages/s and slow-consumer cut-offs per step
//      (target >= 100,000 messages/s delivered)
// Ends with one JSON line.  Options: --connections N (default 10000)
import { fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { bundleTs, ROOT } from './support/bundle.mjs';
import { rssMb } from './support/portal.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const connections = arg('connections', 10_000);
const ECHO_PER_USER = 20;
const MARKET_PER_USER = 8;
const users = Math.ceil(connections / MARKET_PER_USER);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-wsbench-'));
const serverJs = await bundleTs('bench/support/ws-server.ts');
const server = spawn(process.execPath, [serverJs, String(users)], {
  cwd: ROOT,
  env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'production', REDIS_URL: '' },
  stdio: ['pipe', 'pipe', 'inherit'],
});
const lines = readline.createInterface({ input: server.stdout });
const nextLine = () => new Promise((resolve) => lines.once('line', (l) => resolve(JSON.parse(l))));
const clients = fork(path.join(ROOT, 'bench/support/ws-clients.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const ask = (msg) => new Promise((resolve) => (clients.once('message', resolve), clients.send(msg)));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

try {
  const { port, tokens } = await nextLine();
  await ask({ cmd: 'tokens', tokens });
  await sleep(500);
  const baseline = rssMb(server.pid);

  const t0 = performance.now();
  const echo = await ask({ cmd: 'open', url: `ws://127.0.0.1:${port}/ws/echo`, count: connections, perToken: ECHO_PER_USER });
  const openSeconds = (performance.now() - t0) / 1000;
  await sleep(2000);
  const idleRss = rssMb(server.pid);
  console.log(`\nidle: ${echo.opened} /ws/echo connections (${echo.failed} failed) opened in ${openSeconds.toFixed(1)} s`);
  console.log(`server RSS: ${baseline} MB before, ${idleRss} MB with them open (target < 300 MB)`);
  await ask({ cmd: 'closeAll' });
  await sleep(1000);

  const market = await ask({ cmd: 'open', url: `ws://127.0.0.1:${port}/ws/marketdata/BTCUSD`, count: connections, perToken: MARKET_PER_USER });
  await sleep(1500);
  await ask({ cmd: 'count' });
  console.log(`\nfan-out: ${market.opened} /ws/marketdata/BTCUSD subscribers (${market.failed} failed)`);
  console.log(
    'updates/s'.padStart(10) + 'offered msg/s'.padStart(15) + 'delivered msg/s'.padStart(17) + 'cut off'.padStart(9) + 'RSS MB'.padStart(8),
  );
  const steps = [];
  for (const rate of [10, 20, 40, 80]) {
    const ms = 4000;
    await ask({ cmd: 'count' }); // start counting from zero
    server.stdin.write(`${JSON.stringify({ cmd: 'pump', rate, ms })}\n`);
    const { pumped } = await nextLine();
    await sleep(500); // let the last messages land
    const { received, closedSlow, open } = await ask({ cmd: 'count' });
    const step = {
      rate,
      offered: Math.round((pumped * open) / (ms / 1000)),
      delivered: Math.round(received / (ms / 1000)),
      cutOff: closedSlow,
      subscribers: open,
      rssMb: rssMb(server.pid),
    };
    steps.push(step);
    console.log(
      String(rate).padStart(10) +
        String(step.offered).padStart(15) +
        String(step.delivered).padStart(17) +
        String(closedSlow).padStart(9) +
        String(step.rssMb).padStart(8),
    );
    if (open < market.opened * 0.99) break;
  }
  const best = Math.max(...steps.filter((s) => s.cutOff === 0).map((s) => s.delivered), 0);
  console.log(
    `\nbest sustained fan-out without cut-offs: ${best} messages/s (target >= 100000: ${best >= 100_000 ? 'met' : 'NOT met'}); idle RSS ${idleRss} MB (target < 300: ${idleRss < 300 ? 'met' : 'NOT met'})\n`,
  );
  console.log(
    JSON.stringify({
      bench: 'ws',
      connections,
      idle: { opened: echo.opened, baselineRssMb: baseline, rssMb: idleRss },
      fanout: { subscribers: market.opened, steps, bestMessagesPerSecond: best },
      targetsMet: { idleRss: idleRss < 300, fanout: best >= 100_000 },
    }),
  );
} finally {
  clients.kill();
  server.kill();
  fs.rmSync(serverJs, { force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
}

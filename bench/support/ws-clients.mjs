// Bench helper (a child of bench/ws.mjs): opens WebSocket connections with
// the bench tokens and counts what arrives. Commands arrive over IPC:
//   {cmd:'open', url, count, perToken}  -> {opened, failed}
//   {cmd:'count'}                       -> {received, closedSlow, open} (and resets `received`)
//   {cmd:'closeAll'}                    -> {closed}
import WebSocket from 'ws';

let tokens = [];
let sockets = [];
let received = 0;
let closedSlow = 0;

async function open(url, count, perToken) {
  let opened = 0;
  let failed = 0;
  const batch = 200;
  for (let start = 0; start < count; start += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, count - start) }, (_, j) => {
        const i = start + j;
        const token = tokens[Math.floor(i / perToken)];
        return new Promise((resolve) => {
          const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` }, perMessageDeflate: false });
          ws.on('message', () => received++);
          ws.on('close', (code) => {
            if (code === 4429) closedSlow++;
          });
          ws.once('open', () => {
            opened++;
            sockets.push(ws);
            resolve();
          });
          ws.once('error', () => {
            failed++;
            resolve();
          });
        });
      }),
    );
  }
  return { opened, failed };
}

process.on('message', async (msg) => {
  if (msg.cmd === 'tokens') {
    tokens = msg.tokens;
    process.send({ ok: true });
  } else if (msg.cmd === 'open') {
    process.send(await open(msg.url, msg.count, msg.perToken));
  } else if (msg.cmd === 'count') {
    process.send({ received, closedSlow, open: sockets.filter((s) => s.readyState === WebSocket.OPEN).length });
    received = 0;
  } else if (msg.cmd === 'closeAll') {
    const closing = sockets.map((s) => new Promise((r) => (s.readyState === WebSocket.CLOSED ? r() : (s.once('close', r), s.close()))));
    await Promise.all(closing);
    sockets = [];
    process.send({ closed: closing.length });
  }
});

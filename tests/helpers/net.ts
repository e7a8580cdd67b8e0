import net from 'node:net';

/** A free loopback TCP port (bound and released at once): nothing listens on it afterwards. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Write `data` to the server at `url` in one write on a new connection (then half-close it when `halfClose`),
 * and return everything the server wrote until it closed the connection or `waitMs` passed.
 */
export async function rawExchange(url: string, data: string, opts: { halfClose?: boolean; waitMs?: number } = {}): Promise<Buffer> {
  const u = new URL(url);
  const socket = net.connect({ port: Number(u.port), host: u.hostname, allowHalfOpen: opts.halfClose === true });
  const chunks: Buffer[] = [];
  socket.on('data', (d: Buffer) => chunks.push(d));
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  if (opts.halfClose) socket.end(data);
  else socket.write(data);
  await new Promise<void>((resolve) => {
    const t = setTimeout(() => {
      socket.destroy();
      resolve();
    }, opts.waitMs ?? 3000);
    socket.once('close', () => {
      clearTimeout(t);
      resolve();
    });
  });
  return Buffer.concat(chunks);
}

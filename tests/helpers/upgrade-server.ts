import http from 'node:http';
import type net from 'node:net';

/** What an http.Server needs to hand its upgrades to: the portal's WebSocket router or any other. */
interface UpgradeHandler {
  handleUpgrade(req: http.IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): void;
  close?(): Promise<void> | void;
}

/** A loopback HTTP server on an ephemeral port whose upgrades go to `router`; `base` is its ws:// origin. */
export async function startUpgradeServer(router: UpgradeHandler): Promise<{ base: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => res.end('ok'));
  server.on('upgrade', (req, socket, head) => router.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `ws://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    async close() {
      await router.close?.();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

// A lean HTTP/1.1 client on raw keep-alive sockets, for benches whose client
// shares the machine with the server: fetch (undici) costs about half a
// millisecond of CPU per request on these 2 cores, CPU the server under test
// then lacks, while a bare baseline measured in the bench process pays none.
// A browser signing in runs on the user's machine, not on the portal's.
import net from 'node:net';
import { responseComplete } from './load.mjs';

/** A client for 127.0.0.1:`port`: `send(method, path, headers, body)` resolves with the status and the raw head. */
export function rawHttpClient(port) {
  const idle = [];
  const connect = () =>
    new Promise((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1');
      s.setNoDelay(true);
      s.setEncoding('latin1');
      s.once('connect', () => resolve(s));
      s.once('error', reject);
    });

  /** One request on an idle connection (or a new one); the body is ASCII (a URL-encoded form). */
  async function send(method, path, headers, body = '') {
    const socket = idle.pop() ?? (await connect());
    const lines = [`${method} ${path} HTTP/1.1`, `host: 127.0.0.1:${port}`, `content-length: ${body.length}`];
    for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
    return new Promise((resolve, reject) => {
      let buf = '';
      const done = () => {
        socket.off('data', onData);
        socket.off('error', onError);
        socket.off('close', onClose);
      };
      const onData = (chunk) => {
        buf += chunk;
        if (!responseComplete(buf)) return;
        done();
        const head = buf.slice(0, buf.indexOf('\r\n\r\n'));
        if (/\r\nconnection:\s*close/i.test(head)) socket.destroy();
        else idle.push(socket);
        resolve({ status: Number(head.slice(9, 12)), head });
      };
      const onError = (err) => {
        done();
        socket.destroy();
        reject(err);
      };
      const onClose = () => onError(new Error('the server closed the connection before answering'));
      socket.on('data', onData);
      socket.once('error', onError);
      socket.once('close', onClose);
      socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
    });
  }

  return { send, close: () => idle.splice(0).forEach((s) => s.destroy()) };
}

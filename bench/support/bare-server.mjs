// The baseline for bench:http: a bare node:http server answering every
// request with fixed JSON (argv[2]) and nothing else: no routing, no auth,
// no headers beyond Content-Type. The portal is compared against this.
import http from 'node:http';

const body = process.argv[2] ?? '{}';
const port = Number(process.argv[3] ?? '0');
http
  .createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(body);
  })
  .listen(port, '127.0.0.1');

// `npm run bench:http`: requests/s and latency of GET /api/rest/todos/1 and a
// GraphQL `{ hello }` through the whole portal (middleware, token auth,
// rate limit, ETag, logging), next to a bare node:http server answering the
// same JSON, measured in the same run on the same machine. Ends with one JSON
// line. Target: REST at >= 30% of bare node:http.
//   options: --duration <ms> (default 5000)  --connections <n> (default 32)
import { runLoad, getRequest, postJsonRequest } from './support/load.mjs';
import { freePort, spawnNode, startBenchPortal, stopAll, waitForHttp } from './support/portal.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const durationMs = arg('duration', 5000);
const connections = arg('connections', 32);

const TODO = '{"userId":1,"id":1,"title":"delectus aut autem","completed":false}';
const HELLO = '{"data":{"hello":"Hello World"}}';

async function bare(body) {
  const port = await freePort();
  spawnNode(['bench/support/bare-server.mjs', body, String(port)]);
  await waitForHttp(`http://127.0.0.1:${port}/`);
  return port;
}

try {
  // The rate limit stays on (it is part of the stack) with a budget the bench cannot exhaust.
  const portal = await startBenchPortal({ env: { API_RATE_LIMIT: '100000000' } });
  const auth = { Authorization: `Bearer ${portal.tokens[0]}` };
  const check = await fetch(`${portal.url}/api/rest/todos/1`, { headers: auth });
  if ((await check.text()) !== TODO) throw new Error('the portal did not answer todo 1 as expected');
  const gqlCheck = await fetch(`${portal.url}/api/graphql`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"query":"{ hello }"}' });
  if ((await gqlCheck.text()) !== HELLO) throw new Error('the portal did not answer { hello } as expected');

  const opts = { connections, durationMs };
  const bareRestPort = await bare(TODO);
  const bareRest = await runLoad({ ...opts, port: bareRestPort, request: getRequest('/api/rest/todos/1') });
  const rest = await runLoad({ ...opts, port: portal.port, request: getRequest('/api/rest/todos/1', auth) });
  const bareGqlPort = await bare(HELLO);
  const gqlRequest = (headers) => postJsonRequest('/api/graphql', { query: '{ hello }' }, headers);
  const bareGql = await runLoad({ ...opts, port: bareGqlPort, request: gqlRequest({}) });
  const gql = await runLoad({ ...opts, port: portal.port, request: gqlRequest(auth) });

  const ratio = (a, b) => Math.round((a.rps / b.rps) * 1000) / 1000;
  const rows = [
    ['bare node:http (todo JSON)', bareRest],
    ['portal GET /api/rest/todos/1', rest],
    ['bare node:http (hello JSON)', bareGql],
    ['portal POST /api/graphql { hello }', gql],
  ];
  console.log(`\n${connections} connections, ${durationMs} ms each, ${process.version}\n`);
  console.log('target'.padEnd(38) + 'req/s'.padStart(9) + 'p50 ms'.padStart(9) + 'p99 ms'.padStart(9) + 'non-2xx'.padStart(9));
  for (const [name, r] of rows) {
    console.log(name.padEnd(38) + String(r.rps).padStart(9) + String(r.p50).padStart(9) + String(r.p99).padStart(9) + String(r.non2xx).padStart(9));
  }
  const restRatio = ratio(rest, bareRest);
  const gqlRatio = ratio(gql, bareGql);
  console.log(`\nREST / bare = ${restRatio} (target >= 0.30: ${restRatio >= 0.3 ? 'met' : 'NOT met'});  GraphQL / bare = ${gqlRatio}\n`);
  console.log(
    JSON.stringify({
      bench: 'http',
      connections,
      durationMs,
      bareRest,
      rest,
      bareGraphql: bareGql,
      graphql: gql,
      restRatio,
      graphqlRatio: gqlRatio,
      restTargetMet: restRatio >= 0.3,
    }),
  );
} finally {
  await stopAll();
}

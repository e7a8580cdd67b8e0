// `npm run bench:http`: requests/s and latency of GET /api/rest/todos/1 and a
// GraphQL `{ hello }` through the whole portal (middleware, token auth,
// rate limit, ETag, logging), next to a bare node:http server answering the
// same JSON, measured in the same run on the same machine. Ends with one JSON
// line. Targets (issue 14): REST and GraphQL each at >= 0.35 of bare node:http;
// each ratio line says ok or MISS. BENCH_CPU_PROF=<dir> profiles the portal.
//   options: --duration <ms> (default 3000)  --connections <n> (default 32)  --rounds <n> (default 3)
//   --redis: the portal counts its rate budgets in Redis (REDIS_URL, else 127.0.0.1:6379; own key
//   prefix), as in production, instead of running without Redis.
import os from 'node:os';
import { runLoad, getRequest, postJsonRequest } from './support/load.mjs';
import { freePort, processCpuMs, spawnNode, startBenchPortal, stopAll, waitForHttp } from './support/portal.mjs';
import { loadAverage, median } from './support/stats.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const durationMs = arg('duration', 3000);
const connections = arg('connections', 32);
const rounds = arg('rounds', 3);
const redisUrl = process.argv.includes('--redis') ? process.env.REDIS_URL || 'redis://127.0.0.1:6379' : null;
const WARMUP_MS = 1000;
const opts = { connections, durationMs };

const TODO = '{"userId":1,"id":1,"title":"delectus aut autem","completed":false}';
const HELLO = '{"data":{"hello":"Hello World"}}';
/** Lowest acceptable portal / bare requests per second, for both rows. */
const TARGET = 0.35;

async function bare(body) {
  const port = await freePort();
  const child = spawnNode(['bench/support/bare-server.mjs', body, String(port)]);
  await waitForHttp(`http://127.0.0.1:${port}/`);
  return { port, pid: child.pid };
}

/** One load run, with the server's CPU time per answered request (independent of how busy the machine is). */
async function measured(t) {
  const before = processCpuMs(t.pid);
  const r = await runLoad({ ...opts, port: t.port, request: t.request, warmupMs: WARMUP_MS });
  const after = processCpuMs(t.pid);
  // CPU is counted over warm-up and measurement alike, so divide by the answers of both (at the measured rate).
  const answered = r.rps * ((durationMs + WARMUP_MS) / 1000);
  return { ...r, cpuUsPerRequest: before === null || after === null || answered === 0 ? null : Math.round(((after - before) * 1000) / answered) };
}

try {
  // The rate limit stays on (it is part of the stack) with a budget the bench cannot exhaust.
  const redisEnv = redisUrl ? { REDIS_URL: redisUrl, REDIS_PREFIX: `bench-http-${process.pid}` } : {};
  const portal = await startBenchPortal({ env: { API_RATE_LIMIT: '100000000', ...redisEnv } });
  const auth = { Authorization: `Bearer ${portal.tokens[0]}` };
  const check = await fetch(`${portal.url}/api/rest/todos/1`, { headers: auth });
  if ((await check.text()) !== TODO) throw new Error('the portal did not answer todo 1 as expected');
  const gqlCheck = await fetch(`${portal.url}/api/graphql`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: '{"query":"{ hello }"}',
  });
  if ((await gqlCheck.text()) !== HELLO) throw new Error('the portal did not answer { hello } as expected');

  const bareRest = await bare(TODO);
  const bareGql = await bare(HELLO);
  const gqlRequest = (headers) => postJsonRequest('/api/graphql', { query: '{ hello }' }, headers);
  const targets = {
    bareRest: { ...bareRest, request: getRequest('/api/rest/todos/1') },
    rest: { port: portal.port, pid: portal.pid, request: getRequest('/api/rest/todos/1', auth) },
    bareGraphql: { ...bareGql, request: gqlRequest({}) },
    graphql: { port: portal.port, pid: portal.pid, request: gqlRequest(auth) },
  };
  // Bare and portal alternate, round after round, so background load on a
  // shared machine hits both alike; the ratios are medians over the rounds.
  const runs = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, t] of Object.entries(targets)) runs[name].push(await measured(t));
  }
  const summary = (name) => ({
    rps: median(runs[name].map((r) => r.rps)),
    p50: median(runs[name].map((r) => r.p50)),
    p99: median(runs[name].map((r) => r.p99)),
    non2xx: runs[name].reduce((n, r) => n + r.non2xx, 0),
    cpuUsPerRequest: runs[name][0].cpuUsPerRequest === null ? null : median(runs[name].map((r) => r.cpuUsPerRequest)),
  });
  const ratioOf = (a, b) => Math.round(median(runs[a].map((r, i) => r.rps / runs[b][i].rps)) * 1000) / 1000;
  const rows = [
    ['bare node:http (todo JSON)', summary('bareRest')],
    ['portal GET /api/rest/todos/1', summary('rest')],
    ['bare node:http (hello JSON)', summary('bareGraphql')],
    ['portal POST /api/graphql { hello }', summary('graphql')],
  ];
  console.log(
    `\n${connections} connections, ${durationMs} ms per run, ${rounds} rounds (medians), ${process.version}, rate budgets ${redisUrl ? 'in Redis' : 'in memory (no Redis)'}, load average ${loadAverage()}\n`,
  );
  console.log(
    'target'.padEnd(38) + 'req/s'.padStart(9) + 'p50 ms'.padStart(9) + 'p99 ms'.padStart(9) + 'non-2xx'.padStart(9) + 'CPU µs/req'.padStart(12),
  );
  for (const [name, r] of rows) {
    console.log(
      name.padEnd(38) +
        String(r.rps).padStart(9) +
        String(r.p50).padStart(9) +
        String(r.p99).padStart(9) +
        String(r.non2xx).padStart(9) +
        String(r.cpuUsPerRequest ?? '-').padStart(12),
    );
  }
  const restRatio = ratioOf('rest', 'bareRest');
  const gqlRatio = ratioOf('graphql', 'bareGraphql');
  const verdict = (r) => (r >= TARGET ? 'ok' : 'MISS');
  console.log(`\nREST / bare    = ${restRatio.toFixed(3)}  (target >= ${TARGET}: ${verdict(restRatio)})`);
  console.log(`GraphQL / bare = ${gqlRatio.toFixed(3)}  (target >= ${TARGET}: ${verdict(gqlRatio)})`);
  // The same comparison by the servers' own CPU time per request: what a busy machine (other processes taking turns) cannot skew.
  const cpuRatio = (a, b) =>
    rows[a][1].cpuUsPerRequest && rows[b][1].cpuUsPerRequest
      ? Math.round((rows[a][1].cpuUsPerRequest / rows[b][1].cpuUsPerRequest) * 1000) / 1000
      : null;
  const restCpuRatio = cpuRatio(0, 1);
  const gqlCpuRatio = cpuRatio(2, 3);
  console.log(`by CPU time per request (bare / portal): REST ${restCpuRatio ?? 'n/a'}, GraphQL ${gqlCpuRatio ?? 'n/a'}`);
  console.log(
    `per-round ratios: REST ${runs.rest.map((r, i) => (r.rps / runs.bareRest[i].rps).toFixed(2)).join(' ')}; GraphQL ${runs.graphql.map((r, i) => (r.rps / runs.bareGraphql[i].rps).toFixed(2)).join(' ')}; load average ${loadAverage()}\n`,
  );
  console.log(
    JSON.stringify({
      bench: 'http',
      connections,
      durationMs,
      rounds,
      redis: redisUrl !== null,
      loadAverage: os.loadavg()[0],
      bareRest: rows[0][1],
      rest: rows[1][1],
      bareGraphql: rows[2][1],
      graphql: rows[3][1],
      restRatio,
      graphqlRatio: gqlRatio,
      restCpuRatio,
      graphqlCpuRatio: gqlCpuRatio,
      target: TARGET,
      restTargetMet: restRatio >= TARGET,
      graphqlTargetMet: gqlRatio >= TARGET,
    }),
  );
} finally {
  await stopAll();
}

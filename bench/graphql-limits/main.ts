import os from 'node:os';
import { hostileDocuments } from '../../tests/unit/security/graphql-corpus';
import { startBenchPortal, stopAll } from '../support/portal.mjs';
import { loadAverage, median } from '../support/stats.mjs';

/** Time to judge each hostile document over HTTP, against `{ hello }`; prints a table and one JSON line. */

const samples = Number(process.argv[process.argv.indexOf('--samples') + 1]) || 15;
const TARGET_EXTRA_MS = 10;

interface Portal {
  url: string;
  tokens: string[];
}

async function timeOnce(portal: Portal, query: string): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  const res = await fetch(`${portal.url}/api/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${portal.tokens[0]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  await res.arrayBuffer();
  return { ms: performance.now() - started, status: res.status };
}

const portal = (await startBenchPortal({ env: { API_RATE_LIMIT: '100000000' } })) as Portal;
try {
  const measure = async (query: string) => {
    const runs = [];
    // Each sample a slightly different text, so no cached verdict answers it.
    for (let i = 0; i < samples; i++) runs.push(await timeOnce(portal, `${query}\n# sample ${i}`));
    return { ms: median(runs.map((r) => r.ms)), status: runs[0]!.status };
  };
  const baseline = await measure('{ hello }');
  console.log(`load average ${loadAverage()} on ${os.cpus().length} cores; { hello } median ${baseline.ms.toFixed(2)} ms`);
  const rows = [];
  for (const [name, query] of Object.entries(hostileDocuments)) {
    const m = await measure(query);
    const extra = m.ms - baseline.ms;
    const verdict = extra <= TARGET_EXTRA_MS && m.status < 500 ? 'ok' : 'MISS';
    rows.push({ name, bytes: query.length, status: m.status, medianMs: Number(m.ms.toFixed(2)), overHelloMs: Number(extra.toFixed(2)), verdict });
    console.log(
      `${name.padEnd(24)} ${String(query.length).padStart(5)} B  HTTP ${m.status}  ${m.ms.toFixed(2).padStart(7)} ms  (+${extra.toFixed(2)} ms over hello)  ${verdict}`,
    );
  }
  console.log(JSON.stringify({ bench: 'graphql-limits', samples, loadavg: os.loadavg(), helloMs: baseline.ms, rows }));
} finally {
  await stopAll();
}

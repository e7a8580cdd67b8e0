// `npm run bench:login [-- --count N --concurrency C]`: login latency (p50,
// p99) and logins per second through the built portal's real /login form at
// the chosen Argon2id parameters, next to a baseline measured in the same run:
// bare @node-rs/argon2 verify (and hash) operations per second with the same
// parameters and concurrency, no HTTP, no database. The ratio says how much of
// a login is Argon2 and how much is everything else. Ends with one JSON line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { hash, verify } from '@node-rs/argon2';
import { ROOT } from './support/bundle.mjs';
import { startBenchPortal, stopAll } from './support/portal.mjs';

// Read the parameters from the source, so the baseline always matches what the portal uses.
const src = fs.readFileSync(path.join(ROOT, 'src/lib/server/auth/password.ts'), 'utf8');
const pick = (name) => Number(new RegExp(`${name}:\\s*(\\d+)`).exec(src)?.[1]);
const PARAMS = { algorithm: 2, memoryCost: pick('memoryCost'), timeCost: pick('timeCost'), parallelism: pick('parallelism') };

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '4' },
  },
});
const COUNT = Math.max(20, Number(args.count));
const CONCURRENCY = Math.max(1, Number(args.concurrency));
// Each account takes at most 8 logins, under the per-account throttle (10 at once).
const ACCOUNTS = Math.ceil(COUNT / 8);

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** Run `total` async jobs with `concurrency` in flight; returns each job's latency in ms and the wall time. */
async function closedLoop(total, concurrency, job) {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        await job(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), seconds: (performance.now() - started) / 1000 };
}

async function baseline() {
  const stored = await hash('bench baseline password', PARAMS);
  await verify(stored, 'bench baseline password');
  const n = Math.min(COUNT, 200);
  const v = await closedLoop(n, CONCURRENCY, () => verify(stored, 'bench baseline password'));
  const h = await closedLoop(Math.ceil(n / 2), CONCURRENCY, () => hash('bench baseline password', PARAMS));
  return { verifyPerSecond: n / v.seconds, verifyP50: pct(v.latencies, 50), hashPerSecond: Math.ceil(n / 2) / h.seconds };
}

async function main() {
  console.log(`Argon2id m=${PARAMS.memoryCost} KiB, t=${PARAMS.timeCost}, p=${PARAMS.parallelism}; ${COUNT} logins, concurrency ${CONCURRENCY}, ${os.cpus().length} cores`);

  const base = await baseline();
  console.log(`baseline  bare argon2 verify: ${round(base.verifyPerSecond)} ops/s (p50 ${round(base.verifyP50)} ms), hash: ${round(base.hashPerSecond)} ops/s`);

  try {
    // TRUST_PROXY lets each bench login come from its own address (X-Forwarded-For), so the per-IP
    // throttle measures nothing here; the per-account one is respected by spreading over accounts.
    // Accounts are made through the real /signup form below, so no bench tokens.
    const { url } = await startBenchPortal({ tokens: 0, env: { TRUST_PROXY: '1' } });
    let ipCounter = 0;
    const post = (pathname, fields) =>
      fetch(`${url}${pathname}`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: url,
          'x-forwarded-for': `10.${(++ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`,
        },
        body: new URLSearchParams(fields).toString(),
      });
    const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({ email: `bench-${i}@example.test`, password: `bench login passphrase ${i}` }));
    await closedLoop(accounts.length, CONCURRENCY, async (i) => {
      const res = await post('/signup', accounts[i]);
      if (res.status !== 303) throw new Error(`signup answered ${res.status}`);
    });

    // Warm up, then measure successful logins.
    for (let i = 0; i < 4; i++) await post('/login', accounts[i % ACCOUNTS]);
    let failures = 0;
    const run = await closedLoop(COUNT, CONCURRENCY, async (i) => {
      const res = await post('/login', accounts[i % ACCOUNTS]);
      await res.arrayBuffer();
      if (res.status !== 303) failures++;
    });
    const loginsPerSecond = COUNT / run.seconds;
    console.log(`portal    POST /login: ${round(loginsPerSecond)} logins/s, p50 ${round(run.latencies.length ? pct(run.latencies, 50) : 0)} ms, p99 ${round(pct(run.latencies, 99))} ms, failures ${failures}`);

    // The failure paths an attacker compares: unknown email vs wrong password (sequential, one at a time).
    const sample = Math.min(40, COUNT);
    const wrong = await closedLoop(sample, 1, (i) => post('/login', { email: accounts[(i + 4) % ACCOUNTS].email, password: 'not the password' }).then((r) => r.arrayBuffer()));
    const unknown = await closedLoop(sample, 1, (i) => post('/login', { email: `nobody-${i}@example.test`, password: 'not the password' }).then((r) => r.arrayBuffer()));
    const wrongP50 = pct(wrong.latencies, 50);
    const unknownP50 = pct(unknown.latencies, 50);
    console.log(`failures  wrong password p50 ${round(wrongP50)} ms, unknown email p50 ${round(unknownP50)} ms (ratio ${round(unknownP50 / wrongP50, 2)})`);

    const ratio = loginsPerSecond / base.verifyPerSecond;
    console.log(`ratio     logins/s ÷ bare verify/s = ${round(ratio, 2)}`);
    console.log(
      JSON.stringify({
        bench: 'login',
        argon2: { m: PARAMS.memoryCost, t: PARAMS.timeCost, p: PARAMS.parallelism },
        count: COUNT,
        concurrency: CONCURRENCY,
        loginsPerSecond: round(loginsPerSecond),
        p50Ms: round(pct(run.latencies, 50)),
        p99Ms: round(pct(run.latencies, 99)),
        failures,
        baseline: { verifyPerSecond: round(base.verifyPerSecond), verifyP50Ms: round(base.verifyP50), hashPerSecond: round(base.hashPerSecond) },
        ratioToBareVerify: round(ratio, 3),
        enumeration: { wrongPasswordP50Ms: round(wrongP50), unknownEmailP50Ms: round(unknownP50) },
      }),
    );
  } finally {
    await stopAll();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

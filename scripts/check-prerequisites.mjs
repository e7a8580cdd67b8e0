// `npm test` runs this first: it checks that what the suite needs is on this
// machine and prints one line per missing thing, saying how to install it
// (Debian package names), then exits 1 before any test runs. Without it a
// missing python3-requests showed up as 22 failures reading "expected false
// to be true". `bash .ci/run` installs all of these on a fresh Debian machine.
// Plain Node, no packages: it must speak even before `npm ci` finished well.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const APT = 'sudo apt-get install';

/** The first executable called `name` on PATH, or null. */
function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not in this directory
    }
  }
  return null;
}

function executable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Connect to host:port, send `hello`, resolve with the first bytes answered (or an error text). */
function ask(url, defaultPort, hello, timeoutMs = 3000) {
  return new Promise((resolve) => {
    const secure = url.protocol === 'rediss:';
    const host = url.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
    const port = Number(url.port || defaultPort);
    const socket = secure ? tls.connect({ host, port, servername: host }) : net.connect({ host, port });
    const done = (answer) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done({ error: `no answer in ${timeoutMs / 1000} s` }), timeoutMs);
    socket.once(secure ? 'secureConnect' : 'connect', () => socket.write(hello));
    socket.once('data', (d) => done({ data: d.toString('latin1') }));
    socket.once('error', (err) => done({ error: err.code ?? err.message }));
  });
}

/** RESP command bytes. */
function resp(...args) {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

async function redisProblem() {
  const raw = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  let url;
  try {
    url = new URL(raw);
  } catch {
    return `TEST_REDIS_URL (${raw}) is not a URL: set it like redis://127.0.0.1:6379`;
  }
  const auth = url.password ? resp('AUTH', ...(url.username ? [decodeURIComponent(url.username)] : []), decodeURIComponent(url.password)) : '';
  const answer = await ask(url, 6379, auth + resp('PING'));
  const shown = `${url.hostname}:${url.port || 6379}`;
  if (answer.error) {
    return `Redis does not answer at ${shown} (${answer.error}): start one with \`redis-server --port 6379 --daemonize yes\` (${APT} redis-server), or set TEST_REDIS_URL`;
  }
  if (!/^\+(OK\r\n\+)?PONG/.test(answer.data))
    return `Redis at ${shown} refused PING (${answer.data.trim().slice(0, 80)}): put its password in TEST_REDIS_URL`;
  return null;
}

/** The newest PostgreSQL server's bin dir (PG_BIN overrides), or null. */
function postgresBin() {
  if (process.env.PG_BIN) return executable(path.join(process.env.PG_BIN, 'initdb')) ? process.env.PG_BIN : null;
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const bins = fs
    .readdirSync(root)
    .sort((a, b) => Number(a) - Number(b))
    .map((v) => path.join(root, v, 'bin'))
    .filter((d) => executable(path.join(d, 'initdb')) && executable(path.join(d, 'pg_ctl')));
  return bins.at(-1) ?? null;
}

async function postgresProblem() {
  // The schema parity, promote and two-host tests and `npm run test:pg` need a server whatever the pass.
  const raw = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  let url;
  try {
    url = new URL(raw);
  } catch {
    return 'TEST_DATABASE_URL is not a URL: set it like postgres://postgres@127.0.0.1:5432/postgres (a user that may create databases)';
  }
  // An SSLRequest: any PostgreSQL server answers it with one byte, S or N.
  const sslRequest = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);
  const answer = await ask(url, 5432, sslRequest);
  const shown = `${url.hostname}:${url.port || 5432}`;
  if (answer.error || !/^[SN]/.test(answer.data)) {
    return (
      `PostgreSQL does not answer at ${shown} (${answer.error ?? 'not PostgreSQL'}): ${APT} postgresql, start it (\`sudo pg_ctlcluster <version> main start\`) ` +
      'and allow the postgres user over loopback TCP (`bash .ci/run` does all of it), or set TEST_DATABASE_URL to a server where you may create databases'
    );
  }
  return null;
}

function binaryProblems() {
  const problems = [];
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!executable(chromium)) problems.push(`Chromium is missing at ${chromium}: ${APT} chromium (or set CHROMIUM_PATH); no test downloads a browser`);
  const nginx = process.env.NGINX_PATH ?? (executable('/usr/sbin/nginx') ? '/usr/sbin/nginx' : onPath('nginx'));
  if (!nginx || !executable(nginx)) problems.push(`nginx is missing (the deployment test runs it): ${APT} nginx`);
  if (!onPath('openssl')) problems.push(`openssl is missing (the deployment test makes certificates with it): ${APT} openssl`);
  if (!onPath('redis-server')) problems.push(`redis-server is missing (the supervisor starts a private one): ${APT} redis-server`);
  if (!onPath('redis-cli')) problems.push(`redis-cli is missing: ${APT} redis-tools`);
  if (!postgresBin()) problems.push(`the PostgreSQL server programs are missing (the outage test runs a server of its own): ${APT} postgresql`);
  const promtool = [process.env.PROMTOOL, path.join(ROOT, '.ci/cache/promtool')].find((p) => p && executable(p)) ?? onPath('promtool');
  if (!promtool)
    problems.push(`promtool is missing (checks deploy/prometheus): ${APT} prometheus, or run \`bash .ci/run\`, which unpacks it into .ci/cache`);
  return problems;
}

function pythonProblems() {
  const python = '/usr/bin/python3';
  if (!executable(python))
    return [
      `python3 is missing at ${python} (the lessons' Python tabs run with it): ${APT} python3 python3-requests python3-websocket python3-cryptography`,
    ];
  const modules = { requests: 'python3-requests', websocket: 'python3-websocket', cryptography: 'python3-cryptography' };
  return Object.entries(modules)
    .filter(([mod]) => spawnSync(python, ['-c', `import ${mod}`], { stdio: 'ignore' }).status !== 0)
    .map(([mod, pkg]) => `the Python module ${mod} is missing (the lessons' Python tabs import it): ${APT} ${pkg}`);
}

const problems = [...binaryProblems(), ...pythonProblems(), ...(await Promise.all([redisProblem(), postgresProblem()])).filter(Boolean)];
if (problems.length) {
  for (const p of problems) process.stderr.write(`missing: ${p}\n`);
  process.stderr.write(
    `npm test stopped before running anything: ${problems.length} prerequisite${problems.length === 1 ? '' : 's'} missing (see above).\n`,
  );
  process.exit(1);
}
process.stdout.write('prerequisites: all present\n');

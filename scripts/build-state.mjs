// Decides whether the Astro build is missing or older than the sources, so
// `npm start` rebuilds only when it has to.
import fs from 'node:fs';
import path from 'node:path';

const SOURCES = ['src', 'public', 'server', 'workers', 'astro.config.mjs', 'package-lock.json', 'tsconfig.json'];
export const STAMP = 'dist/.build-stamp';

function newestMtime(p) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, name)));
  return newest;
}

/** True when dist/ must be rebuilt. */
export function buildIsStale(root = '.') {
  let stamp;
  try {
    stamp = fs.statSync(path.join(root, STAMP)).mtimeMs;
  } catch {
    return true;
  }
  if (!fs.existsSync(path.join(root, 'dist/server/entry.mjs'))) return true;
  return SOURCES.some((s) => newestMtime(path.join(root, s)) > stamp);
}

/** Record a finished build. */
export function writeStamp(root = '.') {
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(root, STAMP), new Date().toISOString());
}

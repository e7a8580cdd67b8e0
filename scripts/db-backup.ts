import fs from 'node:fs';
import path from 'node:path';
import { bootProcess } from '../server/boot';
import { backupDatabase, backupFileName, pruneBackups } from '../src/lib/server/db/backup';

// `npm run db:backup [-- --dir DIR] [--keep N]`: an online backup of
// $DATA_DIR/portal.db into DIR (default $DATA_DIR/backups), safe while the
// portal runs; keeps the newest N backups (default 14). Prints one line.
const USAGE = 'usage: npm run db:backup -- [--dir DIR] [--keep N]   (N: 1..1000, default 14)';

function fail(message: string): never {
  process.stderr.write(`db:backup: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): { dir?: string; keep: number } {
  const out: { dir?: string; keep: number } = { keep: 14 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = argv[i + 1];
    if (arg === '--dir' || arg === '--keep') {
      if (value === undefined || value.startsWith('--')) fail(`${arg} needs a value`);
      i++;
      if (arg === '--dir') out.dir = value;
      else {
        if (!/^\d{1,4}$/.test(value) || Number(value) < 1 || Number(value) > 1000)
          fail(`--keep must be a whole number from 1 to 1000, not ${JSON.stringify(value)}`);
        out.keep = Number(value);
      }
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else fail(`unknown argument ${JSON.stringify(arg)}`);
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
const config = bootProcess('backup');
const source = path.join(config.dataDir, 'portal.db');
if (!fs.existsSync(source)) {
  process.stderr.write(`db:backup: no database at ${source} (is DATA_DIR right?)\n`);
  process.exit(1);
}
const dir = path.resolve(args.dir ?? path.join(config.dataDir, 'backups'));
const showProgress = process.stderr.isTTY === true;

try {
  const result = await backupDatabase(source, path.join(dir, backupFileName(new Date())), (done, total) => {
    if (showProgress) process.stderr.write(`\rbacking up: ${Math.round((done / Math.max(total, 1)) * 100)}% (${done}/${total} pages)`);
  });
  if (showProgress) process.stderr.write('\n');
  const removed = pruneBackups(dir, args.keep);
  console.log(
    `backup written to ${result.file} (${result.pages} pages, ${(result.bytes / 1024).toFixed(1)} KiB, integrity ok, ${result.ms} ms)` +
      (removed.length ? `; removed ${removed.length} older backup${removed.length > 1 ? 's' : ''}` : ''),
  );
} catch (err) {
  process.stderr.write(`db:backup: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}

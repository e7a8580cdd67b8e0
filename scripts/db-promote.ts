import fs from 'node:fs';
import path from 'node:path';
import { bootProcess } from '../server/boot';
import { redactUrl } from '../src/lib/server/db/postgres';
import { promote, type PromoteReport } from '../src/lib/server/db/promote';

// `npm run db:promote -- --to postgres://... [--from FILE] [--force]`: copy
// the SQLite portal ($DATA_DIR/portal.db, or FILE) into an empty Postgres
// database, then print every table's row counts and checksums on both sides.
// Exit 0 when copied and verified (or already identical), 1 otherwise.
const USAGE = 'usage: npm run db:promote -- --to postgres://user@host/db [--from path/to/portal.db] [--force]';

function fail(message: string): never {
  process.stderr.write(`db:promote: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): { to: string; from?: string; force: boolean } {
  let to: string | undefined;
  let from: string | undefined;
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--force') force = true;
    else if (arg === '--to' || arg === '--from') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) fail(`${arg} needs a value`);
      if (arg === '--to') to = value;
      else from = value;
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else fail(`unknown argument ${JSON.stringify(arg.slice(0, 40))}`);
  }
  if (!to) fail('--to is required');
  if (!URL.canParse(to) || !/^postgres(ql)?:$/.test(new URL(to).protocol)) fail('--to must be a postgres:// or postgresql:// URL');
  return { to, from, force };
}

function print(report: PromoteReport): void {
  const rows = [['table', 'sqlite rows', 'postgres rows', 'sqlite checksum', 'postgres checksum', ''] as string[]];
  for (const t of report.tables) {
    rows.push([t.table, String(t.sourceRows), String(t.targetRows), t.sourceChecksum, t.targetChecksum, t.ok ? 'ok' : 'DIFFERENT']);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows)
    console.log(
      r
        .map((c, i) => (i === 1 || i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    );
}

const args = parseArgs(process.argv.slice(2));
const config = bootProcess('promote');
const from = path.resolve(args.from ?? path.join(config.dataDir, 'portal.db'));
if (!fs.existsSync(from)) {
  process.stderr.write(`db:promote: no database at ${from} (is DATA_DIR right, or give --from)\n`);
  process.exit(1);
}

try {
  console.log(`promoting ${from} to ${redactUrl(args.to)}`);
  const report = await promote({ from, to: args.to, force: args.force, progress: (line) => process.stderr.write(`  ${line}\n`) });
  if (report.outcome === 'refused') {
    process.stderr.write(
      `db:promote: the target already holds rows (${report.occupied!.map((o) => `${o.table}: ${o.rows}`).join(', ')}) that differ from ${from}; ` +
        'nothing was changed. Point --to at an empty database, or add --force to replace its rows with this copy.\n',
    );
    process.exit(1);
  }
  print(report);
  const rows = report.tables.reduce((n, t) => n + t.sourceRows, 0);
  const verdict = {
    copied: `copied and verified ${report.tables.length} tables, ${rows} rows, in ${report.ms} ms`,
    'already-promoted': `the target already holds exactly this data (${report.tables.length} tables, ${rows} rows); nothing to do`,
    mismatch: 'the copy did not verify; it was rolled back and the target is unchanged',
  }[report.outcome];
  console.log(verdict);
  process.exit(report.outcome === 'mismatch' ? 1 : 0);
} catch (err) {
  process.stderr.write(`db:promote: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}

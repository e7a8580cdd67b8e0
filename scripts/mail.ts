import { bootProcess } from '../server/boot';
import { parseEml } from '../src/lib/server/mail/mime';
import { listOutbox, mailDir, readOutboxFile } from '../src/lib/server/mail/outbox';

// `npm run mail:list` and `npm run mail:show <name|latest>`: the outbox
// ($DATA_DIR/mail/*.eml, where mail goes without SMTP_URL) for an operator
// with a shell on the machine. /dev/mail is off in production because it
// would show anyone's reset link to whoever reaches it; reading the files
// needs the same access as reading the database.
const USAGE = 'usage: npm run mail:list [-- --limit N]   |   npm run mail:show <file name | latest> [-- --raw]';

function fail(message: string): never {
  process.stderr.write(`mail: ${message}\n${USAGE}\n`);
  process.exit(2);
}

const [command, ...rest] = process.argv.slice(2);
const flags = new Set(rest.filter((a) => a.startsWith('--')));
const positional = rest.filter((a) => !a.startsWith('--'));
if (command === '--help' || flags.has('--help')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
bootProcess('mail');

if (command === 'list') {
  const limitAt = rest.indexOf('--limit');
  const limitText = limitAt >= 0 ? rest[limitAt + 1] : '20';
  if (!limitText || !/^\d{1,4}$/.test(limitText) || Number(limitText) < 1)
    fail(`--limit must be a whole number from 1 to 9999, not ${JSON.stringify(limitText ?? '')}`);
  const entries = listOutbox(Number(limitText));
  if (!entries.length) {
    process.stdout.write(`No mail in ${mailDir()}.\n`);
  } else {
    process.stdout.write(`Newest first, in ${mailDir()} (show one: npm run mail:show <file name>):\n`);
    for (const e of entries) process.stdout.write(`${e.name}  ${e.to}  ${e.subject}\n`);
  }
} else if (command === 'show') {
  const wanted = positional[0];
  if (!wanted) fail('name the file to show (or "latest")');
  const name = wanted === 'latest' ? listOutbox(1)[0]?.name : wanted;
  const raw = name ? readOutboxFile(name) : null;
  if (!raw) fail(name ? `no mail named ${JSON.stringify(name)} in ${mailDir()}` : `no mail in ${mailDir()}`);
  if (flags.has('--raw')) {
    process.stdout.write(raw);
  } else {
    const mail = parseEml(raw);
    for (const h of ['date', 'from', 'to', 'subject']) process.stdout.write(`${h[0]!.toUpperCase()}${h.slice(1)}: ${mail.headers.get(h) ?? ''}\n`);
    process.stdout.write(`\n${mail.text ?? '(no text part)'}\n`);
  }
} else {
  fail(command ? `unknown command ${JSON.stringify(command)}` : 'name a command');
}

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { getConfig } from '../config';
import { parseEmlHeaders } from './mime';

/**
 * The development mailbox: without SMTP_URL every mail is written as an
 * RFC 5322 `.eml` file under `$DATA_DIR/mail/`, which `/dev/mail` lists
 * outside production and any mail client opens.
 */

/** The folder the `.eml` files go to. */
export function mailDir(): string {
  return path.join(getConfig().dataDir, 'mail');
}

/** File names are `<ISO time>-<random>.eml`: sortable by time and safe in a URL. */
const FILE_NAME = /^[0-9TZ-]{15,30}-[a-f0-9]{8}\.eml$/;

/** Whether a name is one this outbox writes (guards the viewer against path tricks). */
export function isOutboxFileName(name: string): boolean {
  return FILE_NAME.test(name);
}

/** Write one message atomically (temp file, then rename), so a reader never sees half a mail. */
export function writeEml(raw: Buffer, now = new Date()): string {
  const dir = mailDir();
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const name = `${stamp}-${randomBytes(4).toString('hex')}.eml`;
  const tmp = path.join(dir, `.${name}.tmp`);
  fs.writeFileSync(tmp, raw, { mode: 0o600 });
  fs.renameSync(tmp, path.join(dir, name));
  return name;
}

/** What the mailbox page shows of one message. */
export interface OutboxEntry {
  name: string;
  date: string;
  to: string;
  subject: string;
}

/** The newest messages first (at most `limit`). */
export function listOutbox(limit = 200): OutboxEntry[] {
  const dir = mailDir();
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter(isOutboxFileName);
  } catch {
    return [];
  }
  return names
    .sort()
    .reverse()
    .slice(0, limit)
    .map((name) => {
      const headers = parseEmlHeaders(fs.readFileSync(path.join(dir, name)));
      return { name, date: headers.get('date') ?? '', to: headers.get('to') ?? '', subject: headers.get('subject') ?? '' };
    });
}

/** The raw bytes of one message, or null when there is no such file. */
export function readOutboxFile(name: string): Buffer | null {
  if (!isOutboxFileName(name)) return null;
  try {
    return fs.readFileSync(path.join(mailDir(), name));
  } catch {
    return null;
  }
}

import fs from 'node:fs';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postForm, signUpHttp } from '../helpers/auth-http';
import { startPortal, type PortalProcess } from '../helpers/portal';

/**
 * With SMTP_URL set, auth mail goes out over SMTP (nodemailer) to a real SMTP
 * server (the `smtp-server` package on an ephemeral port), with text and HTML
 * parts and a link built from PUBLIC_ORIGIN; nothing lands in the outbox.
 */

let portal: PortalProcess;
let smtp: SMTPServer;
const received: { to: string[]; raw: string }[] = [];
const ORIGIN = 'https://lab.example.test';

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as { port: number }).port;
  portal = await startPortal({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, PUBLIC_ORIGIN: ORIGIN } });
});
afterAll(async () => {
  await portal?.stop();
  await new Promise<void>((resolve) => smtp.close(resolve));
});

describe('mail over SMTP', () => {
  it('sends the reset mail by SMTP with both parts and a PUBLIC_ORIGIN link', async () => {
    const a = await signUpHttp(portal.url);
    expect((await postForm(portal.url, '/forgot-password', { email: a.email })).status).toBe(303);
    for (let i = 0; i < 100 && !received.some((m) => m.to.includes(a.email)); i++) await new Promise((r) => setTimeout(r, 50));
    const mail = received.find((m) => m.to.includes(a.email));
    expect(mail).toBeDefined();
    expect(mail!.raw).toMatch(/^Subject: Reset your Interview Lab password/m);
    expect(mail!.raw).toMatch(/Content-Type: text\/plain/);
    expect(mail!.raw).toMatch(/Content-Type: text\/html/);
    const flat = mail!.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    expect(flat).toContain(`${ORIGIN}/reset-password?token=`);
    expect(fs.existsSync(path.join(portal.dataDir, 'mail'))).toBe(false);
  });
});

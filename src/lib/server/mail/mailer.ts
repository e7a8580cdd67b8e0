import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { getConfig } from '../config';
import { log } from '../log';
import { writeEml } from './outbox';
import { plainTextPart } from './text-part';

/**
 * Sending mail: over SMTP (nodemailer) when SMTP_URL is set, else composed
 * by nodemailer all the same and dropped as an `.eml` file in the outbox.
 */

/** A message with both a plain-text and an HTML body. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

const mlog = log.child({ mod: 'mail' });
let smtp: Transporter | undefined;
let composer: Transporter | undefined;

function fromAddress(): string {
  return `Interview Lab <no-reply@${new URL(getConfig().publicOrigin).hostname}>`;
}

/** Send (or drop in the outbox) one message; resolves once it is handed over. */
export async function sendMail(message: MailMessage): Promise<void> {
  const config = getConfig();
  const mail = { from: fromAddress(), ...message, text: plainTextPart(message.text) };
  if (config.smtpUrl) {
    smtp ??= nodemailer.createTransport(config.smtpUrl);
    await smtp.sendMail(mail);
    mlog.info('mail sent', { via: 'smtp', subject: message.subject });
    return;
  }
  composer ??= nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const info = (await composer.sendMail(mail)) as { message: Buffer };
  const file = writeEml(info.message);
  mlog.info('mail written', { via: 'outbox', file, subject: message.subject });
}

/**
 * Send without making the caller wait: answer times then do not depend on
 * whether a mail went out (no account enumeration by timing), and a slow
 * SMTP server does not hold up the page. Failures are logged.
 */
export function sendMailInBackground(message: MailMessage): void {
  setImmediate(() => {
    sendMail(message).catch((err: unknown) => mlog.error('mail failed', { subject: message.subject, err }));
  });
}

import { utcMinute } from '../../shared/time-format';
import type { MailMessage } from './mailer';

/**
 * The auth mails, each as plain text and HTML. Links are absolute URLs built
 * by the caller from PUBLIC_ORIGIN, never from a request's Host header.
 */

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function html(title: string, paragraphs: string[], link?: { href: string; label: string }): string {
  const button = link
    ? `<p style="margin:24px 0"><a href="${escapeHtml(link.href)}" style="background:#3546c8;color:#fff;padding:10px 18px;border-radius:8px;text-decoration:none;display:inline-block">${escapeHtml(link.label)}</a></p><p style="font-size:13px;color:#50566a">Or paste this address into your browser:<br><span style="word-break:break-all">${escapeHtml(link.href)}</span></p>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1c24;max-width:560px;margin:0 auto;padding:16px"><h1 style="font-size:20px">${escapeHtml(title)}</h1>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}${button}<p style="font-size:13px;color:#50566a">Interview Lab</p></body></html>`;
}

/** The mail with a password-reset link. */
export function passwordResetMail(to: string, link: string, minutes: number): MailMessage {
  const intro = 'Someone (hopefully you) asked to reset the password of your Interview Lab account.';
  const validity = `The link works once, for ${minutes} minutes. Setting a new password signs you out everywhere.`;
  const ignore = 'If you did not ask for this, ignore this mail: your password stays as it is.';
  return {
    to,
    subject: 'Reset your Interview Lab password',
    text: `${intro}\n\nChoose a new password here:\n${link}\n\n${validity}\n\n${ignore}\n`,
    html: html('Reset your password', [intro, validity, ignore], { href: link, label: 'Choose a new password' }),
  };
}

/** The mail sent to an existing account when someone tries to sign up with its address. */
export function signupAttemptMail(to: string, loginLink: string, resetLink: string): MailMessage {
  const intro = 'Someone tried to create an Interview Lab account with this address, which already has one.';
  const action = `If it was you, log in at ${loginLink}, or reset your password at ${resetLink}.`;
  const ignore = 'If it was not you, nothing has changed and you can ignore this mail.';
  return {
    to,
    subject: 'You already have an Interview Lab account',
    text: `${intro}\n\n${action}\n\n${ignore}\n`,
    html: html('You already have an account', [intro, action, ignore], { href: loginLink, label: 'Log in' }),
  };
}

/** The notice sent after a password change or reset. */
export function passwordChangedMail(to: string, resetLink: string, when: Date): MailMessage {
  const intro = `The password of your Interview Lab account was changed on ${utcMinute(when.getTime())}. Every other session was signed out.`;
  const action = `If you did not do this, reset your password now at ${resetLink}.`;
  return {
    to,
    subject: 'Your Interview Lab password was changed',
    text: `${intro}\n\n${action}\n`,
    html: html('Your password was changed', [intro, action], { href: resetLink, label: 'Reset your password' }),
  };
}

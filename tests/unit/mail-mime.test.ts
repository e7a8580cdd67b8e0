import { describe, expect, it } from 'vitest';
import { decodeEncodedWords, decodeQuotedPrintable, linkSegments, parseEml, parseEmlHeaders } from '../../src/lib/server/mail/mime';

/**
 * The development mailbox's MIME reader: headers unfolded and RFC 2047
 * decoded, quoted-printable and base64 bodies, nested multiparts, charsets,
 * and links found in the text (http and https only).
 */

const eml = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');

describe('MIME decoding for /dev/mail', () => {
  it('joins a quoted-printable reset link split by soft line breaks and =3D', () => {
    const raw = eml([
      'From: Interview Lab <no-reply@lab.test>',
      'To: a@example.test',
      'Subject: =?UTF-8?Q?R=C3=A9initialiser_=E2=98=95_your_passwo?=',
      ' =?UTF-8?Q?rd?=',
      'Date: Sat, 28 Nov 2026 04:06:05 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative;',
      ' boundary="--_NmP-1-Part_1"',
      '',
      '----_NmP-1-Part_1',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Open: http://127.0.0.1:4321/reset-password?=',
      'token=3Dabcdefghijklmnopqrstuvwx.abcdefghijklmnopqrstuvwxyzabcdefghijklmnop=',
      'qrstuvwx',
      'Caf=C3=A9 <b>',
      '----_NmP-1-Part_1',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('<p>Café</p>').toString('base64'),
      '----_NmP-1-Part_1--',
      '',
    ]);
    const mail = parseEml(raw);
    expect(mail.headers.get('subject')).toBe('Réinitialiser ☕ your password');
    expect(mail.headers.get('from')).toBe('Interview Lab <no-reply@lab.test>');
    expect(mail.headers.get('date')).toBe('Sat, 28 Nov 2026 04:06:05 +0000');
    expect(mail.text).toBe(
      'Open: http://127.0.0.1:4321/reset-password?token=abcdefghijklmnopqrstuvwx.abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwx\nCafé <b>',
    );
    expect(mail.html).toBe('<p>Café</p>');
    expect(parseEmlHeaders(raw).get('to')).toBe('a@example.test');
  });

  it('finds the text part inside nested multiparts, skips attachments and decodes other charsets', () => {
    const raw = eml([
      'Subject: =?ISO-8859-1?B?' + Buffer.from('Grüße', 'latin1').toString('base64') + '?=',
      'Content-Type: multipart/mixed; boundary=outer',
      '',
      'preamble',
      '--outer',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Disposition: attachment; filename=x.txt',
      '',
      'not the body',
      '--outer',
      'Content-Type: multipart/alternative; boundary="inner"',
      '',
      '--inner',
      'Content-Type: text/plain; charset="iso-8859-1"',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Gr=FC=DFe',
      '--inner--',
      '--outer--',
    ]);
    const mail = parseEml(raw);
    expect(mail.headers.get('subject')).toBe('Grüße');
    expect(mail.text).toBe('Grüße');
    expect(mail.html).toBeNull();
  });

  it('reads a single-part base64 message and keeps plain header text around encoded words', () => {
    const raw = eml(['Subject: Re: =?utf-8?b?4piV?= and more', 'Content-Transfer-Encoding: base64', '', Buffer.from('héllo\n').toString('base64')]);
    const mail = parseEml(raw);
    expect(mail.headers.get('subject')).toBe('Re: ☕ and more');
    expect(mail.text).toBe('héllo\n');
    expect(decodeEncodedWords('=?UTF-8?Q?a?= =?UTF-8?Q?b?=')).toBe('ab');
    expect(decodeQuotedPrintable('a=3Db=\r\nc').toString()).toBe('a=bc');
    // A space before a soft break is part of the text; blanks at a hard line end are padding.
    expect(decodeQuotedPrintable('Interview Lab =\r\naccount. =  \r\nDone.  \r\nNext').toString()).toBe('Interview Lab account. Done.\r\nNext');
  });

  it('turns http(s) URLs into links without trailing punctuation, and nothing else', () => {
    expect(linkSegments('Open https://x.example/a?b=1. Or javascript:alert(1) (see http://y.example/)')).toEqual([
      { text: 'Open ' },
      { text: 'https://x.example/a?b=1', href: 'https://x.example/a?b=1' },
      { text: '. Or javascript:alert(1) (see ' },
      { text: 'http://y.example/', href: 'http://y.example/' },
      { text: ')' },
    ]);
  });
});

/**
 * The text/plain part of our mails, written so that the raw `.eml` file (or
 * the message source in a mail client) is readable as it is: ASCII text goes
 * out as 7bit, wrapped at 76 columns between words, so a link stands whole
 * on a line of its own (an operator can copy it straight out of the file).
 * Quoted-printable, nodemailer's default for lines over 76 characters, would
 * split the link with `=` soft breaks and write every `=` as `=3D`.
 */

const WIDTH = 76;
/** RFC 5322 2.1.1: no line of a message may be longer than 998 characters. */
const MAX_LINE = 998;

/** Wrap each paragraph line at `width` columns between words; a longer word (a link) keeps a line of its own, whole. */
export function wrapText(text: string, width = WIDTH): string {
  return text
    .split('\n')
    .map((line) => {
      const out: string[] = [];
      let current = '';
      for (const word of line.split(' ')) {
        if (current && current.length + 1 + word.length > width) {
          out.push(current);
          current = word;
        } else {
          current = current ? `${current} ${word}` : word;
        }
      }
      out.push(current);
      return out.join('\n');
    })
    .join('\n');
}

/** What nodemailer takes as the `text` of a message: a ready 7bit part when the body allows it, else the text (encoded by nodemailer). */
export function plainTextPart(text: string): string | { raw: string } {
  const wrapped = wrapText(text);
  // Printable ASCII, tabs and newlines only; anything else needs an encoding that says how to read it.
  if (!/^[\t\n\x20-\x7e]*$/.test(wrapped)) return text;
  const lines = wrapped.split('\n');
  if (lines.some((l) => l.length > MAX_LINE)) return text;
  return { raw: ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 7bit', '', ...lines].join('\r\n') };
}

/**
 * Just enough MIME (RFC 2045-2047) to show the development mailbox's `.eml`
 * files as a person reads mail: unfolded, decoded headers and the text of the
 * first text/plain and text/html parts, through nested multiparts, with
 * quoted-printable or base64 bodies in UTF-8 or any charset TextDecoder
 * knows. No attachments, no MIME writing (nodemailer does that). Parsing
 * works on a "binary string" (one char per byte, latin1) so that byte
 * offsets and boundaries stay exact; text is decoded only at the end.
 */

/** One parsed message or part: lower-case header names, values unfolded and decoded. */
export interface ParsedMail {
  headers: Map<string, string>;
  /** The first text/plain part (not an attachment), decoded; null when there is none. */
  text: string | null;
  /** The first text/html part, decoded; null when there is none. */
  html: string | null;
}

interface Part {
  headers: Map<string, string>;
  body: string;
}

/** Bytes of a binary string. */
function bytesOf(binary: string): Buffer {
  return Buffer.from(binary, 'latin1');
}

/** Decode bytes in a charset; unknown labels fall back to UTF-8 rather than failing the page. */
function decodeCharset(bytes: Uint8Array, charset: string | undefined): string {
  try {
    return new TextDecoder(charset || 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Quoted-printable to bytes: `=` at a line end is a soft break, `=XX` one byte. */
export function decodeQuotedPrintable(body: string): Buffer {
  // Trailing blanks on a line are transport padding (RFC 2045 6.7), but a blank before a soft
  // break's `=` is text: "Interview Lab =" + "account" must read "Interview Lab account".
  const joined = body.replace(/[ \t]+(?=\r?\n)/g, '').replace(/=\r?\n/g, '');
  return bytesOf(joined.replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))));
}

/**
 * Decode RFC 2047 encoded words (`=?UTF-8?B?...?=`, `=?UTF-8?Q?...?=`).
 * Whitespace between two encoded words is dropped (long subjects are split
 * into several words), and adjacent words in one charset are joined as
 * bytes first, so a character split across two words survives.
 */
export function decodeEncodedWords(value: string): string {
  let out = '';
  let last = 0;
  let charset: string | null = null;
  let bytes: Buffer[] = [];
  const flush = () => {
    if (charset !== null) out += decodeCharset(Buffer.concat(bytes), charset.replace(/\*.*$/, ''));
    charset = null;
    bytes = [];
  };
  for (const m of value.matchAll(/=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g)) {
    const between = value.slice(last, m.index);
    const [wordCharset, enc, text] = [m[1]!, m[2]!, m[3]!];
    if (charset === null || between.trim() !== '' || charset.toLowerCase() !== wordCharset.toLowerCase()) {
      flush();
      // Whitespace between two encoded words is only folding, not text.
      out += last > 0 && between.trim() === '' ? '' : between;
      charset = wordCharset;
    }
    bytes.push(enc.toLowerCase() === 'b' ? Buffer.from(text, 'base64') : decodeQuotedPrintable(text.replace(/_/g, ' ')));
    last = m.index + m[0].length;
  }
  flush();
  return out + value.slice(last);
}

/** Split a binary string at the first empty line into its header block and body. */
function splitHead(raw: string): { head: string; body: string } {
  const m = /\r?\n\r?\n/.exec(raw);
  return m ? { head: raw.slice(0, m.index), body: raw.slice(m.index + m[0].length) } : { head: raw, body: '' };
}

/** Unfold and parse a header block; raw 8-bit header bytes are read as UTF-8 (SMTPUTF8), then encoded words decoded. */
function parseHeaders(head: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    // The first of a repeated header wins, as mail clients show it.
    if (headers.has(name)) continue;
    headers.set(name, decodeEncodedWords(bytesOf(line.slice(colon + 1).trim()).toString('utf8')));
  }
  return headers;
}

/** The media type and parameters of a Content-Type value (quoted parameters unquoted). */
function contentType(value: string | undefined): { type: string; params: Map<string, string> } {
  const [type = 'text/plain', ...rest] = (value || 'text/plain').split(';');
  const params = new Map<string, string>();
  for (const m of rest.join(';').matchAll(/([\w*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/g)) {
    params.set(m[1]!.toLowerCase(), m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!);
  }
  return { type: type.trim().toLowerCase(), params };
}

/** The body parts of a multipart body, between `--boundary` lines, until `--boundary--`. */
function splitMultipart(body: string, boundary: string): Part[] {
  const parts: Part[] = [];
  const delimiter = `--${boundary}`;
  const lines = body.split(/\r?\n/);
  let current: string[] | null = null;
  for (const line of lines) {
    const trimmed = line.trimEnd();
    if (trimmed === delimiter || trimmed === `${delimiter}--`) {
      if (current) {
        const { head, body: partBody } = splitHead(current.join('\n'));
        parts.push({ headers: parseHeaders(head), body: partBody });
      }
      if (trimmed.endsWith('--') && trimmed !== delimiter) return parts;
      current = [];
    } else if (current) {
      current.push(line);
    }
  }
  return parts;
}

/** A leaf part's body as text: transfer encoding undone, then the charset decoded. */
function decodeBody(part: Part, charset: string | undefined): string {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').trim().toLowerCase();
  const bytes =
    encoding === 'quoted-printable'
      ? decodeQuotedPrintable(part.body)
      : encoding === 'base64'
        ? Buffer.from(part.body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64')
        : bytesOf(part.body);
  return decodeCharset(bytes, charset);
}

/** Collect the first text/plain and text/html leaves, depth first (multipart/alternative, mixed, related). */
function collect(part: Part, found: { text: string | null; html: string | null }, depth: number): void {
  const { type, params } = contentType(part.headers.get('content-type'));
  if (type.startsWith('multipart/')) {
    const boundary = params.get('boundary');
    // Depth guard: a hostile file cannot nest parts until the stack runs out.
    if (!boundary || depth > 10) return;
    for (const child of splitMultipart(part.body, boundary)) collect(child, found, depth + 1);
    return;
  }
  if (/^attachment/i.test(part.headers.get('content-disposition') ?? '')) return;
  if (type === 'text/plain' && found.text === null) found.text = decodeBody(part, params.get('charset'));
  else if (type === 'text/html' && found.html === null) found.html = decodeBody(part, params.get('charset'));
}

/** Only the decoded headers of a message (for listings). */
export function parseEmlHeaders(raw: Uint8Array): Map<string, string> {
  return parseHeaders(splitHead(Buffer.from(raw).toString('latin1')).head);
}

/** A run of plain text, or a web link in it. */
export type TextSegment = { text: string; href?: string };

/**
 * Split plain text into text and http(s) links, for a page to render the
 * links as anchors (and everything escaped). Trailing punctuation ends a
 * link, as in "open https://x.example/a." Other schemes stay text.
 */
export function linkSegments(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const m of text.matchAll(/https?:\/\/[^\s<>"']+/g)) {
    const href = m[0].replace(/[.,;:!?)\]]+$/, '');
    if (m.index > last) segments.push({ text: text.slice(last, m.index) });
    segments.push({ text: href, href });
    last = m.index + href.length;
  }
  if (last < text.length) segments.push({ text: text.slice(last) });
  return segments;
}

/** Parse one RFC 5322 message (the bytes of an `.eml` file). */
export function parseEml(raw: Uint8Array): ParsedMail {
  const { head, body } = splitHead(Buffer.from(raw).toString('latin1'));
  const root: Part = { headers: parseHeaders(head), body };
  const found: { text: string | null; html: string | null } = { text: null, html: null };
  collect(root, found, 0);
  return { headers: root.headers, ...found };
}

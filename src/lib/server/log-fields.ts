/**
 * What a log line may carry: fields made safe at any depth. Keys that name a
 * secret (password, token, cookie, authorization, ...) are redacted wherever
 * they sit; strings lose what looks like a credential (bearer and basic
 * credentials, our `ilp_`/`ill_` tokens, session and reset cookies, secret
 * query parameters such as reset links, TOTP URIs, Fernet keys and tokens,
 * URL credentials); errors keep their name, message, code, stack and cause
 * chain, so every error line says where it happened. Depth, breadth and length are
 * capped and cycles cut, so logging a big or odd object stays cheap.
 */

export type LogFields = Record<string, unknown>;

const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|otp|code_verifier|api[-_]?key|private[-_]?key/i;
/** Ids, counts and times of secret things are fine: `token_id`, `sessionCount`, `passwordChangedAt`. */
const SAFE_SUFFIX = /(_id|Id|_ids|Ids|Count|count|_at|At|_kind|Kind)$/;
const MAX_DEPTH = 6;
const MAX_KEYS = 50;
const MAX_STRING = 8000;

const VALUE_PATTERNS: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]'],
  [/\b(il[pl]_)[A-Za-z0-9_-]{6,}/g, '$1[redacted]'],
  [/\b((?:__Host-)?(?:session|reset)=)[^;\s,]+/g, '$1[redacted]'],
  // Reset links and any URL carrying a secret in its query.
  [/([?&](?:token|code|password|secret|key)=)[^&#\s]+/gi, '$1[redacted]'],
  // Credentials inside a URL: redis://:pw@host, postgres://user:pw@host.
  [/(\/\/)[^\s/@:]*:[^\s/@]+@/g, '$1[redacted]@'],
  // TOTP enrolment URIs carry the shared secret.
  [/\botpauth:\/\/[^\s"'<>]+/gi, 'otpauth://[redacted]'],
  // Fernet tokens (version byte 0x80: "gAAAAA...") and 32-byte url-safe base64 keys (Fernet, SECRET_KEY).
  [/\bgAAAAA[A-Za-z0-9_-]{20,}={0,2}/g, '[redacted fernet token]'],
  [/(^|[^A-Za-z0-9_+/-])[A-Za-z0-9_+/-]{43}=(?![A-Za-z0-9=])/g, '$1[redacted key]'],
  // "password=...", "secret: ...", '"token":"..."' inside free text.
  [/\b(pass(?:word)?|secret|token|api[-_]?key)(["']?\s*[:=]\s*["']?)(?!\[redacted)[^\s"'&,;]+/gi, '$1$2[redacted]'],
];

/**
 * Matches every string that any VALUE_PATTERNS entry could change (a superset:
 * case-insensitive throughout). Nearly every logged string (paths, methods,
 * ids) fails this one test, which is far cheaper than four global replaces;
 * only the rest go through them.
 */
const MAYBE_SECRET = /bearer|basic|il[pl]_|[=@]|otpauth:|gAAAAA|pass|secret|token|api[-_]?key/i;

/** A string with anything credential-shaped replaced, and cut to a sane length. */
export function redactString(s: string): string {
  let out = s.length > MAX_STRING ? `${s.slice(0, MAX_STRING)}…` : s;
  if (!MAYBE_SECRET.test(out)) return out;
  for (const [re, by] of VALUE_PATTERNS) out = out.replace(re, by);
  return out;
}

function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && !SAFE_SUFFIX.test(key);
}

function safeValue(v: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof v === 'string') return redactString(v);
  if (v === null || typeof v !== 'object') return typeof v === 'bigint' ? v.toString() : v;
  if (seen.has(v)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  seen.add(v);
  if (v instanceof Error) {
    const e = v as Error & { code?: unknown; cause?: unknown };
    const out: LogFields = { name: e.name, message: redactString(e.message) };
    if (typeof e.code === 'string' || typeof e.code === 'number') out.code = e.code;
    if (e.stack) out.stack = redactString(e.stack);
    if (e.cause !== undefined) out.cause = safeValue(e.cause, depth + 1, seen);
    if (v instanceof AggregateError) out.errors = safeValue(v.errors, depth + 1, seen);
    return out;
  }
  if (Array.isArray(v)) {
    const items = v.slice(0, MAX_KEYS).map((x) => safeValue(x, depth + 1, seen));
    return v.length > MAX_KEYS ? [...items, `[${v.length - MAX_KEYS} more]`] : items;
  }
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v) || ArrayBuffer.isView(v)) return `[${v.byteLength} bytes]`;
  const out: LogFields = {};
  let n = 0;
  for (const [k, x] of Object.entries(v)) {
    if (n++ >= MAX_KEYS) {
      out['…'] = 'more keys left out';
      break;
    }
    out[k] = isSecretKey(k) ? '[redacted]' : safeValue(x, depth + 1, seen);
  }
  return out;
}

/** The fields of one log line, safe to write (see the module comment). */
export function safeFields(fields: LogFields): LogFields {
  return safeValue(fields, 0, new WeakSet()) as LogFields;
}

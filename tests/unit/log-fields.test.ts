import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configureLog, log } from '../../src/lib/server/log';
import { redactString, safeFields } from '../../src/lib/server/log-fields';

/** The JSON lines `fn` writes to stdout. */
function captured(fn: () => void): Array<Record<string, unknown>> {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    configureLog({ level: 'debug', pretty: false, process: 'test' });
    fn();
  } finally {
    process.stdout.write = write;
  }
  return lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('log fields', () => {
  it('redact secret-named keys at any depth, keep ids, counts and times of them', () => {
    const out = safeFields({
      user_id: 7,
      token_id: 'abcd1234',
      sessionCount: 2,
      passwordChangedAt: 5,
      request: { headers: { authorization: 'Bearer xyz', cookie: 'session=a.b', accept: 'text/html' }, body: [{ password: 'hunter2', email: 'a@b.c' }] },
      nested: { a: { b: { secret: 's', api_key: 'k', privateKey: 'p' } } },
    });
    expect(out).toEqual({
      user_id: 7,
      token_id: 'abcd1234',
      sessionCount: 2,
      passwordChangedAt: 5,
      request: { headers: { authorization: '[redacted]', cookie: '[redacted]', accept: 'text/html' }, body: [{ password: '[redacted]', email: 'a@b.c' }] },
      nested: { a: { b: { secret: '[redacted]', api_key: '[redacted]', privateKey: '[redacted]' } } },
    });
  });

  it('strip credential-shaped strings wherever they appear', () => {
    expect(redactString('sent Authorization: Bearer ilp_AbCdEf0123456789 to x')).toBe('sent Authorization: Bearer [redacted] to x');
    expect(redactString('token ill_q1w2e3r4t5y6 expired')).toBe('token ill_[redacted] expired');
    expect(redactString('Cookie: __Host-session=abc.def; theme=dark')).toBe('Cookie: __Host-session=[redacted]; theme=dark');
    expect(redactString('GET /reset-password?token=s3cr3t&x=1')).toBe('GET /reset-password?token=[redacted]&x=1');
    expect(redactString('Basic dXNlcjpwYXNz')).toBe('Basic [redacted]');
  });

  it('skip the replaces only for strings none of them would change (the quick test is a superset)', () => {
    // The four replaces, always run: what redactString must equal for every string.
    const full = (s: string) =>
      s
        .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]')
        .replace(/\b(il[pl]_)[A-Za-z0-9_-]{6,}/g, '$1[redacted]')
        .replace(/\b((?:__Host-)?session=)[^;\s,]+/g, '$1[redacted]')
        .replace(/([?&](?:token|code|password|secret|key)=)[^&#\s]+/gi, '$1[redacted]');
    const piece = fc.constantFrom('Bearer ', 'bearer\t', 'BASIC ', 'ilp_', 'ILL_', 'ill_', 'session=', '__Host-session=', '?token=', '&Code=', '&key=', 'abc123', 'x.y', ' ', '/', ';', '=', '?', '&', 'é');
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 8 })), { maxLength: 12 }), (parts) => {
        const s = parts.join('');
        expect(redactString(s)).toBe(full(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('keep an error whole: name, message, code, stack and cause, redacted', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const err = new TypeError('bad header Bearer ilp_0123456789abcdef', { cause });
    const out = safeFields({ err }) as { err: Record<string, unknown> };
    expect(out.err.name).toBe('TypeError');
    expect(out.err.message).toBe('bad header Bearer [redacted]');
    expect(String(out.err.stack)).toMatch(/TypeError: bad header Bearer \[redacted\]\n\s+at /);
    expect(String(out.err.stack)).toContain('log-fields.test.ts');
    expect(out.err.cause).toMatchObject({ name: 'Error', message: 'connect ECONNREFUSED', code: 'ECONNREFUSED' });
  });

  it('cut cycles, depth, breadth and length', () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = loop;
    expect(safeFields({ loop })).toEqual({ loop: { a: 1, self: '[circular]' } });
    let deep: Record<string, unknown> = { end: true };
    for (let i = 0; i < 20; i++) deep = { d: deep };
    expect(JSON.stringify(safeFields({ deep }))).toContain('[nested too deep]');
    const wide = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, i]));
    expect(Object.keys(safeFields({ wide }).wide as object)).toHaveLength(51);
    expect((safeFields({ s: 'x'.repeat(100_000) }).s as string).length).toBeLessThan(8100);
    expect(safeFields({ list: Array.from({ length: 100 }, (_, i) => i) }).list).toHaveLength(51);
    expect(safeFields({ buf: Buffer.alloc(10), big: 10n, when: new Date(0) })).toEqual({ buf: '[10 bytes]', big: '10', when: '1970-01-01T00:00:00.000Z' });
  });

  it('never throw, whatever they are given', () => {
    fc.assert(fc.property(fc.anything(), (v) => {
      expect(() => JSON.stringify(safeFields({ v }))).not.toThrow();
    }));
  });

  it('are what the logger writes: an error line carries its stack and no secret', () => {
    const [line] = captured(() => log.error('request failed', { err: new Error('boom'), headers: { authorization: 'Bearer ilp_zzzzzzzzzzzz' } }));
    expect(line).toMatchObject({ level: 'error', msg: 'request failed', proc: 'test', headers: { authorization: '[redacted]' } });
    expect((line!.err as { stack: string }).stack).toMatch(/^Error: boom\n\s+at /);
    expect(JSON.stringify(line)).not.toContain('zzzzzzzz');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configureLog, log, withRequestId } from '../../src/lib/server/log';
import { redactString, safeFields } from '../../src/lib/server/log-fields';

/** The JSON lines `fn` writes to stdout. */
function captured(fn: () => void): Array<Record<string, unknown>> {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk: string) => {
    lines.push(String(chunk));
    return true;
  };
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
      request: {
        headers: { authorization: 'Bearer xyz', cookie: 'session=a.b', accept: 'text/html' },
        body: [{ password: 'hunter2', email: 'a@b.c' }],
      },
      nested: { a: { b: { secret: 's', api_key: 'k', privateKey: 'p' } } },
    });
    expect(out).toEqual({
      user_id: 7,
      token_id: 'abcd1234',
      sessionCount: 2,
      passwordChangedAt: 5,
      request: {
        headers: { authorization: '[redacted]', cookie: '[redacted]', accept: 'text/html' },
        body: [{ password: '[redacted]', email: 'a@b.c' }],
      },
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
    // Every replace, always run: what redactString must equal for every string.
    const full = (s: string) =>
      s
        .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]')
        .replace(/\b(il[pl]_)[A-Za-z0-9_-]{6,}/g, '$1[redacted]')
        .replace(/\b((?:__Host-)?(?:session|reset)=)[^;\s,]+/g, '$1[redacted]')
        .replace(/([?&](?:token|code|password|secret|key)=)[^&#\s]+/gi, '$1[redacted]')
        .replace(/(\/\/)[^\s/@:]*:[^\s/@]+@/g, '$1[redacted]@')
        .replace(/\botpauth:\/\/[^\s"'<>]+/gi, 'otpauth://[redacted]')
        .replace(/\bgAAAAA[A-Za-z0-9_-]{20,}={0,2}/g, '[redacted fernet token]')
        .replace(/(^|[^A-Za-z0-9_+/-])[A-Za-z0-9_+/-]{43}=(?![A-Za-z0-9=])/g, '$1[redacted key]')
        .replace(/\b(pass(?:word)?|secret|token|api[-_]?key)(["']?\s*[:=]\s*["']?)(?!\[redacted)[^\s"'&,;]+/gi, '$1$2[redacted]');
    const piece = fc.constantFrom(
      'Bearer ',
      'bearer\t',
      'BASIC ',
      'ilp_',
      'ILL_',
      'ill_',
      'session=',
      '__Host-session=',
      '?token=',
      '&Code=',
      '&key=',
      'reset=',
      '//u:p@',
      'otpauth://',
      'gAAAAA',
      'password: ',
      'abc123',
      'x.y',
      ' ',
      '/',
      ';',
      '=',
      '?',
      '&',
      'é',
    );
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
    expect(safeFields({ buf: Buffer.alloc(10), big: 10n, when: new Date(0) })).toEqual({
      buf: '[10 bytes]',
      big: '10',
      when: '1970-01-01T00:00:00.000Z',
    });
  });

  it('never throw, whatever they are given', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        expect(() => JSON.stringify(safeFields({ v }))).not.toThrow();
      }),
    );
  });

  it('strip TOTP secrets, Fernet keys and tokens, reset links and URL credentials from free text', () => {
    const fernetKey = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';
    expect(redactString(`key ${fernetKey} loaded`)).toBe('key [redacted key] loaded');
    expect(redactString('token gAAAAABpx1RmZXJuZXQtdG9rZW4tYm9keS1oZXJl== bad')).toBe('token [redacted fernet token] bad');
    expect(redactString('scan otpauth://totp/Interview%20Lab:a@b.c?secret=JBSWY3DPEHPK3PXP&issuer=IL now')).toBe('scan otpauth://[redacted] now');
    expect(redactString('mail: https://lab.example/reset-password?token=abcd.efgh sent')).toBe(
      'mail: https://lab.example/reset-password?token=[redacted] sent',
    );
    expect(redactString('redis://:hunter2@10.0.0.5:6379 and postgres://il:pw@db/il')).toBe(
      'redis://[redacted]@10.0.0.5:6379 and postgres://[redacted]@db/il',
    );
    expect(redactString('login with password=hunter2, {"secret":"s3"}')).toBe('login with password=[redacted], {"secret":"[redacted]"}');
  });

  it('are what the logger writes: an error line carries its stack and no secret', () => {
    const [line] = captured(() => log.error('request failed', { err: new Error('boom'), headers: { authorization: 'Bearer ilp_zzzzzzzzzzzz' } }));
    expect(line).toMatchObject({ level: 'error', msg: 'request failed', proc: 'test', headers: { authorization: '[redacted]' } });
    expect((line!.err as { stack: string }).stack).toMatch(/^Error: boom\n\s+at /);
    expect(JSON.stringify(line)).not.toContain('zzzzzzzz');
  });

  it('are what the logger writes: a secret deep in the fields, in an error message or its cause, is redacted; BigInt and cycles do not throw', () => {
    const loop: Record<string, unknown> = { n: 2n ** 70n };
    loop.again = loop;
    const cause = new Error('upstream said: Authorization: Bearer ill_deadbeefcafe1234', {
      cause: new Error('reset link https://x/reset-password?token=rst.s3cr3tpart'),
    });
    const err = new Error('could not enrol otpauth://totp/IL?secret=JBSWY3DPEHPK3PXP', { cause });
    const [line] = captured(() =>
      log
        .child({ mod: 'deep' })
        .error('enrolment failed', { err, loop, a: { b: { c: { d: { e: { totpSecret: 'JBSWY3DPEHPK3PXP', cookie: 'session=x.y' } } } } } }),
    );
    const text = JSON.stringify(line);
    for (const secret of ['JBSWY3DPEHPK3PXP', 'deadbeefcafe1234', 's3cr3tpart', 'x.y']) expect(text).not.toContain(secret);
    expect(line).toMatchObject({ mod: 'deep', loop: { n: (2n ** 70n).toString(), again: '[circular]' } });
    const logged = line!.err as { stack: string; cause: { message: string; stack: string; cause: { message: string } } };
    expect(logged.stack).toMatch(/^Error: could not enrol otpauth:\/\/\[redacted\]\n\s+at /);
    expect(logged.cause.message).toBe('upstream said: Authorization: Bearer [redacted]');
    expect(logged.cause.stack).toContain('log-fields.test.ts');
    expect(logged.cause.cause.message).toBe('reset link https://x/reset-password?token=[redacted]');
  });

  it('carry the request id of the context they are written in, from any depth of async work', async () => {
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk: string) => {
      lines.push(String(chunk));
      return true;
    };
    try {
      configureLog({ level: 'debug', pretty: false, process: 'test' });
      await withRequestId('req-1', async () => {
        await new Promise((r) => setImmediate(r));
        log.child({ mod: 'inner' }).warn('deep in the work');
      });
      log.warn('outside');
    } finally {
      process.stdout.write = write;
    }
    const parsed = lines
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed).toMatchObject([{ msg: 'deep in the work', reqId: 'req-1', mod: 'inner' }, { msg: 'outside' }]);
    expect(parsed[1]).not.toHaveProperty('reqId');
  });
});

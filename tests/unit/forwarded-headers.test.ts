import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { sanitizeForwardedHeaders } from '../../src/lib/server/http/forwarded-headers';

function run(headers: IncomingHttpHeaders, trustProxy: boolean): IncomingHttpHeaders {
  const copy = { ...headers };
  sanitizeForwardedHeaders(copy, trustProxy);
  return copy;
}

describe('sanitizeForwardedHeaders', () => {
  const spoofed = {
    host: 'lab.example.com',
    'x-forwarded-host': 'evil.example',
    'x-forwarded-port': '8443',
    'x-forwarded-proto': 'https',
  };

  it('drops every forwarding header a client sent when no proxy is trusted', () => {
    expect(run(spoofed, false)).toEqual({ host: 'lab.example.com' });
  });

  it('keeps the scheme our proxy wrote but never a forwarded host or port', () => {
    expect(run(spoofed, true)).toEqual({ host: 'lab.example.com', 'x-forwarded-proto': 'https' });
  });

  it('believes only the last hop of a chain and only http or https', () => {
    expect(run({ 'x-forwarded-proto': 'http, https' }, true)['x-forwarded-proto']).toBe('https');
    expect(run({ 'x-forwarded-proto': 'https, http' }, true)['x-forwarded-proto']).toBe('http');
    expect(run({ 'x-forwarded-proto': 'javascript' }, true)).toEqual({});
    expect(run({ 'x-forwarded-proto': '' }, true)).toEqual({});
  });
});

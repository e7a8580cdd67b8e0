import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, isPublicAddress, unmapIPv4 } from '../../../src/lib/server/http/ip-address';
import { safeWebhookHostForms } from './ssrf-corpus';

/**
 * IP classes in every spelling an attacker can reach us with: the WHATWG URL
 * parser's output for decimal, hex, octal and short IPv4 forms, IPv4-mapped
 * and IPv4-compatible IPv6 (dotted and hex), NAT64, 6to4 and Teredo.
 */

describe('isPublicAddress', () => {
  it.each(safeWebhookHostForms.map((h) => [h]))('%s is not public (as the URL parser writes it)', (url) => {
    const host = new URL(url).hostname;
    expect(isPublicAddress(host), `${url} -> ${host}`).toBe(false);
  });

  it.each(['8.8.8.8', '93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8', '[2a00:1450::1]', '1.1.1.1'])('%s is public', (a) => {
    expect(isPublicAddress(a)).toBe(true);
  });

  it.each(['localhost', 'example.com', '', '127.1', '0x7f.1', '2130706433', '1.2.3', 'not an ip'])('%j is not an IP literal, so not public', (a) => {
    expect(isPublicAddress(a)).toBe(false);
  });
});

describe('isLoopbackAddress and unmapIPv4', () => {
  it.each(['127.0.0.1', '127.9.9.9', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '[::1]', '0:0:0:0:0:0:0:1'])('%s is loopback', (a) => {
    expect(isLoopbackAddress(a)).toBe(true);
  });
  it.each(['10.0.0.1', '::', '0.0.0.0', '::ffff:10.0.0.1', 'fe80::1', 'localhost', '', undefined])('%s is not loopback', (a) => {
    expect(isLoopbackAddress(a)).toBe(false);
  });
  it('unmaps both spellings of an IPv4-mapped address', () => {
    expect(unmapIPv4('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(unmapIPv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(unmapIPv4('::ffff:a00:1')).toBe('10.0.0.1');
    expect(unmapIPv4('2001:db8::1')).toBe('2001:db8::1');
    expect(unmapIPv4('203.0.113.9')).toBe('203.0.113.9');
  });
});

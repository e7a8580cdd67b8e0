import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ApiError } from '../../../src/lib/server/http/errors';
import { backoffDelay } from '../../../src/lib/client/notifications/reconnecting-socket';
import { chunkPriority, injectedFailure } from '../../../src/lib/server/notifications/injection';
import { describeJob } from '../../../src/lib/server/notifications/jobs';
import { percentile } from '../../../src/lib/server/notifications/metrics';
import { parseCampaignInput, parseIdempotencyKey, parseSendInput } from '../../../src/lib/server/notifications/validate';
import { signWebhook } from '../../../src/lib/server/notifications/webhooks';

/** The pure parts of the notification pipeline. */
describe('notification helpers', () => {
  it('parses a send with defaults and trims the title', () => {
    expect(parseSendInput({ recipient: 'me', title: '  Hi  ' })).toEqual({
      recipient: 'me',
      title: 'Hi',
      body: '',
      priority: 'normal',
      webhook: false,
    });
    expect(parseSendInput({ recipient: 7, title: 'x', channels: ['inbox', 'webhook'], priority: 'low' }).webhook).toBe(true);
  });

  it('normalises a load test priority mix and defaults the title', () => {
    const c = parseCampaignInput({ synthetic: { count: 1000, priorityMix: { high: 1, normal: 3 } } });
    expect(c.audience).toEqual({ kind: 'synthetic', count: 1000, mix: { high: 0.25, normal: 0.75, low: 0 }, failureRate: 0 });
    expect(c.title).toBe('Load test: 1,000 notifications');
    expect(parseCampaignInput({ title: 'x', recipients: [3, 3, 4] }).audience).toEqual({ kind: 'users', userIds: [3, 4] });
  });

  it('names the bad field', () => {
    expect(() => parseSendInput({ recipient: 'me', title: 'x', body: 5 })).toThrow(/body must be a string/);
    expect(() => parseCampaignInput({ synthetic: { count: 1.5 } })).toThrow(/synthetic.count must be a whole number/);
    // A whole sentence for the person at the form; the field stays keyed by its path for the form.
    const zeroMix = (() => {
      try {
        parseCampaignInput({ synthetic: { count: 10, priorityMix: { high: 0, normal: 0, low: 0 } } });
      } catch (err) {
        return err as ApiError;
      }
    })();
    expect(zeroMix?.message).toBe('Give at least one priority (high, normal or low) a weight above 0.');
    expect(zeroMix?.extra.fields).toEqual({ 'synthetic.priorityMix': 'Give at least one priority (high, normal or low) a weight above 0.' });
    expect(() => parseIdempotencyKey('ok-key')).not.toThrow();
    expect(() => parseIdempotencyKey('x'.repeat(201))).toThrow(/Idempotency-Key/);
  });

  it('spreads chunk priorities in proportion to the mix', () => {
    const counts = { high: 0, normal: 0, low: 0 };
    for (let i = 0; i < 1000; i++) counts[chunkPriority({ high: 0.1, normal: 0.6, low: 0.3 }, i)]++;
    expect(counts.high).toBeGreaterThan(80);
    expect(counts.high).toBeLessThan(120);
    expect(counts.low).toBeGreaterThan(270);
    expect(counts.low).toBeLessThan(330);
  });

  it('injects failures deterministically at about the requested rate', () => {
    let failed = 0;
    for (let i = 0; i < 10_000; i++) if (injectedFailure(9, i, 0, 0.2)) failed++;
    expect(failed).toBeGreaterThan(1800);
    expect(failed).toBeLessThan(2200);
    expect(injectedFailure(9, 5, 1, 0.2)).toBe(injectedFailure(9, 5, 1, 0.2));
    expect(injectedFailure(9, 5, 1, 0)).toBe(false);
  });

  it('takes nearest-rank percentiles', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(xs, 50), percentile(xs, 95), percentile(xs, 99), percentile([], 50)]).toEqual([50, 95, 99, null]);
  });

  it('backs off exponentially with jitter, capped at 30 s', () => {
    for (let a = 0; a < 12; a++) {
      const full = Math.min(30_000, 500 * 2 ** a);
      const d = backoffDelay(a);
      expect(d).toBeGreaterThanOrEqual(full / 2);
      expect(d).toBeLessThanOrEqual(full);
    }
  });

  it('signs webhooks as t=<ts>,v1=<hmac of "ts.body">', () => {
    const sig = signWebhook('whsec_test', 1700000000, '{"a":1}');
    expect(sig).toBe(`t=1700000000,v1=${createHmac('sha256', 'whsec_test').update('1700000000.{"a":1}').digest('hex')}`);
  });

  it('describes jobs for the dead-letter view with their owner', () => {
    expect(describeJob('chunk', { campaignId: 4, ownerId: 2, chunk: 1, recipients: { kind: 'synthetic', from: 1000, to: 2000 } })).toEqual({
      ownerId: 2,
      summary: 'campaign 4 chunk 1 (recipients 1001-2000)',
    });
  });
});

import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/lib/server/config';
import { instrumentStatements } from '../../src/lib/server/metrics/db';
import { bearerMatches, canonicalMetricsPath } from '../../src/lib/server/metrics/endpoint';
import { methodLabel, routeLabel, statusClass } from '../../src/lib/server/metrics/http';
import { histogram, registry } from '../../src/lib/server/metrics/registry';
import { serverTimingValue, timeSync, withServerTiming } from '../../src/lib/server/metrics/server-timing';

describe('the /metrics gate', () => {
  it('maps every spelling of /metrics onto one canonical path, and refuses the ambiguous ones', () => {
    for (const p of [
      '/metrics',
      '//metrics',
      '/metrics/',
      '/%6detrics',
      '/%6Detrics',
      '/./metrics',
      '/a/../metrics',
      '/METRICS',
      '/\\metrics',
      '///metrics//',
      '/%2e/metrics',
      '/../metrics',
    ]) {
      expect(canonicalMetricsPath(p), p).toBe('/metrics');
    }
    // Encoded separators are refused by the shared canonical form (400 at the entry), never guessed at.
    for (const p of ['/%2fmetrics', '/%5cmetrics', '/%zz/metrics']) expect(canonicalMetricsPath(p), p).toBeNull();
    for (const p of ['/metricsx', '/api/metrics', '/metrics/x', '/metric', '/%252fmetrics']) expect(canonicalMetricsPath(p), p).not.toBe('/metrics');
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const c = canonicalMetricsPath(s);
        expect(c === null || c.startsWith('/')).toBe(true);
      }),
    );
  });

  it('accepts only the exact bearer token', () => {
    const token = 'a-token-of-enough-length-123';
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
    for (const bad of [
      undefined,
      null,
      '',
      token,
      `Bearer ${token}x`,
      `Bearer ${token.slice(1)}`,
      'Bearer ',
      `Basic ${token}`,
      `Bearer ${token} extra`,
    ]) {
      expect(bearerMatches(bad, token), String(bad)).toBe(false);
    }
  });

  it('configures METRICS_TOKEN and WORKER_METRICS_PORT strictly', () => {
    expect(parseConfig({}).metricsToken).toBeUndefined();
    expect(parseConfig({ METRICS_TOKEN: 'x'.repeat(16), WORKER_METRICS_PORT: '9464' })).toMatchObject({
      metricsToken: 'x'.repeat(16),
      workerMetricsPort: 9464,
    });
    expect(() => parseConfig({ METRICS_TOKEN: 'short' })).toThrow(ConfigError);
    expect(() => parseConfig({ METRICS_TOKEN: 'has a space in it, sixteen+' })).toThrow(/METRICS_TOKEN/);
    expect(() => parseConfig({ WORKER_METRICS_PORT: '0' })).toThrow(/WORKER_METRICS_PORT/);
  });
});

describe('metric labels', () => {
  it('come from bounded sets', () => {
    expect(statusClass(204)).toBe('2xx');
    expect(statusClass(503)).toBe('5xx');
    expect(statusClass(999)).toBe('other');
    expect(methodLabel('GET')).toBe('GET');
    expect(methodLabel('PROPFIND')).toBe('other');
    expect(routeLabel(undefined)).toBe('unmatched');
    expect(routeLabel('/api/rest/[...path]')).toBe('/api/rest/[...path]');
    expect(routeLabel('/x'.repeat(100))).toBe('unmatched');
  });
});

describe('Server-Timing', () => {
  it('adds up the parts of one request and leaves others alone', () => {
    expect(serverTimingValue()).toBeNull();
    const value = withServerTiming(() => {
      timeSync('auth', () => {
        const end = performance.now() + 2;
        while (performance.now() < end);
      });
      return serverTimingValue();
    });
    expect(value).toMatch(/^auth;dur=\d+\.\d, total;dur=\d+\.\d$/);
    const [auth, total] = [...value!.matchAll(/dur=([\d.]+)/g)].map((m) => Number(m[1]));
    expect(auth).toBeGreaterThanOrEqual(2);
    expect(total).toBeGreaterThanOrEqual(auth!);
  });

  it('counts SQLite statements under db, and in the query histogram', async () => {
    const db = new Database(':memory:');
    instrumentStatements(db);
    instrumentStatements(db); // twice: still timed once
    db.exec('CREATE TABLE t (a)');
    const count = async () => {
      const m = (await registry.getSingleMetric('interview_lab_db_query_duration_seconds')!.get()).values;
      return m.filter((v) => (v as { metricName?: string }).metricName?.endsWith('_count')).reduce((n, v) => n + v.value, 0);
    };
    const before = await count();
    const value = withServerTiming(() => {
      db.prepare('INSERT INTO t VALUES (?)').run(1);
      db.prepare('SELECT * FROM t').all();
      return serverTimingValue();
    });
    expect(value).toMatch(/db;dur=/);
    expect(await count()).toBe(before + 2);
    db.close();
  });
});

describe('the fast histogram', () => {
  it('prints cumulative buckets, +Inf, sum and count in Prometheus text, with batches counted n times', async () => {
    const h = histogram('test_fast_seconds', 'A test histogram.', ['op'], [0.1, 1]);
    h.series('a').observe(0.05);
    h.series('a').observe(0.1); // on the bound: in le="0.1"
    h.series('a').observe(0.5, 3);
    h.series('a').observe(7);
    h.series('b').observe(2);
    const text = await registry.getSingleMetricAsString('interview_lab_test_fast_seconds');
    expect(text).toContain('# TYPE interview_lab_test_fast_seconds histogram');
    expect(text).toContain('interview_lab_test_fast_seconds_bucket{op="a",le="0.1"} 2');
    expect(text).toContain('interview_lab_test_fast_seconds_bucket{op="a",le="1"} 5');
    expect(text).toContain('interview_lab_test_fast_seconds_bucket{op="a",le="+Inf"} 6');
    expect(text).toContain('interview_lab_test_fast_seconds_sum{op="a"} 8.65');
    expect(text).toContain('interview_lab_test_fast_seconds_count{op="a"} 6');
    expect(text).toContain('interview_lab_test_fast_seconds_bucket{op="b",le="1"} 0');
    expect(text).toContain('interview_lab_test_fast_seconds_count{op="b"} 1');
    // Defined again (as Astro's bundle does): the same series, not a second metric.
    expect(histogram('test_fast_seconds', 'A test histogram.', ['op'], [0.1, 1])).toBe(h);
  });
});

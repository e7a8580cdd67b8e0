import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import '../../src/lib/server/metrics/auth';
import '../../src/lib/server/metrics/db';
import '../../src/lib/server/metrics/http';
import '../../src/lib/server/metrics/jobs';
import { enableQueueGauges } from '../../src/lib/server/metrics/queue-gauges';
import '../../src/lib/server/metrics/realtime';
import { enableDefaultMetrics, registry } from '../../src/lib/server/metrics/registry';

/**
 * deploy/prometheus and deploy/grafana stay in step with the code: the YAML
 * and JSON parse, have the shape Prometheus and Grafana read, and every
 * metric an alert or a panel queries is one the portal exports (a renamed
 * metric would otherwise leave an alert that can never fire). When promtool
 * is there (on PATH, $PROMTOOL, or .ci/cache/promtool that .ci/run unpacks
 * from Debian's prometheus package) it also checks the config and rules and
 * runs the alert unit tests in deploy/prometheus/alerts.test.yml.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');

enableDefaultMetrics();
enableQueueGauges();
const HISTOGRAM_SUFFIXES = ['_bucket', '_count', '_sum'];
const EXPORTED = new Set<string>(['up']);
for (const m of registry.getMetricsAsArray()) {
  const { name, type } = m as unknown as { name: string; type: string };
  EXPORTED.add(name);
  if (type === 'histogram' || type === 'summary') for (const s of HISTOGRAM_SUFFIXES) EXPORTED.add(name + s);
}

/** The promtool binary, or null when this machine has none. */
function findPromtool(): string | null {
  for (const c of [process.env.PROMTOOL, path.join(ROOT, '.ci/cache/promtool')]) if (c && fs.existsSync(c)) return c;
  return spawnSync('promtool', ['--version']).status === 0 ? 'promtool' : null;
}

function promtool(bin: string, args: string[]): void {
  const r = spawnSync(bin, args, { cwd: ROOT, encoding: 'utf8' });
  expect(r.status, `promtool ${args.join(' ')}:\n${r.stdout}${r.stderr}`).toBe(0);
}

const PROMQL_WORDS = new Set([
  'sum',
  'max',
  'min',
  'avg',
  'count',
  'by',
  'without',
  'rate',
  'irate',
  'deriv',
  'delta',
  'increase',
  'offset',
  'and',
  'or',
  'unless',
  'histogram_quantile',
  'le',
  'bool',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'abs',
  'clamp_min',
]);

/** The metric names a PromQL expression reads (identifiers outside label matchers, strings and ranges). */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\boffset\s+\d+[smhdwy]+/g, '')
    .replace(/\b(?:by|without|on|ignoring)\s*\([^)]*\)/g, '');
  return [...bare.matchAll(/[A-Za-z_:][\w:]*/g)].map((m) => m[0]).filter((w) => !PROMQL_WORDS.has(w) && !/^\d/.test(w));
}

/** Brackets balance and quotes close: what a typo most often breaks. */
function balanced(expr: string): boolean {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const noStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  if ((noStrings.match(/"/g)?.length ?? 0) % 2 !== 0) return false;
  for (const c of noStrings) {
    if ('([{'.includes(c)) stack.push(c);
    else if (c in pairs && stack.pop() !== pairs[c]) return false;
  }
  return stack.length === 0;
}

function checkExpr(expr: unknown, where: string): void {
  expect(typeof expr, where).toBe('string');
  expect(balanced(expr as string), `${where}: unbalanced: ${expr}`).toBe(true);
  const names = metricNames(expr as string);
  expect(names.length, `${where}: reads no metric`).toBeGreaterThan(0);
  for (const n of names) expect(EXPORTED.has(n), `${where}: ${n} is not a metric the portal exports`).toBe(true);
}

describe('deploy/prometheus', () => {
  it('scrapes every web process and worker with the bearer token from a file', () => {
    const config = parse(read('deploy/prometheus/prometheus.yml')) as {
      global: Record<string, string>;
      rule_files: string[];
      scrape_configs: Array<{
        job_name: string;
        metrics_path: string;
        authorization: { type: string; credentials_file: string };
        static_configs: Array<{ targets: string[] }>;
      }>;
    };
    expect(config.global.scrape_interval).toMatch(/^\d+[smh]$/);
    expect(config.rule_files).toContain('/etc/prometheus/interview-lab-alerts.yml');
    const jobs = Object.fromEntries(config.scrape_configs.map((c) => [c.job_name, c]));
    expect(Object.keys(jobs).sort()).toEqual(['interview-lab-web', 'interview-lab-worker']);
    for (const job of Object.values(jobs)) {
      expect(job.metrics_path).toBe('/metrics');
      expect(job.authorization).toEqual({ type: 'Bearer', credentials_file: '/etc/prometheus/interview-lab-metrics-token' });
      for (const t of job.static_configs.flatMap((s) => s.targets)) expect(t).toMatch(/^127\.0\.0\.1:\d{2,5}$/);
    }
    expect(jobs['interview-lab-web']!.static_configs[0]!.targets).toEqual(['127.0.0.1:4321', '127.0.0.1:4322']);

    const bin = findPromtool();
    if (bin) {
      // promtool opens the rule and token files the config names: point them into a temp dir.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'il-promtool-'));
      try {
        fs.writeFileSync(path.join(dir, 'token'), 'x'.repeat(32));
        const text = read('deploy/prometheus/prometheus.yml')
          .replace('/etc/prometheus/interview-lab-alerts.yml', path.join(ROOT, 'deploy/prometheus/alerts.yml'))
          .replaceAll('/etc/prometheus/interview-lab-metrics-token', path.join(dir, 'token'));
        fs.writeFileSync(path.join(dir, 'prometheus.yml'), text);
        promtool(bin, ['check', 'config', path.join(dir, 'prometheus.yml')]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('has alert rules for backlog, failures, latency, workers, errors and sign-in storms, each reading exported metrics', () => {
    const rules = parse(read('deploy/prometheus/alerts.yml')) as {
      groups: Array<{
        name: string;
        rules: Array<{
          alert: string;
          expr: string;
          for: string;
          labels: { severity: string };
          annotations: { summary: string; description: string };
        }>;
      }>;
    };
    const all = rules.groups.flatMap((g) => g.rules);
    const names = all.map((r) => r.alert);
    expect(new Set(names).size).toBe(names.length);
    for (const want of [
      'InterviewLabQueueBacklogGrowing',
      'InterviewLabJobFailureRate',
      'InterviewLabFailedJobsPiling',
      'InterviewLabWorkerHeartbeatMissing',
      'InterviewLabHttpErrorRate',
      'InterviewLabHttpLatencyP99',
      'InterviewLabTargetDown',
      'InterviewLabSignInFailureSpike',
      'InterviewLabLoginThrottleStorm',
    ]) {
      expect(names).toContain(want);
    }
    for (const g of rules.groups) expect(g.name).toMatch(/^interview-lab-/);
    for (const r of all) {
      expect(r.alert).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      checkExpr(r.expr, r.alert);
      expect(r.for).toMatch(/^\d+[smh]$/);
      expect(['warning', 'critical']).toContain(r.labels.severity);
      expect(r.annotations.summary.length).toBeGreaterThan(10);
      expect(r.annotations.description.length).toBeGreaterThan(10);
    }
    const bin = findPromtool();
    if (bin) {
      promtool(bin, ['check', 'rules', 'deploy/prometheus/alerts.yml']);
      promtool(bin, ['test', 'rules', 'deploy/prometheus/alerts.test.yml']);
    }
  });
});

describe('deploy/grafana', () => {
  it('is an importable dashboard whose every panel queries exported metrics', () => {
    const dash = JSON.parse(read('deploy/grafana/interview-lab-dashboard.json')) as {
      uid: string;
      title: string;
      __inputs: Array<{ name: string; pluginId: string }>;
      panels: Array<{
        id: number;
        type: string;
        title: string;
        gridPos: { x: number; y: number; w: number; h: number };
        targets?: Array<{ expr: string; refId: string; datasource: { uid: string } }>;
      }>;
    };
    expect(dash.uid).toBe('interview-lab');
    expect(dash.__inputs).toEqual([expect.objectContaining({ name: 'DS_PROMETHEUS', pluginId: 'prometheus' })]);
    const ids = dash.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const queried = new Set<string>();
    for (const p of dash.panels) {
      expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
      if (p.type === 'row') continue;
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets!) {
        expect(t.datasource.uid).toBe('${DS_PROMETHEUS}');
        checkExpr(t.expr.replace(/\$__rate_interval/g, '5m'), p.title);
        for (const n of metricNames(t.expr)) queried.add(n.replace(/_(bucket|count|sum)$/, ''));
      }
    }
    // The "done when": the queue, the HTTP layer and sign-ins are on it.
    for (const m of [
      'interview_lab_queue_jobs',
      'interview_lab_http_request_duration_seconds',
      'interview_lab_auth_events_total',
      'interview_lab_notification_delivery_latency_seconds',
    ]) {
      expect(queried).toContain(m);
    }
  });
});

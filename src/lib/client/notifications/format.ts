import type { JobView } from '../../shared/notifications/types';
import { utcMinute } from '../../shared/time-format';

/** Small formatting helpers for the bell and the dashboard. */

const rtf = typeof Intl !== 'undefined' ? new Intl.RelativeTimeFormat('en', { numeric: 'auto' }) : null;

/** "3 seconds ago", "5 minutes ago" for a past timestamp; "now" for one a skewed clock puts in the future. */
export function ago(ms: number, now = Date.now()): string {
  const s = Math.min(0, Math.round((ms - now) / 1000));
  if (!rtf) return utcMinute(ms);
  if (Math.abs(s) < 60) return rtf.format(s, 'second');
  if (Math.abs(s) < 3600) return rtf.format(Math.round(s / 60), 'minute');
  if (Math.abs(s) < 86_400) return rtf.format(Math.round(s / 3600), 'hour');
  return rtf.format(Math.round(s / 86_400), 'day');
}

/** 1234567 as "1,234,567". */
export function int(n: number): string {
  return Math.round(n).toLocaleString('en');
}

/** A count with its noun: "1 chunk", "5 chunks", "1,000 recipients" (`many` for irregular plurals). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${int(n)} ${n === 1 ? one : many}`;
}

/**
 * The search's line about a job. `attempts` is BullMQ's attemptsMade, which
 * counts the successful attempt too, so it is "N attempts", not "N failed";
 * the last error is the job's error only while it is failed, otherwise it
 * belongs to an earlier attempt.
 */
export function jobStateText(job: Pick<JobView, 'queue' | 'name' | 'state' | 'summary' | 'attempts' | 'error'>): {
  text: string;
  error: { label: string; failed: boolean } | null;
} {
  const text = ` (${job.queue}/${job.name}): ${job.state}, ${plural(job.attempts, 'attempt')}. ${job.summary}`;
  if (!job.error) return { text, error: null };
  const failed = job.state === 'failed';
  return { text, error: { label: failed ? `Error: ${job.error}` : `An earlier attempt failed: ${job.error}`, failed } };
}

/** An axis value: "750", "1.5k", "2k", "12.5k" (never two ticks that read the same). */
export function compactCount(v: number): string {
  if (Math.abs(v) < 1000) return String(Math.round(v * 100) / 100);
  return `${Number((v / 1000).toFixed(2))}k`;
}

/** Bytes as "12.3 MB". */
export function bytes(n: number | null): string {
  if (n === null) return 'n/a';
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} kB`;
  return `${(n / 1048576).toFixed(1)} MB`;
}

/** Milliseconds as "12 ms" or "1.2 s"; a dash for null. */
export function ms(n: number | null): string {
  if (n === null) return '–';
  return n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(1)} s`;
}

/**
 * How much of `total` is `part`, in percent with one decimal, rounded down:
 * 19,999 of 20,000 is 99.9, never 100 before the last one is in.
 */
export function percentDone(part: number, total: number): number {
  if (total <= 0) return 100;
  if (part >= total) return 100;
  // Integer arithmetic first: 29 * 1000 / 100 is exactly 290, where 0.29 * 1000 is 289.99...
  return Math.max(0, Math.floor((part * 1000) / total) / 10);
}

/** Seconds as "42 s", "3 min 5 s"; under a second as "under 1 s" (never "0 s"). */
export function duration(s: number | null): string {
  if (s === null) return '–';
  if (s < 1) return 'under 1 s';
  if (s < 60) return `${Math.round(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** Create an element with text content (never HTML) and attributes. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return node;
}

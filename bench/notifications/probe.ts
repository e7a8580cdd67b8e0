import WebSocket from 'ws';
import { percentile } from '../../src/lib/server/notifications/metrics';

/**
 * The high-priority probe: while a campaign runs, send one high-priority
 * notification to ourselves every `everyMs` and time it from just before
 * the POST to its arrival on our own `/ws/notifications` socket: the full
 * enqueue-to-delivered-and-pushed latency a user would see.
 */
export class PriorityProbe {
  private ws!: WebSocket;
  private pendingTitles = new Map<string, number>();
  private latencies: number[] = [];
  private timer: NodeJS.Timeout | undefined;
  private errors = 0;

  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  /** Open the socket. */
  async open(): Promise<void> {
    this.ws = new WebSocket(`${this.url.replace(/^http/, 'ws')}/ws/notifications`, { headers: { authorization: `Bearer ${this.token}` } });
    this.ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as { type: string; item?: { id: string; title: string } };
      if (m.type !== 'notification' || !m.item) return;
      const t0 = this.pendingTitles.get(m.item.title);
      if (t0 === undefined) return;
      this.pendingTitles.delete(m.item.title);
      this.latencies.push(performance.now() - t0);
    });
    this.ws.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
  }

  /** Start sending. */
  start(everyMs = 100): void {
    let n = 0;
    this.timer = setInterval(() => {
      const title = `probe ${process.pid}-${n++}`;
      this.pendingTitles.set(title, performance.now());
      fetch(`${this.url}/api/notifications`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ recipient: 'me', title, priority: 'high' }),
      })
        .then((r) => {
          if (r.status !== 202) this.errors++;
          return r.body?.cancel();
        })
        .catch(() => this.errors++);
    }, everyMs);
  }

  /** Stop sending, wait up to `graceMs` for stragglers, close, and report. */
  async stop(
    graceMs = 3000,
  ): Promise<{ sent: number; received: number; errors: number; p50: number | null; p95: number | null; p99: number | null; max: number | null }> {
    clearInterval(this.timer);
    const deadline = Date.now() + graceMs;
    while (this.pendingTitles.size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    this.ws.close();
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const round = (v: number | null) => (v === null ? null : Math.round(v));
    return {
      sent: sorted.length + this.pendingTitles.size,
      received: sorted.length,
      errors: this.errors,
      p50: round(percentile(sorted, 50)),
      p95: round(percentile(sorted, 95)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted.at(-1) ?? null),
    };
  }
}

import type { QueueSnapshot } from '../../shared/notifications/types';
import { call, errorText } from './dashboard-api';
import { renderCampaigns, renderCounts, renderFailed, renderLatency, renderWorkers } from './dashboard-render';
import { bytes, int } from './format';
import { RateHistory } from './rate-history';
import { createThroughputChart } from './throughput-chart';

type Find = <T extends HTMLElement>(sel: string) => T;

/**
 * The live half of the dashboard: draws each snapshot pushed on /ws/queue
 * (counts, throughput chart, latency, campaigns, failed jobs, workers) and
 * runs the Retry and Remove buttons of failed jobs.
 */
export class SnapshotView {
  private readonly chart: ReturnType<typeof createThroughputChart>;
  /** The chart's window: the snapshot's two minutes, or up to fifteen kept in the page. */
  private readonly history = new RateHistory(900);
  private readonly windowSelect: HTMLSelectElement;
  /** Jobs with a retry or remove in flight: their buttons stay disabled, even in rows re-rendered meanwhile. */
  private readonly busyJobs = new Set<string>();

  constructor(
    private readonly root: HTMLElement,
    private readonly $: Find,
    private readonly tell: (text: string) => void,
  ) {
    this.chart = createThroughputChart($('[data-chart]'));
    this.windowSelect = $<HTMLSelectElement>('[data-rate-window]');
    this.windowSelect.addEventListener('change', () => this.drawRate());
  }

  /** Draw one snapshot. */
  render(s: QueueSnapshot): void {
    const $ = this.$;
    this.root.dataset.snapshotAt = String(s.at);
    const down = $('[data-redis-down]');
    down.hidden = s.redis.ok || Boolean(this.root.querySelector('[data-redis-missing]'));
    if (!s.redis.ok) down.textContent = s.redis.message;
    $('[data-paused]').hidden = !s.paused;
    renderCounts($('[data-counts]'), s.counts);
    this.history.add(s.throughput.start, s.throughput.points);
    this.drawRate();
    $('[data-rate-now]').textContent = int(s.throughput.points.at(-2) ?? 0);
    renderLatency($('[data-latency]'), s.latency);
    renderCampaigns($('[data-campaigns]'), s.campaigns);
    renderFailed($('[data-failed]'), s.failed, (id, a) => void this.act(id, a), this.busyJobs);
    renderWorkers($('[data-workers]'), s.workers, s.at);
    $('[data-redis-mem]').textContent = s.redis.ok ? bytes(s.redis.usedMemoryBytes) : 'Redis unavailable';
  }

  private drawRate(): void {
    const { start, points } = this.history.window(Number(this.windowSelect.value));
    this.chart.update(start, points);
    this.$('[data-rate-peak]').textContent = int(Math.max(0, ...points));
  }

  /** Retry or remove a failed job, once at a time per job. */
  private async act(id: string, action: 'retry' | 'remove'): Promise<void> {
    if (this.busyJobs.has(id)) return;
    this.setRowBusy(id, true);
    try {
      const path = `/api/queue/jobs/${encodeURIComponent(id)}`;
      const r = action === 'retry' ? await call('POST', `${path}/retry`) : await call('DELETE', path);
      this.tell(r.ok ? `${action === 'retry' ? 'Retried' : 'Removed'} ${id}.` : errorText(r));
    } finally {
      this.setRowBusy(id, false);
    }
  }

  private setRowBusy(id: string, busy: boolean): void {
    if (busy) this.busyJobs.add(id);
    else this.busyJobs.delete(id);
    for (const b of this.root.querySelectorAll<HTMLButtonElement>(`[data-failed-job="${CSS.escape(id)}"] button`)) b.disabled = busy;
  }
}

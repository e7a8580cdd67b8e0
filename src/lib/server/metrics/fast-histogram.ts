/**
 * A Prometheus histogram whose `observe` costs a bucket search and three
 * additions. prom-client's own Histogram re-hashes the label set on every
 * observation (about a microsecond), more than the SQLite statement it would
 * time, so the hot paths (every statement, every request, every delivered
 * notification) use this instead. It registers in prom-client's registry
 * like any metric: the registry only calls `get()` at scrape time.
 */

/** One label combination's series. */
export class HistogramSeries {
  /** Per-bucket counts (not cumulative); the last slot is +Inf. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  /** Record `n` observations of `value` (n > 1: a batch that took the same time). */
  observe(value: number, n = 1): void {
    const b = this.bounds;
    let i = 0;
    while (i < b.length && value > b[i]!) i++;
    this.counts[i]! += n;
    this.sum += value * n;
    this.count += n;
  }
}

interface Sample {
  labels: Record<string, string | number>;
  value: number;
  metricName: string;
}

/** A histogram with fixed label names; `series(...values)` returns the (cached) series to observe. */
export class FastHistogram<L extends string> {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly all = new Map<string, { labels: Record<string, string>; series: HistogramSeries }>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly L[],
    private readonly bounds: readonly number[],
  ) {}

  /** The series for these label values, in `labelNames` order. */
  series(...values: string[]): HistogramSeries {
    const key = values.join('\u0000');
    let entry = this.all.get(key);
    if (!entry) {
      const labels = Object.fromEntries(this.labelNames.map((n, i) => [n, values[i] ?? '']));
      entry = { labels, series: new HistogramSeries(this.bounds) };
      this.all.set(key, entry);
    }
    return entry.series;
  }

  /** The samples in prom-client's shape (called by the registry at scrape time). */
  async get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Sample[] }> {
    const values: Sample[] = [];
    for (const { labels, series } of this.all.values()) {
      let acc = 0;
      this.bounds.forEach((le, i) => {
        acc += series.counts[i]!;
        values.push({ labels: { ...labels, le }, value: acc, metricName: `${this.name}_bucket` });
      });
      values.push({ labels: { ...labels, le: '+Inf' }, value: series.count, metricName: `${this.name}_bucket` });
      values.push({ labels, value: series.sum, metricName: `${this.name}_sum` });
      values.push({ labels, value: series.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  /** Forget every series (tests). */
  reset(): void {
    this.all.clear();
  }
}

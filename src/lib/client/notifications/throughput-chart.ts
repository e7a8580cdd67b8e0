import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/**
 * The throughput chart: delivered notifications per second over the last
 * two minutes, redrawn from each snapshot. Colours come from the page's CSS
 * variables so light and dark themes both read well.
 */
export function createThroughputChart(host: HTMLElement): { update(start: number, points: number[]): void } {
  const css = getComputedStyle(document.documentElement);
  const accent = css.getPropertyValue('--accent').trim() || '#3546c8';
  const muted = css.getPropertyValue('--muted').trim() || '#666';
  const border = css.getPropertyValue('--border').trim() || '#ddd';
  const width = () => Math.max(host.clientWidth, 260);
  const axis = { stroke: muted, grid: { stroke: border, width: 1 }, ticks: { stroke: border } };
  const plot = new uPlot(
    {
      width: width(),
      height: 220,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { y: { range: (_u, _min, max) => [0, Math.max(10, max * 1.1)] } },
      axes: [axis, { ...axis, size: 64, values: (_u, vals) => vals.map((v) => (v >= 1000 ? `${Math.round(v / 1000)}k` : String(v))) }],
      series: [{}, { label: 'delivered/s', stroke: accent, width: 2, fill: `${accent}22`, points: { show: false } }],
    },
    [[], []],
    host,
  );
  new ResizeObserver(() => plot.setSize({ width: width(), height: 220 })).observe(host);
  return {
    update(start, points) {
      const xs = points.map((_, i) => start + i);
      plot.setData([xs, points]);
    },
  };
}

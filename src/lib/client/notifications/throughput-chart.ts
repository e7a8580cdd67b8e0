import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { onThemeChange, themeColorHex } from '../theme-colors';
import { secondsBackLabels } from './axis-labels';
import { compactCount } from './format';

/**
 * The throughput chart: delivered notifications per second over the chosen
 * window (two or fifteen minutes), redrawn from each snapshot. Colours come from the page's CSS
 * variables and the chart is rebuilt when the theme changes, so light and
 * dark both read well. The x axis counts seconds back from now.
 */
export function createThroughputChart(host: HTMLElement): { update(start: number, points: number[]): void } {
  let data: uPlot.AlignedData = [[], []];
  let plot: uPlot;
  const width = () => Math.max(host.clientWidth, 260);

  const build = () => {
    const accent = themeColorHex('--accent');
    const muted = themeColorHex('--muted');
    const border = themeColorHex('--border');
    const axis = { stroke: muted, grid: { stroke: border, width: 1 }, ticks: { stroke: border } };
    plot?.destroy();
    plot = new uPlot(
      {
        width: width(),
        height: 220,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(10, max * 1.1)] } },
        axes: [
          {
            ...axis,
            values: (u, vals) => secondsBackLabels(vals.map((v) => v - (u.data[0].at(-1) ?? v))),
          },
          { ...axis, size: 64, values: (_u, vals) => vals.map(compactCount) },
        ],
        series: [{}, { label: 'delivered/s', stroke: accent, width: 2, fill: `${accent}22`, points: { show: false } }],
      },
      data,
      host,
    );
  };
  build();
  new ResizeObserver(() => plot.setSize({ width: width(), height: 220 })).observe(host);
  onThemeChange(build);
  return {
    update(start, points) {
      data = [points.map((_, i) => start + i), points];
      plot.setData(data);
    },
  };
}

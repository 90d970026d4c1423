// Time-series charts with uPlot, loaded from its WebJar on first use.
import { UPLOT } from './libs.js';

let loading;

function load() {
  if (!loading) {
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = `${UPLOT}uPlot.min.css`;
    document.head.appendChild(css);
    loading = import(`${UPLOT}uPlot.esm.js`).then((m) => m.default);
  }
  return loading;
}

/** Every bucket of the range, those the core left out (nothing happened) as zeros. */
function filled(series) {
  const step = series.bucketSeconds;
  const from = Date.parse(series.from) / 1000;
  const to = Date.parse(series.to) / 1000;
  const byTime = new Map(series.buckets.map((b) => [Date.parse(b.time) / 1000, b]));
  const out = [];
  for (let t = Math.floor(from / step) * step; t < to; t += step) {
    out.push(byTime.get(t) || { time: t, serialized: 0, ok: 0, nok: 0, avgCycleMs: null, markFailures: 0, x: t });
  }
  return out.map((b) => ({ ...b, x: b.x ?? Date.parse(b.time) / 1000 }));
}

/**
 * Draws (or redraws) a line's series in target: units made, OK and NOK results per bucket on the
 * left axis, the average cycle time in seconds on the right, over the whole range asked for.
 */
export async function lineChart(target, series) {
  const uPlot = await load();
  const buckets = filled(series);
  const range = [Date.parse(series.from) / 1000, Date.parse(series.to) / 1000];
  const data = [
    buckets.map((b) => b.x),
    buckets.map((b) => b.serialized),
    buckets.map((b) => b.ok),
    buckets.map((b) => b.nok),
    buckets.map((b) => (b.avgCycleMs == null ? null : b.avgCycleMs / 1000)),
  ];
  const width = Math.max(280, target.clientWidth || 600);
  const opts = {
    width,
    height: 220,
    scales: { x: { time: true, range: () => range }, n: { auto: true, range: (u, min, max) => [0, Math.max(1, max)] },
      s: { auto: true, range: (u, min, max) => [0, Math.max(1, max ?? 1)] } },
    axes: [{}, { scale: 'n', label: 'per bucket' }, { scale: 's', side: 1, label: 'cycle s', grid: { show: false } }],
    series: [
      {},
      { label: 'units', scale: 'n', stroke: '#1f6feb', width: 2 },
      { label: 'OK', scale: 'n', stroke: '#1a7f37' },
      { label: 'NOK', scale: 'n', stroke: '#cf222e', width: 2 },
      { label: 'cycle (s)', scale: 's', stroke: '#b7791f', dash: [4, 4], spanGaps: true },
    ],
  };
  if (target.uplot) {
    target.uplot.destroy();
  }
  target.innerHTML = '';
  target.uplot = new uPlot(opts, data, target);
  return target.uplot;
}

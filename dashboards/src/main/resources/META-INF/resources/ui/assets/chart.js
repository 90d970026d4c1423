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

/**
 * Draws (or redraws) a line's buckets in target: units made, OK and NOK results per bucket on the
 * left axis, the average cycle time in seconds on the right.
 */
export async function lineChart(target, buckets) {
  const uPlot = await load();
  const xs = buckets.map((b) => Date.parse(b.time) / 1000);
  const data = [
    xs,
    buckets.map((b) => b.serialized),
    buckets.map((b) => b.ok),
    buckets.map((b) => b.nok),
    buckets.map((b) => (b.avgCycleMs == null ? null : b.avgCycleMs / 1000)),
  ];
  const width = Math.max(280, target.clientWidth || 600);
  const opts = {
    width,
    height: 220,
    scales: { x: { time: true }, n: { auto: true }, s: { auto: true } },
    axes: [{}, { scale: 'n', label: 'per bucket' }, { scale: 's', side: 1, label: 'cycle s', grid: { show: false } }],
    series: [
      {},
      { label: 'units', scale: 'n', stroke: '#1f6feb', width: 2 },
      { label: 'OK', scale: 'n', stroke: '#1a7f37' },
      { label: 'NOK', scale: 'n', stroke: '#cf222e', width: 2 },
      { label: 'cycle (s)', scale: 's', stroke: '#b7791f', dash: [4, 4] },
    ],
  };
  if (target.uplot) {
    target.uplot.setData(data);
    target.uplot.setSize({ width, height: 220 });
    return target.uplot;
  }
  target.innerHTML = '';
  target.uplot = new uPlot(opts, data, target);
  return target.uplot;
}

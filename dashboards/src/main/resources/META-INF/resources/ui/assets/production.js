// Production: per line and station, over a time range, kept current by the core's live feed.
import { api, h, header, num, pct, seconds, showError, time, unitLink } from './api.js';
import { lineChart } from './chart.js';

const $ = (s) => document.querySelector(s);
const message = $('#message');
let refreshTimer = null;
let lastRefresh = 0;
let liveEvents = 0;

/** The range chosen: the last N hours (moving with the clock) or a fixed from/to. */
function range() {
  const choice = $('#range').value;
  if (choice === 'custom' && $('#from').value && $('#to').value) {
    return { from: new Date($('#from').value), to: new Date($('#to').value), moving: false };
  }
  const hours = Number(choice === 'custom' ? 8 : choice);
  const to = new Date();
  return { from: new Date(to.getTime() - hours * 3600_000), to, moving: true };
}

function query(r) {
  return `from=${encodeURIComponent(r.from.toISOString())}&to=${encodeURIComponent(r.to.toISOString())}`;
}

function id(...parts) {
  return parts.join('-').replace(/[^A-Za-z0-9_-]/g, '_');
}

function cycleCell(s) {
  if (s.avgCycleMs == null) {
    return '–';
  }
  if (s.targetCycleMs == null) {
    return seconds(s.avgCycleMs);
  }
  const cls = s.avgCycleMs > s.targetCycleMs ? 'over' : 'under';
  return `<span class="${cls}">${seconds(s.avgCycleMs)}</span> <span class="muted">/ ${seconds(s.targetCycleMs)}</span>`;
}

function lineCard(line) {
  const key = id(line.site, line.line);
  return `
  <section class="card line" id="line-${key}" data-site="${h(line.site)}" data-line="${h(line.line)}">
    <h2>${h(line.site)} / ${h(line.line)}</h2>
    <div class="kpis">
      <div class="kpi"><div class="value" id="units-${key}">${line.unitsSerialized}</div><div class="label">units made</div></div>
      <div class="kpi"><div class="value">${num(line.unitsPerHour, 1)}</div><div class="label">units / hour</div></div>
      <div class="kpi"><div class="value" id="fpy-${key}">${pct(line.firstPassYield)}</div><div class="label">first-pass yield (rolled)</div></div>
      <div class="kpi"><div class="value" id="nok-${key}">${line.nok}</div><div class="label">NOK results</div></div>
      <div class="kpi"><div class="value" id="marks-${key}">${line.markFailures}</div><div class="label">marking failures</div></div>
    </div>
    <div class="chart" id="chart-${key}"></div>
    <h3>Stations</h3>
    <div class="table-wrap"><table class="stations">
      <thead><tr><th>Station</th><th>State</th><th class="num">Units</th><th class="num">Units/h</th>
        <th class="num">OK</th><th class="num">NOK</th><th class="num">FPY</th><th>Cycle (avg / target)</th>
        <th class="num">p90</th><th class="num">Mark fails</th><th>Last event</th></tr></thead>
      <tbody>${line.stations.map((s) => `
        <tr id="station-${id(line.site, line.line, s.station)}">
          <td><b>${h(s.station)}</b>${s.name ? `<br><span class="muted">${h(s.name)}</span>` : ''}</td>
          <td><span class="badge state-${h(s.state)}" title="${h(s.faultCode || '')}">${h(s.state)}</span>
            ${s.faultCode ? `<br><span class="muted">${h(s.faultCode)}</span>` : ''}</td>
          <td class="num">${s.units}</td><td class="num">${num(s.unitsPerHour, 1)}</td>
          <td class="num">${s.ok}</td><td class="num">${s.nok}</td><td class="num">${pct(s.firstPassYield)}</td>
          <td>${cycleCell(s)}</td><td class="num">${seconds(s.p90CycleMs)}</td>
          <td class="num">${s.markFailures}${s.markChecks ? `<span class="muted"> / ${s.markChecks}</span>` : ''}</td>
          <td>${time(s.lastEventAt)}</td>
        </tr>`).join('')}</tbody></table></div>
    <h3>Machine states over the range</h3>
    <div class="states-box" id="states-${key}"></div>
  </section>`;
}

const STATE_COLOURS = {
  RUNNING: '#1a7f37', IDLE: '#8c959f', BLOCKED: '#d4a72c', STARVED: '#bf8700', FAULT: '#cf222e', UNKNOWN: '#d0d7de',
};

function stateBands(target, series) {
  const from = Date.parse(series.from);
  const to = Date.parse(series.to);
  const byStation = new Map();
  for (const c of series.states) {
    if (!byStation.has(c.station)) {
      byStation.set(c.station, []);
    }
    byStation.get(c.station).push(c);
  }
  if (byStation.size === 0) {
    target.innerHTML = '<p class="muted">No state changes recorded in this range.</p>';
    return;
  }
  target.innerHTML = [...byStation.entries()].map(([station, changes]) => {
    const spans = changes.map((c, i) => {
      const start = Math.max(from, Date.parse(c.time));
      const end = i + 1 < changes.length ? Date.parse(changes[i + 1].time) : to;
      const width = Math.max(0, ((end - start) / (to - from)) * 100);
      return `<span style="width:${width}%;background:${STATE_COLOURS[c.state] || '#d0d7de'}"
        title="${h(c.state)} from ${h(time(c.time))}${c.faultCode ? ` (${h(c.faultCode)})` : ''}"></span>`;
    });
    const first = Math.max(0, ((Math.max(from, Date.parse(changes[0].time)) - from) / (to - from)) * 100);
    return `<div class="state-row"><span>${h(station)}</span><div class="states">
      <span style="width:${first}%;background:#eaeef2"></span>${spans.join('')}</div></div>`;
  }).join('');
}

async function refresh() {
  lastRefresh = Date.now();
  const r = range();
  try {
    const view = await api(`/api/dashboard/production?${query(r)}`);
    const lines = $('#lines');
    lines.innerHTML = view.lines.length
      ? view.lines.map(lineCard).join('')
      : '<div class="card"><p class="muted">No station has reported yet.</p></div>';
    await Promise.all(view.lines.map(async (line) => {
      const key = id(line.site, line.line);
      const series = await api(
        `/api/dashboard/lines/${encodeURIComponent(line.site)}/${encodeURIComponent(line.line)}/series?${query(r)}`);
      stateBands(document.getElementById(`states-${key}`), series);
      await lineChart(document.getElementById(`chart-${key}`), series);
    }));
    const nok = await api(`/api/dashboard/nok?${query(r)}&limit=20`);
    $('#nok tbody').innerHTML = nok.length ? nok.map((n) => `
      <tr><td>${time(n.time)}</td><td>${h(n.site)} / ${h(n.line)}</td><td>${h(n.station)}</td>
        <td>${unitLink(n.unitSerial)}</td>
        <td>${h(n.failureCode || (n.type === 'MarkVerified' ? 'mark check failed' : ''))}</td>
        <td class="num">${seconds(n.cycleTimeMs)}</td>
        <td class="pv">${n.processValues ? Object.entries(n.processValues)
          .map(([k, v]) => `${h(k)}=${h(typeof v === 'object' ? JSON.stringify(v) : v)}`).join('<br>') : ''}</td></tr>`).join('')
      : '<tr><td colspan="7" class="muted">No NOK result in this range.</td></tr>';
    document.body.dataset.refreshed = String(lastRefresh);
    showError(message, null);
  } catch (e) {
    showError(message, e);
  }
}

/** Refreshes soon after new events, but at most every two seconds whatever the event rate. */
function scheduleRefresh() {
  if (!range().moving || refreshTimer) {
    return;
  }
  const wait = Math.max(300, 2000 - (Date.now() - lastRefresh));
  refreshTimer = setTimeout(() => {
    refreshTimer = null;
    refresh();
  }, wait);
}

function connectLive() {
  const live = $('#live');
  const source = new EventSource('/api/live');
  source.addEventListener('hello', () => {
    live.classList.add('on');
    $('#live-text').textContent = 'live';
  });
  source.addEventListener('stored', (e) => {
    const m = JSON.parse(e.data);
    liveEvents += m.events;
    $('#live-events').textContent = String(liveEvents);
    $('#live-text').textContent = `live · ${new Date(m.at).toLocaleTimeString()}`;
    for (const s of m.states || []) {
      const cell = document.querySelector(`#station-${id(s.site, s.line, s.station)} .badge`);
      if (cell) {
        cell.className = `badge state-${s.state}`;
        cell.textContent = s.state;
      }
    }
    scheduleRefresh();
  });
  source.onerror = () => {
    live.classList.remove('on');
    $('#live-text').textContent = 'reconnecting…';
  };
}

$('#range').addEventListener('change', () => {
  const custom = $('#range').value === 'custom';
  document.querySelectorAll('.custom').forEach((e) => { e.hidden = !custom; });
  if (!custom) {
    refresh();
  }
});
$('#apply').addEventListener('click', refresh);
window.addEventListener('resize', () => {
  clearTimeout(window.resizeTimer);
  window.resizeTimer = setTimeout(refresh, 400);
});

header('production');
refresh();
connectLive();
// a moving range also moves when nothing happens
setInterval(() => { if (range().moving && Date.now() - lastRefresh > 60_000) refresh(); }, 15_000);

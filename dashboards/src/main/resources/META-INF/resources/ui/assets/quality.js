// Quality: forward trace, common factors, recall campaigns, integrity exceptions, CSV exports.
import { api, csvLink, h, header, showError, time, unitLink } from './api.js';

const $ = (s) => document.querySelector(s);
const message = $('#message');
const enc = encodeURIComponent;

// ---- tabs ----
function showTab(name) {
  document.querySelectorAll('.tabs button').forEach((b) => b.classList.toggle('current', b.dataset.tab === name));
  document.querySelectorAll('main > section').forEach((s) => { s.hidden = s.id !== `tab-${name}`; });
  history.replaceState(null, '', `#${name}`);
  showError(message, null);
  if (name === 'recalls') loadRecalls();
  if (name === 'exceptions') loadExceptions();
}
document.querySelectorAll('.tabs button').forEach((b) => b.addEventListener('click', () => showTab(b.dataset.tab)));

// ---- trace ----
function showKindFields() {
  const kind = $('#trace-kind').value;
  document.querySelectorAll('#trace-form [data-kind]').forEach((l) => { l.hidden = l.dataset.kind !== kind; });
}
$('#trace-kind').addEventListener('change', showKindFields);

function traceParams() {
  const p = new URLSearchParams();
  const kind = $('#trace-kind').value;
  const set = (k, v) => { if (v && v.trim()) p.set(k, v.trim()); };
  if (kind === 'lot') {
    set('partNumber', $('#trace-part').value);
    set('lot', $('#trace-lot').value);
  } else if (kind === 'componentSerial') {
    set('componentSerial', $('#trace-component').value);
  } else if (kind === 'run') {
    set('runId', $('#trace-run').value);
  } else {
    set('site', $('#trace-site').value);
    set('line', $('#trace-line').value);
    set('station', $('#trace-station').value);
    if ($('#trace-from').value) p.set('from', new Date($('#trace-from').value).toISOString());
    if ($('#trace-to').value) p.set('to', new Date($('#trace-to').value).toISOString());
  }
  if ($('#trace-top').checked) p.set('topLevelOnly', 'true');
  return p;
}

/** Runs a forward trace with the given query parameters and shows every affected unit. */
async function trace(params) {
  const out = $('#trace-result');
  try {
    const page = new URLSearchParams(params);
    page.set('limit', '1000');
    const r = await api(`/api/trace/where-used?${page}`);
    const csv = new URLSearchParams(params);
    const recallable = params.has('lot') || params.has('componentSerial');
    out.innerHTML = `
      <div class="toolbar"><h2 style="margin-right:auto">${h(r.query || r.kind || 'Trace')}</h2>
        <a class="button small secondary" id="trace-csv" href="/api/dashboard/where-used.csv?${csv}" download>CSV (all)</a>
        ${recallable ? '<button type="button" class="small" id="trace-to-recall">Recall these…</button>' : ''}</div>
      <p><b id="trace-count">${r.unitCount}</b> units affected, <b id="trace-top-count">${r.topLevelCount}</b> of them top-level
        ${r.units.length < r.unitCount ? `<span class="muted">(first ${r.units.length} listed)</span>` : ''}</p>
      <div class="table-wrap"><table id="trace-units"><thead><tr><th>Serial</th><th>Part</th><th>Status</th>
        <th>Run</th><th class="num">Depth</th><th>Top-level</th><th>Where</th><th>Path</th></tr></thead><tbody>
        ${r.units.map((u) => `<tr><td>${unitLink(u.serial)}</td><td>${h(u.partNumber)} ${h(u.revision || '')}</td>
          <td>${h(u.status)}</td><td>${h(u.runId)}</td><td class="num">${u.depth}</td><td>${u.topLevel ? 'yes' : ''}</td>
          <td>${h(u.location || (u.lastSeen ? `${u.lastSeen.line} / ${u.lastSeen.station}` : ''))}</td>
          <td class="muted">${h((u.path || []).join(' › '))}</td></tr>`).join('')}
      </tbody></table></div>`;
    out.hidden = false;
    const toRecall = $('#trace-to-recall');
    if (toRecall) {
      toRecall.addEventListener('click', () => {
        $('#recall-part').value = params.get('partNumber') || '';
        $('#recall-lot').value = params.get('lot') || '';
        $('#recall-component').value = params.get('componentSerial') || '';
        $('#recall-title').value = params.has('lot')
          ? `Lot ${params.get('lot')} of ${params.get('partNumber')}` : `Component ${params.get('componentSerial')}`;
        showTab('recalls');
        $('#recall-reason').focus();
      });
    }
    showError(message, null);
  } catch (e) {
    out.hidden = true;
    showError(message, e);
  }
}
$('#trace-form').addEventListener('submit', (e) => {
  e.preventDefault();
  trace(traceParams());
});

// ---- common factors ----
$('#factors-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const serials = $('#factor-serials').value.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);
  const out = $('#factors-result');
  try {
    const a = await api('/api/analysis/common-factors', { method: 'POST', body: { serials } });
    out.innerHTML = `<h2>${a.factorCount} common factors of ${a.serials.length} units</h2>
      <div class="table-wrap"><table id="factors"><thead><tr><th>#</th><th>Kind</th><th>Factor</th>
        <th class="num">Shared by</th><th class="num">Units with it</th><th class="num">Others</th><th></th></tr></thead><tbody>
      ${a.factors.map((f, i) => `<tr><td>${f.rank}</td><td>${h(f.kind)}${f.derived ? ' <span class="muted">(derived)</span>' : ''}</td>
        <td>${h(f.description)}</td><td class="num">${f.sharedBy} / ${a.serials.length}</td>
        <td class="num">${f.unitCount}${f.unitCountIsLowerBound ? '+' : ''}</td><td class="num">${f.otherUnitCount}</td>
        <td>${f.otherUnitsQuery ? `<button type="button" class="small secondary" data-factor="${i}">Trace</button>` : ''}</td></tr>`).join('')}
      </tbody></table></div>`;
    out.hidden = false;
    out.querySelectorAll('button[data-factor]').forEach((b) => b.addEventListener('click', () => {
      const f = a.factors[Number(b.dataset.factor)];
      const params = new URLSearchParams(f.otherUnitsQuery.split('?')[1] || '');
      fillTraceForm(params);
      showTab('trace');
      trace(params);
    }));
    showError(message, null);
  } catch (err) {
    out.hidden = true;
    showError(message, err);
  }
});

function fillTraceForm(p) {
  const kind = p.has('lot') ? 'lot' : p.has('componentSerial') ? 'componentSerial' : p.has('runId') ? 'run' : 'station';
  $('#trace-kind').value = kind;
  $('#trace-part').value = p.get('partNumber') || '';
  $('#trace-lot').value = p.get('lot') || '';
  $('#trace-component').value = p.get('componentSerial') || '';
  $('#trace-run').value = p.get('runId') || '';
  $('#trace-site').value = p.get('site') || '';
  $('#trace-line').value = p.get('line') || '';
  $('#trace-station').value = p.get('station') || '';
  $('#trace-top').checked = p.get('topLevelOnly') === 'true';
  showKindFields();
}

// ---- recalls ----
async function loadRecalls(select) {
  try {
    const recalls = await api('/api/recalls');
    $('#recalls tbody').innerHTML = recalls.length ? recalls.map((r) => `
      <tr data-recall="${r.id}"><td>${r.id}</td><td>${h(r.title)}</td><td><span class="badge ${r.status === 'OPEN' ? 'warn' : ''}">${h(r.status || r.state)}</span></td>
        <td class="muted">${h(r.traceQuery)}</td><td>${time(r.createdAt)}</td><td>${h(r.createdBy)}</td>
        <td><button type="button" class="small secondary" data-open="${r.id}">Units</button></td></tr>`).join('')
      : '<tr><td colspan="7" class="muted">No recall yet.</td></tr>';
    document.querySelectorAll('#recalls button[data-open]').forEach((b) =>
      b.addEventListener('click', () => showRecall(Number(b.dataset.open))));
    if (select) {
      await showRecall(select);
    }
  } catch (e) {
    showError(message, e);
  }
}

const STEPS = ['NOTIFIED', 'RETURNED', 'INSPECTED', 'REPAIRED', 'REPLACED', 'SCRAPPED', 'CLOSED'];

/** Where a unit was when the campaign started: its line, stock location, shipment or customer. */
function place(u) {
  if (u.customer) return `customer ${h(u.customer)}`;
  if (u.shipmentId) return `shipment #${h(u.shipmentId)}`;
  if (u.location) return `stock ${h(u.location)}`;
  if (u.line) return `${h(u.line)}${u.station ? ' / ' + h(u.station) : ''}`;
  return '';
}

function kpi(id, value, label) {
  return `<div class="kpi"><div class="value"${id ? ` id="${id}"` : ''}>${h(value)}</div><div class="label">${h(label)}</div></div>`;
}

async function showRecall(id) {
  const out = $('#recall-detail');
  document.querySelectorAll('#recalls tr').forEach((tr) => tr.classList.toggle('selected', tr.dataset.recall === String(id)));
  try {
    const v = await api(`/api/recalls/${id}`);
    const r = v.recall || v;
    const units = v.units || [];
    const open = r.status !== 'CLOSED';
    out.innerHTML = `<div class="toolbar"><h2 style="margin-right:auto">Recall #${r.id}: ${h(r.title)}</h2>
        <a href="/api/recalls/${r.id}/units.csv" download="recall-${r.id}-units.csv">Units CSV</a>
        <a href="/api/recalls/${r.id}/notification.csv" download="recall-${r.id}-notification.csv" id="recall-notify-csv">Customers to notify (CSV)</a></div>
      <p>${h(r.reason)} <span class="muted">– ${h(r.traceQuery)} · ${h(r.status)}</span></p>
      <div class="kpis">
        ${kpi('recall-units', v.unitCount ?? units.length, 'affected products')}
        ${kpi('recall-components', v.componentCount ?? 0, 'affected sub-assemblies')}
        ${kpi('recall-held', v.onHold ?? 0, 'on hold')}
        ${Object.entries(v.byState || {}).map(([s, n]) => kpi(null, n, s)).join('')}
      </div>
      <div class="kpis" id="recall-steps">
        ${Object.entries(v.byStep || {}).map(([s, n]) => kpi(null, n, s === 'NONE' ? 'no progress yet' : s)).join('')}
      </div>
      ${open ? `<form id="recall-progress" class="toolbar">
        <label>Serials <textarea id="progress-serials" rows="2" placeholder="one per line, or tick rows below"></textarea></label>
        <label>Step <select id="progress-step">${STEPS.map((st) => `<option value="${st}">${st}</option>`).join('')}</select></label>
        <label>Reason <input id="progress-reason" required></label>
        <button type="submit">Record progress</button></form>` : ''}
      <div class="table-wrap"><table id="recall-units-table"><thead><tr><th></th><th>Serial</th><th>Part</th>
        <th>State at creation</th><th>Where</th><th>Hold</th><th>Progress</th></tr></thead>
      <tbody>${units.map((u) => `<tr data-serial="${h(u.unitSerial)}">
        <td>${u.topLevel && open ? `<input type="checkbox" value="${h(u.unitSerial)}" aria-label="select ${h(u.unitSerial)}">` : ''}</td>
        <td>${unitLink(u.unitSerial)}${u.topLevel ? '' : ` <span class="muted">in ${h(u.withinSerial || '')}</span>`}</td>
        <td>${h(u.partNumber)}</td><td>${h(u.state)}</td><td>${place(u)}</td>
        <td>${u.onHold ? '<span class="badge bad">HELD</span>' : ''}</td>
        <td>${h(u.step || '')}${u.stepAt ? ` <span class="muted">${time(u.stepAt)}</span>` : ''}</td></tr>`).join('')}</tbody></table></div>`;
    const form = $('#recall-progress');
    if (form) {
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        const typed = $('#progress-serials').value.split(/[\s,;]+/).filter(Boolean);
        const ticked = [...out.querySelectorAll('#recall-units-table input:checked')].map((c) => c.value);
        const serials = [...new Set([...typed, ...ticked])];
        try {
          await api(`/api/recalls/${r.id}/progress`, {
            method: 'POST',
            body: { serials, step: $('#progress-step').value, reason: $('#progress-reason').value.trim() },
          });
          showError(message, null);
          await showRecall(r.id);
        } catch (err) {
          showError(message, err);
        }
      });
    }
    out.hidden = false;
  } catch (e) {
    showError(message, e);
  }
}

$('#recall-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const value = (s) => $(s).value.trim() || null;
  try {
    const created = await api('/api/recalls', {
      method: 'POST',
      body: {
        title: value('#recall-title'),
        reason: value('#recall-reason'),
        partNumber: value('#recall-part'),
        lot: value('#recall-lot'),
        componentSerial: value('#recall-component'),
        hold: $('#recall-hold').checked,
      },
    });
    const id = (created.recall || created).id;
    $('#recall-form').reset();
    showError(message, null);
    await loadRecalls(id);
  } catch (err) {
    showError(message, err);
  }
});

// ---- exceptions ----
async function loadExceptions() {
  const p = new URLSearchParams({ limit: '500' });
  if ($('#exc-kind').value) p.set('kind', $('#exc-kind').value);
  if ($('#exc-open').value) p.set('open', $('#exc-open').value);
  try {
    const list = await api(`/api/exceptions?${p}`);
    $('#exceptions tbody').innerHTML = list.length ? list.map((x) => `
      <tr><td>${time(x.detectedAt)}</td><td><span class="badge warn">${h(x.kind)}</span></td>
        <td>${unitLink(x.serial)}</td>
        <td>${h(x.componentPart || '')} ${x.componentSerial ? unitLink(x.componentSerial) : h(x.lot || '')}
          ${x.otherSerial ? `<br><span class="muted">also in</span> ${unitLink(x.otherSerial)}` : ''}</td>
        <td>${h(x.detail)}</td><td>${x.resolvedAt ? `${time(x.resolvedAt)} ${h(x.resolvedBy)}` : ''}</td></tr>`).join('')
      : '<tr><td colspan="6" class="muted">None.</td></tr>';
    const csv = $('#exc-csv');
    csv.innerHTML = '';
    csv.appendChild(csvLink('exceptions.csv',
      ['id', 'kind', 'serial', 'partNumber', 'position', 'componentPart', 'componentSerial', 'lot', 'otherSerial', 'detail', 'detectedAt', 'resolvedAt', 'resolvedBy', 'resolution'],
      list.map((x) => [x.id, x.kind, x.serial, x.partNumber, x.position, x.componentPart, x.componentSerial, x.lot,
        x.otherSerial, x.detail, x.detectedAt, x.resolvedAt, x.resolvedBy, x.resolution])));
  } catch (e) {
    showError(message, e);
  }
}
$('#exc-kind').addEventListener('change', loadExceptions);
$('#exc-open').addEventListener('change', loadExceptions);

header('quality');
showKindFields();
const start = new URLSearchParams(location.search);
if (start.has('lot') || start.has('componentSerial') || start.has('runId') || start.has('station')) {
  fillTraceForm(start);
  trace(start);
}
showTab(location.hash ? location.hash.slice(1) : 'trace');

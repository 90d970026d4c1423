// Returns desk: scan a serial and see at once who bought it, its warranty and why, any open RMA;
// authorise, receive, inspect and dispose from the same screen.
import { startPage, log, outbox, recordScan, problemText, api, h, locations, remember, recall, describePlace } from './scan-kit.js';

const $ = (id) => document.getElementById(id);
let current = null; // { serial, unit }

async function fillDesks() {
  const locs = await locations();
  $('desk').innerHTML = `<option value="">–</option>${[...locs].map((l) => `<option value="${h(l)}">${h(l)}</option>`).join('')}`;
  $('desk').value = recall('returns.desk') || '';
  $('desk').addEventListener('change', () => remember('returns.desk', $('desk').value || null));
}

const label = (s) => String(s || '').replaceAll('_', ' ').toLowerCase();

async function show(serial, unit) {
  const [warranty, rmas, whereabouts] = await Promise.all([
    api(`/api/units/${encodeURIComponent(serial)}/warranty`).catch(() => null),
    api(`/api/returns?serial=${encodeURIComponent(serial)}`).catch(() => []),
    api(`/api/units/${encodeURIComponent(serial)}/location`).catch(() => null),
  ]);
  const place = whereabouts ? whereabouts.place : unit?.place; // as it is now, after each step
  const customer = warranty?.customer ? await api(`/api/customers/${encodeURIComponent(warranty.customer)}`).catch(() => null) : null;
  const open = rmas.find((r) => r.status !== 'CLOSED') || null;
  current = { serial, unit, warranty, open };
  $('unit-card').hidden = false;
  $('unit-summary').innerHTML = `<h2>${h(serial)}</h2><dl>
    <dt>Product</dt><dd>${h(unit?.partNumber || warranty?.partNumber || '–')} ${h(unit?.revision || '')}</dd>
    <dt>Status</dt><dd>${h(unit?.status || '–')}${unit?.holdReason ? ` · on hold: ${h(unit.holdReason)}` : ''}</dd>
    <dt>Where</dt><dd id="where">${h(unit || whereabouts ? describePlace(place) : '–')}</dd>
    <dt>Bought by</dt><dd id="bought-by">${warranty?.customer ? `${h(warranty.customer)}${customer ? ` – ${h(customer.name)}` : ''} (order ${h(warranty.orderNumber)})` : 'not sold'}</dd>
    <dt>Warranty</dt><dd id="warranty"><span class="hh-state ${h(warranty?.status || '')}">${h(label(warranty?.status) || 'unknown')}</span>
      ${warranty?.until ? ` until ${h(warranty.until)}` : ''}<div class="muted">${h(warranty?.reason || '')}</div></dd>
    <dt>RMA</dt><dd id="rma">${open ? `#${h(open.id)} ${h(label(open.status))}${open.complaint ? `: ${h(open.complaint)}` : ''}` : (rmas.length ? `${rmas.length} closed` : 'none')}</dd>
  </dl>`;
  actions();
}

function actions() {
  const box = $('rma-actions');
  const { unit, warranty, open } = current;
  if (unit?.stolen) {
    box.innerHTML = `<div class="hh-entry fail"><div class="hh-entry-title">Reported ${h(unit.stolen.kind)}: no return; keep the unit apart</div></div>`;
    return;
  }
  if (!open) {
    box.innerHTML = warranty?.customer ? `<div class="hh-fields">
        <label>Complaint<textarea id="complaint"></textarea></label>
        <button type="button" class="hh-big" id="authorise">Authorise return</button></div>`
      : '<div class="hh-entry info"><div class="hh-entry-title">Not sold: no return to authorise</div></div>';
    box.querySelector('#authorise')?.addEventListener('click', () => act('POST', '/api/returns',
      { serial: current.serial, customer: warranty.customer, complaint: $('complaint').value.trim() || null, desk: $('desk').value || null },
      `authorise return of ${current.serial}`));
  } else if (open.status === 'AUTHORISED') {
    box.innerHTML = '<button type="button" class="hh-big" id="receive">Receive at the desk location</button>';
    box.querySelector('#receive').addEventListener('click', () => {
      if (!$('desk').value) { log('fail', 'Choose the desk location first'); return; }
      act('POST', `/api/returns/${open.id}/receive`, { location: $('desk').value }, `receive RMA #${open.id} at ${$('desk').value}`);
    });
  } else if (open.status === 'RECEIVED') {
    box.innerHTML = `<div class="hh-fields">
      <label>Findings<textarea id="findings"></textarea></label>
      <label>Disposition<select id="disposition">${["REPAIR", "REPLACE", "REFUND", "SCRAP"].map((d) => `<option value="${d}">${d.toLowerCase()}</option>`).join("")}</select></label>
      <label id="replacement-label" hidden>Replacement serial<input id="replacement" autocomplete="off"></label>
      <button type="button" class="hh-big" id="inspect">Record inspection</button></div>`;
    $('disposition').addEventListener('change', () => { $('replacement-label').hidden = $('disposition').value !== 'REPLACE'; });
    box.querySelector('#inspect').addEventListener('click', () => act('POST', `/api/returns/${open.id}/inspect`,
      { findings: $('findings').value.trim(), disposition: $('disposition').value, replacementSerial: $('replacement').value.trim() || null },
      `inspect RMA #${open.id}: ${$('disposition').value}`));
  } else {
    box.innerHTML = `<div class="hh-entry info"><div class="hh-entry-title">RMA #${h(open.id)} ${h(label(open.status))}: ${h(open.disposition || '')}</div>
      <div class="hh-entry-detail">Record the components replaced at the repair bench (POST /api/returns/${h(open.id)}/repair).</div></div>`;
  }
}

async function act(method, path, body, what) {
  const answer = await outbox.send(method, path, body, what);
  if (answer.queued) log('queued', `Queued: ${what}`);
  else if (!answer.ok) log('fail', `Refused: ${what}`, problemText(answer.body, answer.status));
  else log('ok', `Done: ${what}`, answer.body?.status ? `RMA #${answer.body.id} ${label(answer.body.status)}` : '');
  if (current) await show(current.serial, current.unit);
}

startPage({
  id: 'returns',
  async onScan(parsed) {
    const serial = parsed.serial || parsed.code;
    const scan = await recordScan(parsed, 'returns', $('desk').value || null);
    const unit = scan?.units?.[0] || null;
    if (scan && !unit?.known) throw new Error(`${serial}: no such unit`);
    await show(serial, unit);
    if (!scan) log('queued', `${serial}: scan queued (offline); showing what could be read`);
    else if (!unit.stolen) log('ok', `${serial}`, current.warranty ? `${label(current.warranty.status)}${current.open ? ` · RMA #${current.open.id} ${label(current.open.status)}` : ''}` : '');
  },
  onDelivered(answer) {
    if (!answer.ok) log('fail', `Refused after queueing: ${answer.item.label}`, problemText(answer.body, answer.status));
    else if (answer.item.path !== '/api/scans') log('ok', `Done after queueing: ${answer.item.label}`);
  },
});
await fillDesks();

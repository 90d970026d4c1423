// Pick, pack and ship. The open shipment is a draft kept on this device (localStorage), so it
// survives a reload, a flat battery or a dead network; each scan is checked with the core as it is
// made (and raises the alert for a stolen unit), and the shipment is posted whole when closed, with
// an idempotency key, so a close queued offline ships once. Then the labels: previews and print.
import { startPage, log, locations, remember, recall, outbox, recordScan, problemText, api, h, describePlace } from './scan-kit.js';

const DRAFT = 'ship.draft';
let draft = recall(DRAFT);
const $ = (id) => document.getElementById(id);

function save() {
  remember(DRAFT, draft);
  render();
}

function allSerials() {
  return draft ? [...draft.packages.flatMap((p) => p.serials), ...draft.loose] : [];
}

function render() {
  const shipped = recall('ship.last');
  $('open-form').hidden = !!draft || !!shipped;
  $('draft').hidden = !draft;
  $('shipped').hidden = !shipped || !!draft;
  if (!draft) {
    $('step').textContent = shipped ? `Shipment #${shipped.id} shipped` : 'Open a shipment';
    return;
  }
  const to = draft.header.shipToCustomer ? `customer ${draft.header.shipToCustomer}` : `location ${draft.header.shipToLocation}`;
  $('draft-title').textContent = `${draft.header.reference || 'shipment'} → ${to}`;
  $('step').textContent = draft.closing ? 'Closing: waiting for the server' : draft.current === null
    ? 'Scan a package SSCC, or units to ship loose' : `Scan units into ${draft.packages[draft.current].reference}`;
  $('packages').innerHTML = [
    ...draft.packages.map((p, i) => `
      <div class="hh-package ${i === draft.current ? 'current' : ''}" data-package="${i}">
        <strong>${h(p.reference)}</strong> ${h(p.kind.toLowerCase())}${p.sscc ? ` · SSCC ${h(p.sscc)}` : ''} · ${p.serials.length} unit(s)
        <button type="button" class="small secondary" data-select="${i}">${i === draft.current ? 'Packing' : 'Pack here'}</button>
        <ul>${p.serials.map((s) => `<li>${h(s)}${draft.unverified.includes(s) ? ' <em>(not checked: offline)</em>' : ''}<button type="button" class="small secondary" data-remove="${h(s)}">✕</button></li>`).join('')}</ul>
      </div>`),
    draft.loose.length ? `<div class="hh-package"><strong>Loose</strong><ul>${draft.loose.map((s) => `<li>${h(s)}<button type="button" class="small secondary" data-remove="${h(s)}">✕</button></li>`).join('')}</ul></div>` : '',
  ].join('');
  $('packages').querySelectorAll('[data-select]').forEach((b) => b.addEventListener('click', () => {
    draft.current = Number(b.dataset.select);
    save();
  }));
  $('packages').querySelectorAll('[data-remove]').forEach((b) => b.addEventListener('click', () => {
    const s = b.dataset.remove;
    draft.packages.forEach((p) => { p.serials = p.serials.filter((x) => x !== s); });
    draft.loose = draft.loose.filter((x) => x !== s);
    save();
    log('info', `Removed ${s}`);
  }));
  $('close-shipment').disabled = !!draft.closing || allSerials().length === 0;
}

function newPackage(kind, sscc = null) {
  const n = draft.packages.filter((p) => p.kind === kind).length + 1;
  draft.packages.push({ reference: `${kind === 'PALLET' ? 'PAL' : 'PKG'}-${n}`, kind, sscc, serials: [] });
  draft.current = draft.packages.length - 1;
  save();
}

async function fillForm() {
  const [customers, locs] = await Promise.all([api('/api/customers').catch(() => []), locations()]);
  $('ship-customer').innerHTML = `<option value="">–</option>${customers.map((c) => `<option value="${h(c.reference)}">${h(c.reference)} ${h(c.name)}</option>`).join('')}`;
  $('ship-location').innerHTML = `<option value="">–</option>${[...locs].map((l) => `<option value="${h(l)}">${h(l)}</option>`).join('')}`;
}

$('open-shipment').addEventListener('click', () => {
  const header = {
    reference: $('ship-reference').value.trim() || null,
    shipToCustomer: $('ship-customer').value || null,
    shipToLocation: $('ship-location').value || null,
    carrier: $('ship-carrier').value.trim() || null,
    trackingRef: $('ship-tracking').value.trim() || null,
  };
  if (!header.shipToCustomer === !header.shipToLocation) {
    log('fail', 'Choose a customer or one of our locations to ship to (one of them)');
    return;
  }
  draft = { header, packages: [], current: null, loose: [], unverified: [], closing: null };
  remember('ship.last', null);
  save();
  log('info', `Shipment opened: ${header.reference || ''}`);
});
$('new-package').addEventListener('click', () => newPackage('PACKAGE'));
$('new-pallet').addEventListener('click', () => newPackage('PALLET'));
$('discard-shipment').addEventListener('click', () => {
  if (draft && !draft.closing && window.confirm('Discard this shipment draft?')) {
    draft = null;
    save();
  }
});

function shipmentBody() {
  return {
    ...draft.header,
    packages: draft.packages.filter((p) => p.serials.length).map((p) => ({ reference: p.reference, kind: p.kind, sscc: p.sscc, serials: p.serials })),
    serials: draft.loose,
  };
}

$('close-shipment').addEventListener('click', async () => {
  const empty = draft.packages.filter((p) => p.serials.length === 0);
  if (empty.length && !window.confirm(`${empty.map((p) => p.reference).join(', ')} is empty and will not be shipped. Close anyway?`)) return;
  draft.closing = true;
  save();
  closed(await outbox.send('POST', '/api/shipments', shipmentBody(), `close shipment ${draft.header.reference || ''} (${allSerials().length} units)`));
});

function closed(answer) {
  if (answer.queued) {
    log('queued', 'Shipment queued: it will be posted when the server answers');
    return;
  }
  if (!answer.ok) {
    if (draft) { draft.closing = null; save(); }
    log('fail', 'Shipment refused: nothing was shipped', problemText(answer.body, answer.status));
    return;
  }
  draft = null;
  remember('ship.last', answer.body);
  save();
  log('ok', `Shipment #${answer.body.id} shipped: ${answer.body.units.length} units`);
  showLabels(answer.body);
}

async function showLabels(shipment) {
  $('shipped-summary').innerHTML = `<h2>Shipment #${h(shipment.id)}</h2><dl>
    <dt>Reference</dt><dd>${h(shipment.reference || '–')}</dd>
    <dt>To</dt><dd>${h(shipment.shipToCustomer ? `customer ${shipment.shipToCustomer}` : `location ${shipment.shipToLocation}`)}</dd>
    <dt>Units</dt><dd>${h(shipment.units.length)}</dd></dl>`;
  const ssccs = [...new Set(shipment.units.map((u) => u.sscc).filter(Boolean))];
  const units = shipment.units.map((u) => u.serial).slice(0, 24);
  $('labels').innerHTML = [
    ...ssccs.map((s) => `<figure><img alt="package label ${h(s)}" src="/api/labels/packages/${encodeURIComponent(s)}.png"><figcaption>SSCC ${h(s)}</figcaption></figure>`),
    ...units.map((s) => `<figure><img alt="unit label ${h(s)}" src="/api/labels/units/${encodeURIComponent(s)}.png"><figcaption>${h(s)}</figcaption></figure>`),
  ].join('');
  $('labels').querySelectorAll('img').forEach((img) => img.addEventListener('error', () => {
    img.closest('figure').querySelector('figcaption').textContent += ' (no preview)';
    img.remove();
  }));
  const printer = $('printer');
  try {
    const printers = await api('/api/labels/printers');
    printer.innerHTML = printers.map((p) => {
      const name = typeof p === 'string' ? p : p.name;
      return `<option value="${h(name)}">${h(name)}${p.description ? ` – ${h(p.description)}` : ''}</option>`;
    }).join('');
    $('print').disabled = printers.length === 0;
    $('print-status').textContent = printers.length ? '' : 'No label printer is configured.';
  } catch (e) {
    $('print').disabled = true;
    $('print-status').textContent = e.status === 404 ? 'Label printing is not available on this server.' : `Printers: ${e.message}`;
  }
}

$('print').addEventListener('click', async () => {
  const shipment = recall('ship.last');
  const answer = await outbox.send('POST', '/api/labels/print', { printer: $('printer').value, shipment: String(shipment.id) },
    `print labels of shipment #${shipment.id} on ${$('printer').value}`);
  if (answer.queued) log('queued', 'Print queued');
  else if (!answer.ok) log('fail', 'Not printed', problemText(answer.body, answer.status));
  else log('ok', `Labels of shipment #${shipment.id} sent to ${$('printer').value}`);
});
$('next-shipment').addEventListener('click', () => {
  remember('ship.last', null);
  render();
});

startPage({
  id: 'ship',
  async onScan(parsed) {
    if (!draft) throw new Error('Open a shipment first');
    if (draft.closing) throw new Error('The shipment is being closed');
    if (parsed.sscc) {
      const at = draft.packages.findIndex((p) => p.sscc === parsed.sscc);
      const current = draft.current === null ? null : draft.packages[draft.current];
      if (at >= 0) {
        draft.current = at;
      } else if (current && !current.sscc && current.serials.length === 0) {
        current.sscc = parsed.sscc; // "New pallet", then its SSCC label
      } else {
        newPackage('PACKAGE', parsed.sscc);
      }
      save();
      log('ok', `Packing into ${draft.packages[draft.current].reference} (SSCC ${parsed.sscc})`);
      recordScan(parsed, 'ship', null).catch(() => {});
      return;
    }
    const serial = parsed.serial || parsed.code;
    if (allSerials().includes(serial)) throw new Error(`${serial} is packed already in this shipment`);
    const answer = await recordScan(parsed, 'ship', null);
    if (answer) {
      const unit = answer.units[0];
      if (!unit?.known) throw new Error(`${serial}: no such unit`);
      if (unit.stolen) throw new Error(`${serial} is reported ${unit.stolen.kind}: not packed`);
      if (unit.holdReason) throw new Error(`${serial} is on hold (${unit.holdReason}): not packed`);
      if (unit.status === 'SCRAPPED') throw new Error(`${serial} is scrapped: not packed`);
      if (unit.place && !unit.place.location) throw new Error(`${serial} is ${describePlace(unit.place)}: not packed`);
    } else {
      draft.unverified.push(serial);
    }
    if (draft.current === null) draft.loose.push(serial);
    else draft.packages[draft.current].serials.push(serial);
    save();
    const into = draft.current === null ? 'loose' : draft.packages[draft.current].reference;
    if (answer) log('ok', `${serial} → ${into}`, `${answer.units[0].partNumber || ''} ${describePlace(answer.units[0].place)}`);
    else log('queued', `${serial} → ${into} (not checked: offline)`, 'the server checks it when the shipment is closed');
  },
  onDelivered(answer) {
    if (answer.item.path === '/api/shipments') closed(answer);
  },
});

await fillForm();
render();
const last = recall('ship.last');
if (last && !draft) showLabels(last);

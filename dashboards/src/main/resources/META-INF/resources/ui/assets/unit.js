// Unit lookup: identity (decoded serial), flags, whereabouts, warranty, genealogy tree, timeline.
import { ApiError, api, h, header, showError, time, unitLink } from './api.js';

const $ = (s) => document.querySelector(s);
const message = $('#message');
const enc = encodeURIComponent;

async function optional(path) {
  try {
    return await api(path);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 403)) {
      return null;
    }
    throw e;
  }
}

function facts(pairs) {
  return `<dl class="facts">${pairs.filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `<dt>${h(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

function flags(unit, holds) {
  const out = [];
  const openHold = (holds || []).find((x) => !x.releasedAt);
  if (unit.status === 'HELD' || openHold) {
    out.push(`<span class="badge bad" id="flag-held" title="${h(openHold ? openHold.reason : unit.statusReason)}">HELD</span>`);
  }
  if (unit.stolen) {
    out.push(`<span class="badge bad" id="flag-stolen">${h((unit.stolen.kind || 'STOLEN').toUpperCase())}</span>`);
  }
  if (unit.status && unit.status !== 'HELD') {
    const cls = unit.status === 'COMPLETED' ? 'ok' : (unit.status === 'NOK' || unit.status === 'SCRAPPED' ? 'bad' : '');
    out.push(`<span class="badge ${cls}" id="flag-status">${h(unit.status)}</span>`);
  }
  return out.join(' ');
}

function identityCard(unit, identity, holds) {
  const segments = identity && identity.template
    ? `<h3>Decoded serial <span class="muted">(${h(identity.template)})</span></h3>
       <table id="segments"><tbody>${Object.entries(identity.segments)
         .sort(([a], [b]) => identity.template.indexOf(`{${a}`) - identity.template.indexOf(`{${b}`)).map(([k, v]) =>
         `<tr><th>${h(k)}</th><td>${h(v)}</td></tr>`).join('')}
       ${identity.date ? `<tr><th>date</th><td>${h(identity.date)}</td></tr>` : ''}</tbody></table>`
    : '<p class="muted">No known serial template fits this serial.</p>';
  return `<h2><span class="serial" id="unit-serial">${h(unit.serial)}</span> ${flags(unit, holds)}</h2>
    ${facts([
      ['Product', unit.partNumber ? `${h(unit.partNumber)} rev ${h(unit.revision || '–')}` : null],
      ['Run', h(unit.runId)],
      ['Made at', unit.site ? `${h(unit.site)} / ${h(unit.line)} / ${h(unit.station)}` : null],
      ['Serialized', time(unit.serializedAt)],
      ['Status', unit.status ? `${h(unit.status)}${unit.statusReason ? ` – ${h(unit.statusReason)}` : ''}` : null],
    ])}
    ${segments}`;
}

function placeText(place) {
  if (!place) {
    return 'not placed yet (on its line or unknown)';
  }
  if (place.location) {
    return `at location <b>${h(place.location)}</b>`;
  }
  if (place.shipmentId) {
    return `on shipment #${h(place.shipmentId)} (in transit)`;
  }
  return `at customer <b>${h(place.customer)}</b>`;
}

function whereaboutsCard(unit, warranty, holds) {
  const w = warranty
    ? facts([
      ['Warranty', `<span class="badge ${warranty.inWarranty ? 'ok' : ''}" id="warranty-status">${h(warranty.status)}</span>`],
      ['Until', h(warranty.until)],
      ['Customer', h(warranty.customer)],
      ['Order', h(warranty.orderNumber)],
      ['Why', h(warranty.reason)],
    ])
    : '<p class="muted">No warranty information.</p>';
  const stolen = unit.stolen
    ? `<div class="error">Reported ${h(unit.stolen.kind)} on ${time(unit.stolen.reportedAt)} by ${h(unit.stolen.reportedBy)}
       ${unit.stolen.policeReference ? `(police ref. ${h(unit.stolen.policeReference)})` : ''}</div>` : '';
  const holdRows = (holds || []).map((x) => `<li>${time(x.heldAt || x.createdAt)} ${h(x.reason)}
      ${x.releasedAt ? `<span class="muted">– released ${time(x.releasedAt)}</span>` : '<b>(open)</b>'}</li>`).join('');
  return `<h2>Where it is</h2>${stolen}
    <p id="place">${placeText(unit.place)}${unit.place && unit.place.since ? ` <span class="muted">since ${time(unit.place.since)}</span>` : ''}</p>
    ${w}
    ${holdRows ? `<h3>Holds</h3><ul>${holdRows}</ul>` : ''}`;
}

function componentItem(c) {
  const removed = c.unboundAt ? ' removed' : '';
  const what = c.componentSerial
    ? `${unitLink(c.componentSerial)}`
    : `lot <b class="lot">${h(c.lot)}</b>${c.supplier ? ` <span class="muted">from ${h(c.supplier)}</span>` : ''}
       ${c.quantity != null ? ` × ${h(c.quantity)}` : ''}`;
  const where = `<span class="muted">${c.position ? `pos ${h(c.position)} · ` : ''}${h(c.station || '')}
    ${c.boundAt ? ` · ${time(c.boundAt)}` : ''}${c.unboundAt ? ` · removed ${time(c.unboundAt)} ${h(c.unbindReason || '')}` : ''}</span>`;
  const label = `<span class="part">${h(c.partNumber)}</span> ${what} ${where}`;
  if (c.unit && ((c.unit.components && c.unit.components.length) || (c.unit.removed && c.unit.removed.length))) {
    return `<li class="${removed}"><details class="sub" data-serial="${h(c.componentSerial)}">
      <summary>${label} <span class="badge">sub-assembly</span></summary>${nodeList(c.unit)}</details></li>`;
  }
  return `<li class="${removed}">${label}</li>`;
}

function nodeList(node) {
  const items = (node.components || []).map(componentItem);
  (node.removed || []).forEach((c) => items.push(componentItem({ ...c, unboundAt: c.unboundAt || true })));
  return items.length ? `<ul>${items.join('')}</ul>` : '<p class="muted">No components recorded.</p>';
}

function tree(root) {
  return `<ul><li><details open class="root" data-serial="${h(root.serial)}"><summary>
    <span class="part">${h(root.partNumber || '')}</span> <span class="serial">${h(root.serial)}</span>
    ${root.run ? `<span class="muted">run ${h(root.run.runId)}${root.run.shift ? `, shift ${h(root.run.shift)}` : ''}</span>` : ''}
    </summary>${nodeList(root)}</details></li></ul>`;
}

function summary(payload) {
  if (!payload) {
    return '';
  }
  return Object.entries(payload)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${h(k)}: ${h(typeof v === 'object' ? JSON.stringify(v) : v)}`).join(', ');
}

async function lookUp(serial) {
  serial = serial.trim();
  if (!serial) {
    return;
  }
  history.replaceState(null, '', `?serial=${enc(serial)}`);
  $('#serial').value = serial;
  $('#unit').hidden = true;
  try {
    const unit = await api(`/api/units/${enc(serial)}`);
    const [identity, warranty, holds, genealogy] = await Promise.all([
      optional(`/api/dashboard/units/${enc(serial)}/identity`),
      optional(`/api/units/${enc(serial)}/warranty`),
      optional(`/api/units/${enc(serial)}/holds`),
      optional(`/api/units/${enc(serial)}/genealogy`),
    ]);
    $('#identity').innerHTML = identityCard(unit, identity, holds);
    $('#whereabouts').innerHTML = whereaboutsCard(unit, warranty, holds);
    $('#tree').innerHTML = genealogy ? tree(genealogy) : '<p class="muted">No genealogy.</p>';
    $('#timeline tbody').innerHTML = (unit.timeline || []).map((t) => `
      <tr><td>${time(t.occurredAt)}</td><td>${h(t.type)}</td>
        <td>${[t.site, t.line, t.station].filter(Boolean).map(h).join(' / ')}</td>
        <td>${h(t.role)}</td><td class="pv">${summary(t.payload)}</td></tr>`).join('');
    $('#unit').hidden = false;
    showError(message, null);
  } catch (e) {
    showError(message, e.status === 404 ? new Error(`No unit '${serial}' is known.`) : e);
  }
}

$('#lookup').addEventListener('submit', (e) => {
  e.preventDefault();
  lookUp($('#serial').value);
});
$('#expand-all').addEventListener('click', () => document.querySelectorAll('#tree details').forEach((d) => { d.open = true; }));
$('#collapse-all').addEventListener('click', () => document.querySelectorAll('#tree details.sub').forEach((d) => { d.open = false; }));
// a serial link inside the page looks up without leaving it
document.addEventListener('click', (e) => {
  const a = e.target.closest('a.serial');
  if (a && a.href.includes('/ui/unit.html')) {
    e.preventDefault();
    lookUp(new URL(a.href).searchParams.get('serial'));
    window.scrollTo(0, 0);
  }
});

header('unit');
const initial = new URLSearchParams(location.search).get('serial');
if (initial) {
  lookUp(initial);
}

// What every handheld page shares: the header, the scan field (keyboard wedge and camera), the log
// of answers, the outbox display, the stolen-unit alert, and calls that read from the core.

import { api, csrfToken, h } from './api.js';
import { parseScan, scanTarget } from './scan-input.js';
import * as beep from './scan-feedback.js';
import * as outbox from './scan-outbox.js';
import { openCamera } from './scan-camera.js';

export { outbox, beep, h };

const GS_SETTING = 'unitrace.handheld.gs';
const DEVICE_SETTING = 'unitrace.handheld.device';

/** The character this device's keyboard-wedge scanner sends for GS (empty: it sends GS itself). */
export function gsReplacement() {
  return localStorage.getItem(GS_SETTING) || '';
}

export function setGsReplacement(c) {
  localStorage.setItem(GS_SETTING, c || '');
}

/** A name for this device in the scan record, made once. */
export function device() {
  let d = localStorage.getItem(DEVICE_SETTING);
  if (!d) {
    d = `hh-${outbox.uuid().slice(0, 8)}`;
    localStorage.setItem(DEVICE_SETTING, d);
  }
  return d;
}

const PAGES = [
  ['receive', 'Receive'], ['transfer', 'Transfer'], ['ship', 'Ship'],
  ['sell', 'Sell'], ['returns', 'Returns'],
];

function headerBar(current) {
  const top = document.querySelector('header.hh-top');
  top.innerHTML = `
    <a class="hh-home" href="/ui/scan/index.html" aria-label="Handheld menu">☰</a>
    <nav>${PAGES.map(([id, label]) => `<a href="/ui/scan/${id}.html" class="${id === current ? 'current' : ''}">${label}</a>`).join('')}</nav>
    <span id="net" class="hh-net"></span>`;
}

const CAMERA_ICON = '<svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true"><path fill="currentColor" d="M9 3 7.2 5H4a2 2 0 0 0-2 2v11a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2V7a2 2 0 0 0-2-2h-3.2L15 3H9zm3 5a5 5 0 1 1 0 10 5 5 0 0 1 0-10zm0 2a3 3 0 1 0 0 6 3 3 0 0 0 0-6z"/></svg>';

/**
 * Puts the scan field, the camera box, the outbox line and the log where the page has its
 * `.hh-scan-area`, and the stolen-unit alert at the end of the page.
 */
function scanArea() {
  const area = document.querySelector('.hh-scan-area');
  const t = document.createElement('template');
  t.innerHTML = `
  <form class="hh-scan" id="scan-form" autocomplete="off">
    <input id="scan" name="scan" autocomplete="off" autocapitalize="off" spellcheck="false"
           placeholder="Scan or type" aria-label="Scan or type a code">
    <button type="submit" id="scan-go" aria-label="Enter">⏎</button>
    <button type="button" id="camera-open" class="secondary" aria-label="Scan with the camera">${CAMERA_ICON}</button>
  </form>
  <div id="camera" class="hh-camera" hidden><div id="camera-view"></div>
    <button type="button" id="camera-close" class="secondary">Close camera</button></div>
  <div id="queue" class="hh-queue" hidden></div>
  <div id="refused"></div>
  <ol id="log" class="hh-log"></ol>`;
  area.replaceWith(t.content);
  document.body.insertAdjacentHTML('beforeend', '<div id="alert" class="hh-alert" role="alertdialog" hidden></div>');
}

/** Text of a problem answer: its detail, and each listed problem. */
export function problemText(body, status) {
  if (!body) return `HTTP ${status}`;
  let text = body.detail || body.title || `HTTP ${status}`;
  return text;
}

let logList;

/** Adds an answer to the page's log (newest first) and gives its sound. */
export function log(kind, title, detail = '') {
  const li = document.createElement('li');
  li.className = `hh-entry ${kind}`;
  li.innerHTML = `<div class="hh-entry-title">${h(title)}</div>${detail ? `<div class="hh-entry-detail">${h(detail)}</div>` : ''}`;
  logList.prepend(li);
  while (logList.children.length > 50) logList.lastElementChild.remove();
  if (!document.getElementById('alert').hidden) return li; // the alarm sounds on; nothing over it
  if (kind === 'ok') beep.ok();
  else if (kind === 'queued') beep.queued();
  else if (kind === 'fail') beep.fail();
  return li;
}

/**
 * Shows the stolen-unit alert when an answer carries one (a scan answer, or an answer that holds a
 * scan answer); answers true when it did.
 */
export function raiseAlerts(answer) {
  const scan = answer?.units ? answer : answer?.scan;
  const alerts = scan?.alerts || [];
  const flagged = (scan?.units || []).filter((u) => u.stolen);
  if (alerts.length === 0 && flagged.length === 0) return false;
  const box = document.getElementById('alert');
  box.innerHTML = `
    <div class="hh-alert-title">⚠ ${h(flagged[0]?.stolen?.kind || alerts[0]?.kind || 'STOLEN')} UNIT</div>
    ${flagged.map((u) => `<div class="hh-alert-serial">${h(u.serial)}</div>
      <div>reported ${h(u.stolen.kind)} by ${h(u.stolen.reportedBy)}${u.stolen.policeReference ? ` (police reference ${h(u.stolen.policeReference)})` : ''}</div>`).join('')}
    <div>${alerts.length ? `Alert ${alerts.map((a) => `#${a.id}`).join(', ')} raised: security has been told.` : ''}</div>
    <div>Keep the unit apart; do not ship, sell or put it away.</div>
    <button type="button" id="alert-close" class="hh-big">I have put it aside</button>`;
  box.hidden = false;
  box.querySelector('#alert-close').addEventListener('click', () => { box.hidden = true; focusScan(); });
  beep.alarm();
  return true;
}

/** Renders the outbox: what is queued on this device, and what the server refused from it. */
function renderOutbox() {
  const queue = outbox.queuedItems();
  const q = document.getElementById('queue');
  q.hidden = queue.length === 0;
  q.innerHTML = queue.length === 0 ? '' : `
    <div class="hh-queue-title">${queue.length} waiting to be sent${outbox.isSessionLost() ? ' — your session ended: <a href="/login">log in again</a>, nothing queued is lost' : ' (no connection to the server)'}</div>
    <ul>${queue.map((i) => `<li>${h(i.label)} <span class="muted">${h(new Date(i.at).toLocaleTimeString())}</span></li>`).join('')}</ul>`;
  const refused = outbox.refusedItems();
  const r = document.getElementById('refused');
  r.innerHTML = refused.map((i) => `
    <div class="hh-entry fail" data-key="${h(i.key)}">
      <div class="hh-entry-title">Refused after queueing: ${h(i.label)}</div>
      <div class="hh-entry-detail">${h(problemText(i.problem, i.status))}</div>
      <button type="button" class="small secondary" data-dismiss="${h(i.key)}">Dismiss</button></div>`).join('');
  r.querySelectorAll('[data-dismiss]').forEach((b) => b.addEventListener('click', () => outbox.dismissRefused(b.dataset.dismiss)));
  const net = document.getElementById('net');
  net.textContent = queue.length ? `⏳ ${queue.length}` : '●';
  net.className = `hh-net ${queue.length ? 'waiting' : 'online'}`;
}

export function focusScan() {
  const input = document.getElementById('scan');
  if (input && document.getElementById('alert').hidden) input.focus();
}

/**
 * Wires a handheld page. onScan(parsed) handles one scan (parsed by scan-input.js); its errors are
 * logged as failures. onDelivered(answer) gets answers to changes queued earlier.
 */
export function startPage({ id, onScan, onDelivered = () => {}, takesLots = false }) {
  headerBar(id);
  scanArea();
  logList = document.getElementById('log');
  beep.unlockOnFirstGesture();
  const form = document.getElementById('scan-form');
  const input = document.getElementById('scan');
  input.addEventListener('keydown', (e) => {
    // a wedge scanner that cannot send GS (char 29) as itself often sends Ctrl+]
    if (e.ctrlKey && (e.key === ']' || e.code === 'BracketRight' || e.keyCode === 221)) {
      e.preventDefault();
      const at = input.selectionStart ?? input.value.length;
      input.value = `${input.value.slice(0, at)}\u001d${input.value.slice(input.selectionEnd ?? at)}`;
      input.setSelectionRange(at + 1, at + 1);
    }
  });
  let busy = Promise.resolve();
  const handle = (raw) => {
    const parsed = parseScan(raw, { gsReplacement: gsReplacement() });
    parsed.scannedAt = new Date().toISOString();
    busy = busy.then(async () => {
      if (parsed.error) {
        log('fail', `Cannot read the scan: ${parsed.error}`, printable(raw));
        return;
      }
      if (parsed.lotLabel && !takesLots) {
        log('fail', `A supplier lot label ((01)${parsed.gtin} (10)${parsed.lot}), not a unit or a package: lots are received on the Receive page`, printable(raw));
        return;
      }
      try {
        await onScan(parsed);
      } catch (e) {
        log('fail', e.message || String(e), printable(raw));
      }
      enrich(parsed);
    });
    return busy;
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const raw = input.value;
    input.value = '';
    if (raw.trim() !== '') handle(raw);
    focusScan();
  });
  document.addEventListener('keydown', (e) => {
    const t = e.target;
    if (!['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON'].includes(t.tagName) && e.key.length === 1 && !e.ctrlKey && !e.metaKey) {
      focusScan(); // a wedge scan starting while nothing has the focus still lands in the scan field
    }
  });
  let stopCamera = null;
  const cameraBox = document.getElementById('camera');
  document.getElementById('camera-open').addEventListener('click', async () => {
    if (stopCamera) return;
    cameraBox.hidden = false;
    try {
      stopCamera = await openCamera(document.getElementById('camera-view'), (text) => handle(text),
        (state) => { cameraBox.dataset.state = state; });
      cameraBox.dataset.state = 'running';
    } catch (e) {
      cameraBox.hidden = true;
      log('fail', `Camera: ${e.message || e.name}`);
    }
  });
  document.getElementById('camera-close').addEventListener('click', () => {
    if (stopCamera) stopCamera();
    stopCamera = null;
    cameraBox.hidden = true;
    focusScan();
  });
  outbox.onChange(renderOutbox);
  outbox.onDelivered((answer) => {
    renderOutbox();
    if (answer.ok) raiseAlerts(answer.body);
    onDelivered(answer);
  });
  renderOutbox();
  outbox.flush();
  focusScan();
  return { handle };
}

function printable(raw) {
  return String(raw).replaceAll('\u001d', '<GS>');
}

let decodeAvailable = true;

/** Asks the core to name the elements of a GS1 code, where it offers that; nothing depends on it. */
async function enrich(parsed) {
  if (!decodeAvailable || !parsed.gs1) return;
  try {
    const res = await fetch('/api/labels/decode', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-XSRF-TOKEN': csrfToken() },
      body: JSON.stringify({ data: parsed.raw }),
      credentials: 'same-origin',
    });
    if (res.status === 404 || res.status === 405 || res.status === 403) {
      decodeAvailable = false;
      return;
    }
    if (!res.ok) return;
    const decoded = await res.json();
    const entry = logList.firstElementChild;
    if (entry && decoded.elements) {
      const d = document.createElement('div');
      d.className = 'hh-entry-detail';
      d.textContent = decoded.elements.map((e) => `${e.title || e.ai}: ${e.value}`).join(' · ');
      entry.appendChild(d);
    }
  } catch (e) {
    // offline: the device's own reading stands
  }
}

/** The request body of a scan for /api/scans and /api/handheld/moves. */
export function scanBody(parsed, page, location) {
  return { code: parsed.code, ...scanTarget(parsed), page, location: location || null, device: device(), scannedAt: parsed.scannedAt };
}

/**
 * Records a scan with the core and answers its answer (unit, place, stolen, alerts raised), raising
 * the alert on the screen; when the core cannot be reached the scan is queued and null answered.
 */
export async function recordScan(parsed, page, location) {
  const target = scanTarget(parsed);
  const answer = await outbox.send('POST', '/api/scans', scanBody(parsed, page, location), `scan ${target.sscc || target.serial} (${page})`);
  if (answer.queued) return null;
  if (!answer.ok) throw new Error(problemText(answer.body, answer.status));
  raiseAlerts(answer.body);
  return answer.body;
}

/** The locations, from the core, else as last seen on this device. */
export async function locations() {
  try {
    const list = await api('/api/locations');
    localStorage.setItem('unitrace.handheld.locations', JSON.stringify(list.map((l) => l.code)));
    return new Set(list.map((l) => l.code));
  } catch (e) {
    return new Set(JSON.parse(localStorage.getItem('unitrace.handheld.locations') || '[]'));
  }
}

/** Remembers a value of this page on the device (the location scanned, a draft). */
export function remember(key, value) {
  if (value === null || value === undefined) localStorage.removeItem(`unitrace.handheld.${key}`);
  else localStorage.setItem(`unitrace.handheld.${key}`, JSON.stringify(value));
}

export function recall(key) {
  try {
    return JSON.parse(localStorage.getItem(`unitrace.handheld.${key}`));
  } catch (e) {
    return null;
  }
}

export function describePlace(p) {
  if (!p) return 'at no location yet';
  if (p.location) return `at ${p.location}`;
  if (p.shipmentId) return `on shipment #${p.shipmentId}`;
  return `at customer ${p.customer}`;
}

export { api };

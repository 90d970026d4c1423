// Transfer between locations by scan: source, destination, then each unit or SSCC (a whole pallet).
import { startPage, log, locations, remember, recall, outbox, scanBody, problemText, raiseAlerts } from './scan-kit.js';

let state = recall('transfer') || { from: null, to: null };
const known = await locations();
const step = document.getElementById('step');

function show() {
  document.getElementById('from').textContent = `from: ${state.from || '–'}`;
  document.getElementById('to').textContent = `to: ${state.to || '–'}`;
  document.getElementById('from').classList.toggle('set', !!state.from);
  document.getElementById('to').classList.toggle('set', !!state.to);
  step.textContent = !state.from ? 'Scan the source location' : !state.to ? 'Scan the destination location' : 'Scan units or pallets (SSCC)';
  remember('transfer', state);
}

function report(answer, what) {
  if (answer.queued) {
    log('queued', `Queued: ${what}`, 'will be sent when the server answers');
  } else if (!answer.ok) {
    log('fail', `Not moved: ${what}`, problemText(answer.body, answer.status));
  } else {
    raiseAlerts(answer.body);
    const moved = answer.body.moved;
    log('ok', moved.length === 0 ? `${what} is already in ${answer.body.to}`
      : `Moved ${moved.length === 1 ? moved[0].serial : `${moved.length} units`} to ${answer.body.to}`,
    moved.length > 1 ? moved.map((m) => m.serial).join(', ') : '');
  }
}

startPage({
  id: 'transfer',
  async onScan(parsed) {
    const isLocation = !parsed.gs1 && known.has(parsed.code);
    if (isLocation && (!state.from || !state.to)) {
      if (!state.from) state.from = parsed.code;
      else if (parsed.code === state.from) throw new Error(`${parsed.code} is the source already: scan the destination`);
      else state.to = parsed.code;
      show();
      log('info', `${state.to ? 'To' : 'From'} ${parsed.code}`);
      return;
    }
    if (!state.from || !state.to) {
      throw new Error(`'${parsed.code}' is not a known location: scan the ${state.from ? 'destination' : 'source'} location first`);
    }
    if (isLocation) {
      throw new Error(`${parsed.code} is a location; press "New transfer" to change the locations`);
    }
    const what = parsed.sscc ? `SSCC ${parsed.sscc}` : parsed.serial || parsed.code;
    report(await outbox.send('POST', '/api/handheld/moves',
      { mode: 'TRANSFER', from: state.from, to: state.to, scan: scanBody(parsed, 'transfer', state.to) },
      `transfer ${what} ${state.from} → ${state.to}`), what);
  },
  onDelivered(answer) {
    if (answer.item.path === '/api/handheld/moves') report(answer, answer.item.body.scan.sscc || answer.item.body.scan.serial);
  },
});
document.getElementById('new-transfer').addEventListener('click', () => {
  state = { from: null, to: null };
  show();
});
show();

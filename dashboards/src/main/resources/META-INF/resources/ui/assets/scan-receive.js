// Receive into stock: scan the location, then the units (or the SSCC of a pallet arriving). The
// server decides where each comes from (off a line, another location, a shipment to us).
import { startPage, log, locations, remember, recall, outbox, scanBody, problemText, raiseAlerts } from './scan-kit.js';

let location = recall('receive.location');
const known = await locations();
const chip = document.getElementById('location');
const step = document.getElementById('step');

function show() {
  chip.textContent = location ? `into ${location}` : 'no location';
  chip.classList.toggle('set', !!location);
  step.textContent = location ? 'Scan the units or pallets' : 'Scan the location';
}

function setLocation(code) {
  location = code;
  remember('receive.location', code);
  show();
}

function report(answer, what) {
  if (answer.queued) {
    log('queued', `Queued: ${what} into ${location}`, 'will be sent when the server answers');
    return;
  }
  if (!answer.ok) {
    raiseAlerts(answer.body?.scan ? answer.body : null);
    log('fail', `Not received: ${what}`, problemText(answer.body, answer.status));
    return;
  }
  raiseAlerts(answer.body);
  const moved = answer.body.moved;
  if (moved.length === 0) {
    log('ok', `${what} is already in ${answer.body.to}`);
  } else {
    log('ok', `Received ${moved.length === 1 ? moved[0].serial : `${moved.length} units`} into ${answer.body.to}`,
      moved.map((m) => `${m.serial} from ${m.from || 'no location'}`).join(', '));
  }
}

startPage({
  id: 'receive',
  async onScan(parsed) {
    if (!parsed.gs1 && known.has(parsed.code)) {
      setLocation(parsed.code);
      log('info', `Location ${parsed.code}`);
      return;
    }
    if (!location) {
      throw new Error(`'${parsed.code}' is not a known location: scan the location first`);
    }
    const what = parsed.sscc ? `SSCC ${parsed.sscc}` : parsed.serial || parsed.code;
    report(await outbox.send('POST', '/api/handheld/moves',
      { mode: 'RECEIVE', to: location, scan: scanBody(parsed, 'receive', location) },
      `receive ${what} into ${location}`), what);
  },
  onDelivered(answer) {
    if (answer.item.path === '/api/handheld/moves') report(answer, answer.item.body.scan.sscc || answer.item.body.scan.serial);
  },
});
document.getElementById('change-location').addEventListener('click', () => setLocation(null));
show();

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

/** The supplier last named for a part on this device, so it is asked once per part. */
function supplierFor(gtin) {
  return (recall('receive.suppliers') || {})[gtin] || null;
}

function rememberSupplier(gtin, supplier) {
  remember('receive.suppliers', { ...(recall('receive.suppliers') || {}), [gtin]: supplier });
}

function reportLot(answer, what) {
  if (answer.queued) {
    log('queued', `Queued: ${what} into ${location}`, 'will be sent when the server answers');
    return;
  }
  if (!answer.ok) {
    log('fail', `Not received: ${what}`, problemText(answer.body, answer.status));
    return;
  }
  const l = answer.body;
  log('ok', `Received lot ${l.lot} of ${l.partNumber} into ${l.location}`,
    `${l.quantity != null ? `${l.quantity} from ` : 'from '}${l.supplier}${l.announced ? ' (announced)' : ''}`);
}

/** A supplier's lot label: the goods receipt of that lot, at this location. */
async function receiveLot(parsed, supplier = supplierFor(parsed.gtin)) {
  const what = `lot ${parsed.lot} (GTIN ${parsed.gtin})`;
  const body = { gtin: parsed.gtin, lot: parsed.lot, quantity: parsed.count, supplier, location,
    scan: scanBody(parsed, 'receive', location) };
  const answer = await outbox.send('POST', '/api/handheld/lot-receipts', body, `receive ${what} into ${location}`);
  if (!answer.queued && answer.status === 422 && answer.body?.field === 'supplier') {
    // neither announced nor received before: the clerk names the supplier once for this part
    outbox.dismissRefused(answer.item.key); // answered here, not a refusal to keep showing
    const named = window.prompt(`${answer.body.detail}\nSupplier:`);
    if (named && named.trim()) {
      rememberSupplier(parsed.gtin, named.trim());
      await receiveLot(parsed, named.trim());
      return;
    }
  }
  reportLot(answer, what);
}

startPage({
  id: 'receive',
  takesLots: true,
  async onScan(parsed) {
    if (!parsed.gs1 && known.has(parsed.code)) {
      setLocation(parsed.code);
      log('info', `Location ${parsed.code}`);
      return;
    }
    if (!location) {
      throw new Error(`'${parsed.code}' is not a known location: scan the location first`);
    }
    if (parsed.lotLabel) {
      await receiveLot(parsed);
      return;
    }
    const what = parsed.sscc ? `SSCC ${parsed.sscc}` : parsed.serial || parsed.code;
    report(await outbox.send('POST', '/api/handheld/moves',
      { mode: 'RECEIVE', to: location, scan: scanBody(parsed, 'receive', location) },
      `receive ${what} into ${location}`), what);
  },
  onDelivered(answer) {
    if (answer.item.path === '/api/handheld/moves') report(answer, answer.item.body.scan.sscc || answer.item.body.scan.serial);
    if (answer.item.path === '/api/handheld/lot-receipts') reportLot(answer, `lot ${answer.item.body.lot}`);
  },
});
document.getElementById('change-location').addEventListener('click', () => setLocation(null));
show();

// Sell / register warranty: each unit scanned is sold on the order at once (one sale a scan, with
// an idempotency key), and its warranty is shown as the core now reckons it.
import { startPage, log, outbox, recordScan, problemText, api, h, remember, recall } from './scan-kit.js';

const $ = (id) => document.getElementById(id);
const saved = recall('sell') || {};
$('order').value = saved.order || '';
$('order-line').value = saved.orderLine || '';

async function fillCustomers() {
  const customers = await api('/api/customers').catch(() => []);
  $('customer').innerHTML = `<option value="">–</option>${customers.map((c) => `<option value="${h(c.reference)}">${h(c.reference)} ${h(c.name)}</option>`).join('')}`;
  $('customer').value = saved.customer || '';
}

['order', 'customer', 'order-line'].forEach((id) => $(id).addEventListener('change', () => remember('sell', {
  order: $('order').value.trim(), customer: $('customer').value, orderLine: $('order-line').value.trim(),
})));

async function warranty(serial) {
  try {
    const w = await api(`/api/units/${encodeURIComponent(serial)}/warranty`);
    return `warranty: ${w.status.replaceAll('_', ' ').toLowerCase()}${w.until ? ` until ${w.until}` : ''}${w.reason ? ` (${w.reason})` : ''}`;
  } catch (e) {
    return '';
  }
}

async function sold(answer, serial) {
  if (answer.queued) {
    log('queued', `Sale of ${serial} queued`, 'it will be recorded when the server answers');
  } else if (!answer.ok) {
    log('fail', `Not sold: ${serial}`, problemText(answer.body, answer.status));
  } else {
    const sale = answer.body[0];
    log('ok', `${serial} sold on ${sale.orderNumber} to ${sale.customer}`, await warranty(serial));
  }
}

startPage({
  id: 'sell',
  async onScan(parsed) {
    const order = $('order').value.trim();
    const customer = $('customer').value;
    if (!order || !customer) throw new Error('Enter the order number and choose the customer first');
    const serial = parsed.serial || parsed.code;
    const scan = await recordScan(parsed, 'sell', null);
    if (scan) {
      const unit = scan.units[0];
      if (!unit?.known) throw new Error(`${serial}: no such unit`);
      if (unit.stolen) throw new Error(`${serial} is reported ${unit.stolen.kind}: not sold`);
    }
    const line = $('order-line').value.trim() || null;
    await sold(await outbox.send('POST', '/api/sales', { orderNumber: order, customer, lines: [{ orderLine: line, serial }] },
      `sell ${serial} on ${order}`), serial);
  },
  onDelivered(answer) {
    if (answer.item.path === '/api/sales') sold(answer, answer.item.body.lines[0].serial);
  },
});
await fillCustomers();

// The handheld menu: the flows, and this device's scanner settings.
import { device, gsReplacement, setGsReplacement, outbox } from './scan-kit.js';

const top = document.querySelector('header.hh-top');
top.innerHTML = '<a class="hh-home" href="/ui/scan/index.html">Unitrace handheld</a>';
const gs = document.getElementById('gs-replacement');
gs.value = gsReplacement();
document.getElementById('save-settings').addEventListener('click', () => setGsReplacement(gs.value));
document.getElementById('device-name').textContent = `Device: ${device()}`;
const queued = outbox.queuedItems().length;
document.getElementById('queue-state').textContent = queued ? `${queued} waiting to be sent` : 'Nothing waiting to be sent';
outbox.flush();

// The device's outbox: every change a handheld page sends is written to localStorage first, with
// an idempotency key made here, then sent; a change that cannot reach the server (no network, the
// server down or restarting) stays queued, shown on the page, and is sent again in order when the
// server answers, with the same key, so the server applies it once. A change the server refuses
// (4xx) leaves the queue but is kept in the "refused" list on the page until dismissed: nothing a
// person scanned is lost silently.

import { csrfToken } from './api.js';

const QUEUE = 'unitrace.handheld.outbox';
const REFUSED = 'unitrace.handheld.refused';
const RETRY_MS = 3000;

const waiting = new Map(); // key -> resolve of a send() made on this page
const listeners = new Set();
let flushing = null;
let timer = null;
let sessionLost = false;

function read(name) {
  try {
    return JSON.parse(localStorage.getItem(name) || '[]');
  } catch (e) {
    return [];
  }
}

function write(name, list) {
  localStorage.setItem(name, JSON.stringify(list));
  listeners.forEach((l) => l());
}

export function queuedItems() {
  return read(QUEUE);
}

export function refusedItems() {
  return read(REFUSED);
}

export function dismissRefused(key) {
  write(REFUSED, read(REFUSED).filter((r) => r.key !== key));
  listeners.forEach((l) => l());
}

export function onChange(listener) {
  listeners.add(listener);
  window.addEventListener('storage', listener); // another tab of the same device
}

export function isSessionLost() {
  return sessionLost;
}

export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = [...b].map((v) => v.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * Sends a change through the outbox. Resolves { status, ok, body, queued }: queued true when the
 * server could not be reached now (the change stays in the outbox and goes later); otherwise the
 * server's answer (ok false for a refusal, whose body is the problem).
 */
export function send(method, path, body, label) {
  const item = { key: uuid(), method, path, body, label, at: new Date().toISOString() };
  write(QUEUE, [...read(QUEUE), item]);
  const answer = new Promise((resolve) => waiting.set(item.key, resolve));
  flush();
  return answer;
}

async function attempt(item) {
  try {
    const res = await fetch(item.path, {
      method: item.method,
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'X-Requested-With': 'XMLHttpRequest',
        'X-XSRF-TOKEN': csrfToken(),
        'Idempotency-Key': item.key,
      },
      body: item.body === undefined ? undefined : JSON.stringify(item.body),
      credentials: 'same-origin',
    });
    if (res.status === 401 || res.status >= 500) {
      return { retry: true, status: res.status };
    }
    let parsed = null;
    try {
      parsed = await res.json();
    } catch (e) {
      parsed = null;
    }
    return { retry: false, status: res.status, ok: res.ok, body: parsed };
  } catch (e) {
    return { retry: true, status: 0 };
  }
}

/** Sends what is queued, oldest first, stopping at the first that cannot get through. */
export function flush() {
  if (flushing) return flushing;
  // cleared in a callback, after the assignment: a run that ends at once must not leave it set
  flushing = (async () => {
    for (;;) {
      const queue = read(QUEUE);
      if (queue.length === 0) return true;
      const item = queue[0];
      const result = await attempt(item);
      sessionLost = result.status === 401;
      if (result.retry) {
        const resolve = waiting.get(item.key);
        if (resolve) {
          waiting.delete(item.key);
          resolve({ queued: true, status: result.status, item });
        }
        // everything queued behind it waits too: answer their pages now, they go later
        for (const later of queue.slice(1)) {
          const r = waiting.get(later.key);
          if (r) { waiting.delete(later.key); r({ queued: true, status: result.status, item: later }); }
        }
        schedule();
        listeners.forEach((l) => l());
        return false;
      }
      write(QUEUE, read(QUEUE).filter((q) => q.key !== item.key));
      if (!result.ok) {
        write(REFUSED, [...read(REFUSED), { ...item, status: result.status, problem: result.body }]);
      }
      const resolve = waiting.get(item.key);
      if (resolve) {
        waiting.delete(item.key);
        resolve({ queued: false, ok: result.ok, status: result.status, body: result.body, item });
      } else {
        delivered.forEach((d) => d({ ok: result.ok, status: result.status, body: result.body, item }));
      }
    }
  })().then((drained) => {
    flushing = null;
    // a change sent by a page while this run was ending (from the answer it had just been given)
    // found it still set: it goes now (a run that stopped on a failure waits for its retry)
    if (drained && read(QUEUE).length > 0) flush();
  }, (e) => {
    flushing = null;
    throw e;
  });
  return flushing;
}

const delivered = new Set();

/** Called with each answer to a change queued earlier (sent after the page had given up on it). */
export function onDelivered(listener) {
  delivered.add(listener);
}

function schedule() {
  if (timer) return;
  timer = setTimeout(() => {
    timer = null;
    flush();
  }, RETRY_MS);
}

window.addEventListener('online', () => flush());

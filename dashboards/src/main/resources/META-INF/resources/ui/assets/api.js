// Shared by every page: calls to the core on the browser session, escaping, formatting, the header.

/** The CSRF token the core put in the XSRF-TOKEN cookie; sent back on every change. */
export function csrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/);
  return m ? decodeURIComponent(m[1]) : '';
}

/** An error from the core, with its problem detail as the message. */
export class ApiError extends Error {
  constructor(status, detail) {
    super(detail || `HTTP ${status}`);
    this.status = status;
  }
}

/** Fetches JSON from the core; a lost session goes back to the login form. */
export async function api(path, { method = 'GET', body, raw = false } = {}) {
  const headers = { 'X-Requested-With': 'XMLHttpRequest', Accept: 'application/json' };
  if (method !== 'GET') {
    headers['X-XSRF-TOKEN'] = csrfToken();
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (res.status === 401) {
    location.href = '/login';
    throw new ApiError(401, 'not logged in');
  }
  if (!res.ok) {
    let detail = '';
    try {
      const problem = await res.json();
      detail = problem.detail || problem.title || '';
    } catch (e) {
      detail = res.statusText;
    }
    throw new ApiError(res.status, detail);
  }
  if (raw) {
    return res;
  }
  return res.status === 204 ? null : res.json();
}

/** Escapes text for HTML. */
export function h(value) {
  if (value === null || value === undefined) {
    return '';
  }
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Builds an element from HTML text (trusted templates; data goes through h()). */
export function el(html) {
  const t = document.createElement('template');
  t.innerHTML = html.trim();
  return t.content.firstElementChild;
}

export function time(iso) {
  if (!iso) {
    return '';
  }
  const d = new Date(iso);
  return d.toLocaleString(undefined, {
    year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
}

export function pct(fraction) {
  return fraction === null || fraction === undefined ? '–' : `${(fraction * 100).toFixed(1)} %`;
}

export function num(value, digits = 0) {
  return value === null || value === undefined ? '–' : Number(value).toFixed(digits);
}

export function seconds(ms) {
  return ms === null || ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`;
}

export function unitLink(serial) {
  return serial ? `<a class="serial" href="/ui/unit.html?serial=${encodeURIComponent(serial)}">${h(serial)}</a>` : '';
}

/** Shows an error (or clears it) in a page's message area. */
export function showError(target, error) {
  target.textContent = error ? (error.message || String(error)) : '';
  target.hidden = !error;
}

/**
 * One value as a CSV cell, by the rule of mes-core's CSV writer (docs/security.md): a number is
 * data and is written as it is; text that a spreadsheet would run as a formula (it starts with
 * = + - @, a tab or a CR) gets a leading single quote and is quoted; text with a comma, quote,
 * line break, tab or semicolon is quoted.
 */
export function csvCell(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  let s = String(v);
  const formula = /^[=+\-@\t\r]/.test(s);
  if (formula) s = `'${s}`;
  return formula || /[",\r\n\t;]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A link that downloads rows as CSV, made in the browser; every cell goes through csvCell. */
export function csvLink(filename, header, rows, label = 'CSV') {
  const text = [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  a.download = filename;
  a.className = 'button small';
  a.textContent = label;
  return a;
}

/** The header: brand, navigation (the current page marked), who is logged in, log out. */
export async function header(current) {
  const nav = document.querySelector('header.top');
  const pages = [
    ['production', 'Production', '/ui/production.html'],
    ['unit', 'Unit lookup', '/ui/unit.html'],
    ['quality', 'Quality', '/ui/quality.html'],
    ['scan', 'Handheld', '/ui/scan/index.html'],
  ];
  nav.innerHTML = `
    <a class="brand" href="/ui/production.html">Unitrace</a>
    <nav>${pages.map(([id, label, href]) =>
      `<a href="${href}" id="nav-${id}" class="${id === current ? 'current' : ''}">${label}</a>`).join('')}</nav>
    <div class="who">
      <span id="who"></span>
      <form method="post" action="/logout"><input type="hidden" name="_csrf">
        <button type="submit" class="link">Log out</button></form>
    </div>`;
  nav.querySelector('form').addEventListener('submit', (e) => {
    e.target.querySelector('input[name=_csrf]').value = csrfToken();
  });
  try {
    const me = await api('/api/me');
    nav.querySelector('#who').textContent = me.username || me.name || '';
    return me;
  } catch (e) {
    return null;
  }
}

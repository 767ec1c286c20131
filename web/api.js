// Calls to the service's API from the browser: the session cookie goes by
// itself; every write carries the session's CSRF token and an
// Idempotency-Key (a form sends the same one again when the user retries
// it, so it is recorded once).
let csrf = '';

export function setCsrf(token) { csrf = token || ''; }

export class Problem extends Error {
  constructor(status, body) {
    super(body.detail || body.title || String(status));
    this.status = status;
    this.field = body.field || '';
    this.code = body.code || '';
    this.errors = body.errors || [];  // a batch's bad rows: {line, field, message}
  }
}

// Reads belong to the page that asked for them: opening another page aborts
// the reads still on their way for the last one, so that a late answer (a
// slow connection, two quick clicks in the menu) is never drawn into the
// page shown. Writes are never aborted.
let pageReads = new AbortController();
export function newPage() {
  pageReads.abort();
  pageReads = new AbortController();
}
export function isAborted(err) { return Boolean(err) && err.name === 'AbortError'; }

async function call(method, path, body, key) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrf;
    // Bytes (a CSV batch) go as they are; anything else as JSON.
    headers['Content-Type'] = body instanceof ArrayBuffer ? 'text/csv' : 'application/json';
    headers['Idempotency-Key'] = key || crypto.randomUUID();
  }
  const r = await fetch(path, {
    method, headers, credentials: 'same-origin',
    signal: method === 'GET' ? pageReads.signal : undefined,
    body: body === undefined || body instanceof ArrayBuffer ? body : JSON.stringify(body),
  });
  const text = await r.text();
  let data = {};
  try { data = text ? JSON.parse(text) : {}; } catch { data = { detail: text }; }
  if (!r.ok) throw new Problem(r.status, data);
  return data;
}

export const get = (path) => call('GET', path);
// `key`: the Idempotency-Key, the same for a retry of the same request (a
// new one when none is given).
export const post = (path, body = {}, key = undefined) => call('POST', path, body, key);
export const del = (path) => call('DELETE', path);

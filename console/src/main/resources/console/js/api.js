/*
 * The console's API calls: JSON in and out, the session cookie (same origin). State changes carry a JSON body,
 * which with the browser's Origin header is what the console's cross-origin guard (RequestGuard) asks for.
 */

let unauthorized = () => {};

/** What to do when the session is gone (401 on anything but the login itself). */
export function onUnauthorized(fn) { unauthorized = fn; }

/** One call; resolves with the parsed answer, rejects with an Error carrying status and data. */
export async function api(method, path, body) {
  const o = {method, headers: {}, credentials: 'same-origin'};
  if (body !== undefined) {
    o.headers['Content-Type'] = 'application/json';
    o.body = JSON.stringify(body);
  }
  const r = await fetch(path, o);
  const t = await r.text();
  let data = null;
  try { data = t ? JSON.parse(t) : null; } catch (e) { data = {error: t}; }
  if (r.status === 401 && path !== '/api/login') unauthorized();
  if (!r.ok) {
    const err = new Error((data && data.error) || ('HTTP ' + r.status));
    err.status = r.status;
    err.data = data;
    throw err;
  }
  return data;
}

/*
 * Command modes, pure: the answer of GET /api/modes and the live "mode" events (one entry each), every region's
 * effective mode (its own, else its parent's, the county's default daily), and what the header shows.
 */

export const MODES = ['daily', 'holiday', 'emergency'];
export const DEFAULT_MODE = 'daily';

/** A mode from the closed set, else null. */
export function mode(m) { return MODES.indexOf(m) >= 0 ? m : null; }

/** The state from GET /api/modes: {entries: Map id -> entry, order: [ids], canSwitch: Set}. */
export function fromResponse(resp) {
  const entries = new Map();
  const order = [];
  for (const e of (resp && resp.modes) || []) {
    if (!e || typeof e.region !== 'string') continue;
    entries.set(e.region, Object.assign({}, e, {mode: mode(e.mode), effective: mode(e.effective) || DEFAULT_MODE}));
    order.push(e.region);
  }
  const st = {entries, order, canSwitch: new Set(((resp && resp.canSwitch) || []).filter((x) => typeof x === 'string'))};
  recompute(st);
  return st;
}

/**
 * Every entry's effective mode from the own modes: its own, else the nearest ancestor's in the list, else the
 * effective mode the server gave for the highest listed ancestor (a township user's parent county is not listed).
 */
export function recompute(st) {
  const memo = new Map();
  const eff = (id, hops) => {
    if (memo.has(id)) return memo.get(id);
    const e = st.entries.get(id);
    let m;
    if (e.mode) m = e.mode;
    else if (e.parent && st.entries.has(e.parent) && hops < st.entries.size) m = eff(e.parent, hops + 1);
    else m = e.inherited || DEFAULT_MODE;
    memo.set(id, m);
    return m;
  };
  for (const e of st.entries.values()) {
    // What a top region inherits from above the list: the server's effective mode while it has none of its own.
    if (!(e.parent && st.entries.has(e.parent)) && e.inherited === undefined) e.inherited = e.mode ? null : e.effective;
  }
  for (const id of st.entries.keys()) st.entries.get(id).effective = eff(id, 0);
  return st;
}

/** Applies one live "mode" event (an entry of the list); returns true when the region is listed (in the ground). */
export function applyEvent(st, entry) {
  if (!entry || !st.entries.has(entry.region)) return false;
  const e = st.entries.get(entry.region);
  e.mode = mode(entry.mode);
  e.setBy = entry.setBy === undefined ? e.setBy : entry.setBy;
  e.setAtMs = entry.setAtMs === undefined ? e.setAtMs : entry.setAtMs;
  e.reason = entry.reason === undefined ? e.reason : entry.reason;
  if (!(e.parent && st.entries.has(e.parent))) e.inherited = mode(entry.effective) && !e.mode ? entry.effective : e.inherited;
  recompute(st);
  return true;
}

/**
 * What the header shows: for each top region of the list (whose parent is not listed) its effective mode, and
 * every region below whose effective mode differs from its top's: {tops: [{region, name, effective}],
 * exceptions: [{region, name, effective}]} in list order.
 */
export function headerSummary(st) {
  const tops = [];
  const topOf = new Map();
  const findTop = (id) => {
    let r = id;
    for (let hops = 0; hops <= st.entries.size; hops++) {
      const e = st.entries.get(r);
      if (!(e.parent && st.entries.has(e.parent))) return r;
      r = e.parent;
    }
    return r;
  };
  for (const id of st.order) {
    const e = st.entries.get(id);
    if (!(e.parent && st.entries.has(e.parent))) tops.push({region: id, name: e.name || id, effective: e.effective});
    topOf.set(id, findTop(id));
  }
  const exceptions = [];
  for (const id of st.order) {
    const e = st.entries.get(id), top = st.entries.get(topOf.get(id));
    if (id !== topOf.get(id) && e.effective !== top.effective) exceptions.push({region: id, name: e.name || id, effective: e.effective});
  }
  return {tops, exceptions};
}

/** Checks a switch before it is sent: null when fine, else the reason (the server checks again). */
export function validateSwitch(st, region, m, reason) {
  if (!st.canSwitch.has(region)) return 'you may not switch ' + region;
  if (!mode(m)) return 'mode must be one of ' + MODES.join(', ');
  const r = (reason || '').trim();
  if (!r) return 'a reason is required';
  if (r.length > 200) return 'the reason is longer than 200 characters';
  return null;
}

/*
 * The duty board's grouping, pure: the newest transition of every alert, per region of the user's ground, as
 * unacknowledged (opened, escalated, de-escalated), referred (the job referred it up the region tree because nobody
 * acknowledged it in time) and acknowledged (by whom, when). Resolved alerts are done and left out.
 */

/** Which column an alert's newest state belongs in, or null for a resolved one. */
export function dutyColumn(state) {
  if (state === 'acknowledged') return 'acknowledged';
  if (state === 'referred') return 'referred';
  if (state === 'resolved') return null;
  return 'unacknowledged';
}

/** The key of alerts whose site the registry does not know. */
export const UNREGISTERED = '';

/** The pseudo-site of a region's own alerts (device health judged per region): `_region-<region id>`. */
export const REGION_SITE = '_region-';

/** The region an alert belongs to: a region alert's own region, else its site's (`regionOfSite`), or null. */
export function alertRegion(site, regionOfSite) {
  if (typeof site === 'string' && site.startsWith(REGION_SITE)) return site.slice(REGION_SITE.length) || null;
  return regionOfSite(site);
}

/**
 * Groups alerts ({id -> newest transition}) by the region of their site: Map region -> {unacknowledged: [],
 * referred: [], acknowledged: []}, each list newest first (by updatedAt). `regionOfSite(site)` gives the region or
 * null (grouped under UNREGISTERED); a region's own alerts (site `_region-<id>`) go to that region.
 */
export function groupByRegion(alertStates, regionOfSite) {
  const groups = new Map();
  for (const id of Object.keys(alertStates)) {
    const a = alertStates[id];
    const col = dutyColumn(a.state);
    if (!col) continue;
    const region = alertRegion(a.site, regionOfSite) || UNREGISTERED;
    let g = groups.get(region);
    if (!g) { g = {unacknowledged: [], referred: [], acknowledged: []}; groups.set(region, g); }
    g[col].push(a);
  }
  const t = (a) => { const v = Date.parse(a.updatedAt); return isNaN(v) ? 0 : v; };
  for (const g of groups.values()) for (const k of Object.keys(g)) g[k].sort((a, b) => t(b) - t(a) || (a.id < b.id ? -1 : 1));
  return groups;
}

/**
 * Counts per region over its whole subtree: Map region -> {unacknowledged, referred, acknowledged}, for every
 * region in `order` (ids), using `parentOf(id)` (null at the top). Regions without any alert below have zeros.
 */
export function subtreeCounts(groups, order, parentOf) {
  const out = new Map();
  for (const id of order) out.set(id, {unacknowledged: 0, referred: 0, acknowledged: 0});
  for (const [region, g] of groups) {
    let r = region === UNREGISTERED ? null : region;
    for (let hops = 0; r !== null && r !== undefined && hops <= order.length; hops++) {
      const c = out.get(r);
      if (!c) break;
      c.unacknowledged += g.unacknowledged.length;
      c.referred += g.referred.length;
      c.acknowledged += g.acknowledged.length;
      r = parentOf(r);
    }
  }
  return out;
}

/**
 * Who acknowledged an alert: the transition's `ackedBy` when it has one, else the person (`by`) of the job's accepted
 * ack decision for it (the job's acknowledged transition names the person only in its message), else null.
 */
export function acknowledger(a, ack) {
  if (a.ackedBy) return a.ackedBy;
  return ack && ack.accepted && ack.alertId === a.id && ack.by ? ack.by : null;
}

/** Who acknowledged and when, as one line: "maria at 2026-...Z", or "" for other states. */
export function ackLine(a, fmt, ack) {
  if (a.state !== 'acknowledged') return '';
  return (acknowledger(a, ack) || 'someone') + ' at ' + fmt(a.updatedAt);
}

/**
 * The snapshot parses the feed ({@code alerts}) and each alert's newest transition ({@code alertStates}) apart, so
 * the same transition arrives as two objects. Makes each newest state the feed's own row where they are the same
 * transition (id, state, updatedAt), so that "this row is the alert's newest" (identity) holds for alerts loaded at
 * login as for those that arrive live. Changes alertStates in place and returns it.
 */
export function linkNewest(alerts, alertStates) {
  for (const a of alerts) {
    const s = alertStates[a.id];
    if (s && s !== a && s.state === a.state && s.updatedAt === a.updatedAt) alertStates[a.id] = a;
  }
  return alertStates;
}

/** Where a referred alert went: "township east (referral 2)". */
export function referralLine(a, nameOf) {
  if (a.state !== 'referred') return '';
  const to = a.referredTo ? nameOf(a.referredTo) : 'the level above';
  return 'to ' + to + (a.referredToLevel ? ' (' + a.referredToLevel + ')' : '') + (a.referral ? ', referral ' + a.referral : '')
    + (a.reminder ? ', reminder' : '');
}

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

/** Who acknowledged and when, as one line: "maria at 2026-...Z", or "" for other states. */
export function ackLine(a, fmt) {
  if (a.state !== 'acknowledged') return '';
  return (a.ackedBy || 'someone') + ' at ' + fmt(a.updatedAt);
}

/** Where a referred alert went: "township east (referral 2)". */
export function referralLine(a, nameOf) {
  if (a.state !== 'referred') return '';
  const to = a.referredTo ? nameOf(a.referredTo) : 'the level above';
  return 'to ' + to + (a.referredToLevel ? ' (' + a.referredToLevel + ')' : '') + (a.referral ? ', referral ' + a.referral : '')
    + (a.reminder ? ', reminder' : '');
}

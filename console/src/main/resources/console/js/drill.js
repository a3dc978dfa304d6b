/*
 * The county map's model, pure: an index of the regions and sites of /api/map, the drill-down focus (the whole
 * ground, a region, a site) with its breadcrumb, and the roll-up of site levels to regions (a region's level is the
 * highest level of any site in its subtree), kept by counts so one site's change costs its chain of regions only.
 */
import {RANK, lvl, LEVELS} from './format.js';

/** The top of the drill-down: the user's whole ground (one county, or several roots). */
export const TOP = '';

/**
 * Indexes /api/map: {regions: Map id -> {id, name, level, parent, boundary, children: [ids], sites: [ids]},
 * sites: Map id -> {id, name, region, lat, lon, devices}, roots: [ids of regions whose parent is not in the map]}.
 * Children and sites keep the answer's order.
 */
export function buildIndex(map) {
  const regions = new Map();
  const sites = new Map();
  for (const r of (map && map.regions) || []) {
    regions.set(r.id, {id: r.id, name: r.name || r.id, level: r.level, parent: r.parent || null,
      boundary: r.boundary || null, children: [], sites: []});
  }
  const roots = [];
  for (const r of regions.values()) {
    const p = r.parent && regions.get(r.parent);
    if (p) p.children.push(r.id); else roots.push(r.id);
  }
  for (const s of (map && map.sites) || []) {
    sites.set(s.id, {id: s.id, name: s.name || s.id, region: s.region, lat: s.lat, lon: s.lon, devices: s.devices || 0});
    const r = regions.get(s.region);
    if (r) r.sites.push(s.id);
  }
  return {regions, sites, roots};
}

/** The regions from the top of the ground down to `id` (inclusive); [] for TOP or an unknown region. */
export function chain(index, id) {
  const out = [];
  let r = index.regions.get(id);
  for (let hops = 0; r && hops <= index.regions.size; hops++) {
    out.unshift(r.id);
    r = r.parent ? index.regions.get(r.parent) : null;
  }
  return out;
}

/** The ids of the child regions shown when `id` is in focus (TOP: the roots). */
export function childrenOf(index, id) {
  if (id === TOP) return index.roots.slice();
  const r = index.regions.get(id);
  return r ? r.children.slice() : [];
}

/** Every site id in the subtree of `id` (TOP: all). */
export function sitesBelow(index, id) {
  if (id === TOP) return Array.from(index.sites.keys());
  const out = [];
  const stack = [id];
  while (stack.length) {
    const r = index.regions.get(stack.pop());
    if (!r) continue;
    for (const s of r.sites) out.push(s);
    for (let i = r.children.length - 1; i >= 0; i--) stack.push(r.children[i]);
  }
  return out;
}

/**
 * The focus of a map route's parts after "map": [] -> the top (or the single root, where a county user starts);
 * ["region", id] -> that region; ["site", id] -> that site. Unknown ids fall back to the top.
 */
export function focusOf(index, parts) {
  const kind = parts[0], id = parts[1];
  if (kind === 'site' && index.sites.has(id)) return {kind: 'site', id};
  if (kind === 'region' && index.regions.has(id)) return {kind: 'region', id};
  if (index.roots.length === 1) return {kind: 'region', id: index.roots[0]};
  return {kind: 'region', id: TOP};
}

/** The route of a focus. */
export function hashOf(focus) {
  if (focus.kind === 'site') return '#/map/site/' + encodeURIComponent(focus.id);
  return focus.id === TOP ? '#/map' : '#/map/region/' + encodeURIComponent(focus.id);
}

/** The breadcrumb of a focus: [{label, hash, current}] from the top down. */
export function breadcrumb(index, focus) {
  const out = [];
  const regionId = focus.kind === 'site' ? (index.sites.get(focus.id) || {}).region : focus.id;
  if (index.roots.length !== 1) out.push({label: 'Whole ground', hash: '#/map'});
  for (const id of chain(index, regionId)) {
    const r = index.regions.get(id);
    out.push({label: r.name, hash: hashOf({kind: 'region', id}), level: r.level});
  }
  if (focus.kind === 'site') {
    const s = index.sites.get(focus.id);
    out.push({label: s ? s.name : focus.id, hash: hashOf(focus), level: 'site'});
  }
  if (out.length) out[out.length - 1].current = true;
  return out;
}

/**
 * Site levels rolled up the region tree. set(site, level) returns the ids of the regions whose rolled-up level
 * changed (the site's chain at most); level(region) is the highest level of a site in its subtree ("none" without
 * any); siteLevel(site) the site's own.
 */
export class Rollup {
  constructor(index) {
    this.index = index;
    this.counts = new Map(); // region -> [count of sites per rank]
    this.sites = new Map();
    for (const id of index.regions.keys()) this.counts.set(id, [0, 0, 0, 0, 0]);
    for (const [id, s] of index.sites) {
      this.sites.set(id, 'none');
      for (const r of chain(index, s.region)) this.counts.get(r)[0]++;
    }
  }

  siteLevel(site) { return this.sites.get(site) || 'none'; }

  level(region) {
    const c = this.counts.get(region);
    if (!c) return 'none';
    for (let i = 4; i > 0; i--) if (c[i] > 0) return LEVELS[i];
    return 'none';
  }

  /** Sites of a region's subtree at each level: {none, blue, yellow, orange, red}. */
  tally(region) {
    const c = this.counts.get(region) || [0, 0, 0, 0, 0];
    return {none: c[0], blue: c[1], yellow: c[2], orange: c[3], red: c[4]};
  }

  set(site, level) {
    const s = this.index.sites.get(site);
    if (!s) return [];
    const next = lvl(level), prev = this.sites.get(site);
    if (next === prev) return [];
    this.sites.set(site, next);
    const changed = [];
    for (const r of chain(this.index, s.region)) {
      const before = this.level(r);
      const c = this.counts.get(r);
      c[RANK[prev]]--;
      c[RANK[next]]++;
      if (this.level(r) !== before) changed.push(r);
    }
    return changed;
  }
}

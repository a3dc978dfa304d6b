/*
 * The county map: the registry's region boundaries drawn as SVG (no tiles), sites as dots in their level's colour,
 * regions filled by the highest level of a site below them; click to drill down county -> township -> village ->
 * site, the breadcrumb to go back up. The map's data comes once (GET /api/map); live risk events recolour only the
 * dot of the site and the regions whose rolled-up level changed. A region without a boundary is drawn as the convex
 * hull of its sites (a small square around one or two), and not at all without located sites.
 */
import {$, h, s, fill, clear} from '../dom.js';
import {api} from '../api.js';
import {model, session, perf, toast, mark} from '../store.js';
import {lvl, fmtTs, pct, LEVELS} from '../format.js';
import {fit, pathOf, regionShape, vertices, boundsOf, mergeBounds} from '../geo.js';
import {TOP, Rollup, childrenOf, sitesBelow, focusOf, hashOf, breadcrumb} from '../drill.js';
import {mapIndex} from '../mapdata.js';
import {healthData, healthLevel} from './health.js';
import {alertRow} from './alerts.js';

const W = 1000, H = 680;
let index = null, rollup = null, focus = null;
let siteEls = new Map(), regionEls = new Map();
let health = null; // region -> device health entry, while the layer is on
let drawnKey = null;
const shapes = new Map(); // region -> shape (cached per index)

function sitePoint(id) {
  const x = index.sites.get(id);
  return x && Number.isFinite(x.lon) && Number.isFinite(x.lat) ? [x.lon, x.lat] : null;
}

function shapeOf(region) {
  if (!shapes.has(region)) {
    const r = index.regions.get(region);
    shapes.set(region, r ? regionShape(r.boundary, sitesBelow(index, region).map(sitePoint).filter(Boolean)) : null);
  }
  return shapes.get(region);
}

/** Takes the map index and the site levels of the model. */
function adopt(ix) {
  index = ix;
  shapes.clear();
  rollup = new Rollup(index);
  for (const id of index.sites.keys()) if (model.risks[id]) rollup.set(id, model.risks[id].level);
  drawnKey = null;
}

/** A site's risk changed (live or from a new snapshot): recolour its dot and the regions whose level changed. */
export function siteLevel(site, level) {
  if (!rollup) return;
  const changed = rollup.set(site, level);
  const el = siteEls.get(site);
  const l = lvl(level);
  if (el && el.dataset.level !== l) { el.setAttribute('class', 'dot lvl-' + l); el.dataset.level = l; }
  for (const r of changed) paintRegion(r);
  if (changed.length || el) {
    perf.map.recoloured = (perf.map.recoloured || 0) + 1;
    mark('map-side'); // the side panel's counts, drawn at most once a frame
  }
}

/** Every site level again (after a snapshot). */
export function resync() {
  if (!rollup) return;
  for (const id of index.sites.keys()) siteLevel(id, model.risks[id] ? model.risks[id].level : 'none');
}

function paintRegion(r) {
  const el = regionEls.get(r);
  if (!el) return;
  const l = rollup.level(r);
  const hl = health ? healthLevel(health.has(r) ? health.get(r).onlineShare : null) : null;
  const cls = 'region lvl-' + l + (hl ? ' health-' + hl : '');
  if (el.getAttribute('class') !== cls) el.setAttribute('class', cls);
  el.dataset.level = l;
  if (hl) el.dataset.health = hl; else delete el.dataset.health;
}

function calm(level) { return level === 'none' ? 'calm' : level; }

function label(r) {
  const t = rollup.tally(r);
  return index.regions.get(r).name + ': ' + rollup.level(r) + ' (' + LEVELS.slice(1).filter((l) => t[l]).map((l) => t[l] + ' ' + l)
    .join(', ') + (LEVELS.slice(1).some((l) => t[l]) ? '' : 'no site in alert') + ')';
}

function draw() {
  const t0 = performance.now();
  const regionId = focus.kind === 'site' ? index.sites.get(focus.id).region : focus.id;
  const key = index.version + '|' + regionId;
  if (drawnKey === key) { highlight(); return 0; }
  const kids = childrenOf(index, regionId);
  const sites = sitesBelow(index, regionId);
  const own = regionId === TOP ? null : shapeOf(regionId);
  let b = own ? boundsOf(vertices(own.geometry)) : null;
  for (const k of kids) { const sh = shapeOf(k); if (sh) b = mergeBounds(b, boundsOf(vertices(sh.geometry))); }
  b = mergeBounds(b, boundsOf(sites.map(sitePoint).filter(Boolean)));
  const proj = fit(b, W, H, 16).project;
  siteEls = new Map();
  regionEls = new Map();
  const gOutline = s('g', {class: 'outline'});
  // The focus's own outline: its boundary; a hull or box only when no child has a shape to show the ground.
  if (own && (own.kind === 'boundary' || !kids.some((k) => shapeOf(k)))) gOutline.appendChild(s('path', {d: pathOf(own.geometry, proj), class: 'focus shape-' + own.kind, 'fill-rule': 'evenodd'}));
  const gRegions = s('g', {class: 'regions'});
  const gLabels = s('g', {class: 'labels'});
  for (const k of kids) {
    const sh = shapeOf(k);
    if (!sh) continue;
    const p = s('path', {d: pathOf(sh.geometry, proj), 'fill-rule': 'evenodd', dataset: {region: k, shape: sh.kind}},
      s('title', null, label(k)));
    regionEls.set(k, p);
    paintRegion(k);
    gRegions.appendChild(p);
    const bb = boundsOf(vertices(sh.geometry));
    const c = proj([(bb.minLon + bb.maxLon) / 2, (bb.minLat + bb.maxLat) / 2]);
    const wide = proj([bb.maxLon, bb.minLat])[0] - proj([bb.minLon, bb.minLat])[0];
    const name = index.regions.get(k).name;
    // A label only where it fits (about 7 px a character at 12 px); the region's title names it on hover.
    if (wide >= 7 * name.length) gLabels.appendChild(s('text', {x: c[0].toFixed(1), y: c[1].toFixed(1), 'text-anchor': 'middle'}, name));
  }
  const gSites = s('g', {class: 'sites'});
  const r = sites.length > 500 ? 3 : sites.length > 100 ? 4.5 : 6;
  for (const id of sites) {
    const pt = sitePoint(id);
    if (!pt) continue;
    const q = proj(pt);
    const l = rollup.siteLevel(id);
    const c = s('circle', {cx: q[0].toFixed(1), cy: q[1].toFixed(1), r, class: 'dot lvl-' + l, dataset: {site: id, level: l}},
      s('title', null, index.sites.get(id).name));
    siteEls.set(id, c);
    gSites.appendChild(c);
  }
  fill($('map'), s('svg', {id: 'map-svg', viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': 'map'}, gOutline, gRegions, gLabels, gSites));
  drawnKey = key;
  highlight();
  return performance.now() - t0;
}

function highlight() {
  const cur = $('map').querySelector('circle.current');
  if (cur) cur.classList.remove('current');
  if (focus.kind === 'site') { const el = siteEls.get(focus.id); if (el) el.classList.add('current'); }
}

function crumbs() {
  fill($('map-crumbs'), breadcrumb(index, focus).map((c, i) => [i ? ' › ' : null,
    c.current ? h('b', {class: 'crumb current'}, c.label) : h('a', {href: c.hash, class: 'crumb'}, c.label)]));
}

function side() {
  const box = $('map-side');
  if (focus.kind === 'site') return siteDetail(box, focus.id);
  const id = focus.id;
  const kids = childrenOf(index, id);
  const t = id === TOP ? null : rollup.tally(id);
  const hv = health && id !== TOP ? health.get(id) : null;
  fill(box,
    h('h3', null, id === TOP ? 'Whole ground' : index.regions.get(id).name + ' (' + index.regions.get(id).level + ')'),
    t ? h('p', {class: 'tally'}, LEVELS.slice().reverse().map((l) => h('span', {class: 'chip lvl-' + l}, t[l] + ' ' + calm(l))).reduce((a, x) => a.concat([x, ' ']), [])) : null,
    hv ? h('p', {class: 'muted'}, 'Devices online ' + hv.online + ' of ' + hv.devices + ' (' + pct(hv.onlineShare) + '), reports today '
      + pct(hv.shareToday)) : null,
    kids.length ? h('ul', {class: 'children'}, kids.map((k) => h('li', null,
      h('span', {class: 'chip lvl-' + rollup.level(k)}, calm(rollup.level(k))), ' ',
      h('a', {href: hashOf({kind: 'region', id: k}), dataset: {region: k}}, index.regions.get(k).name)))) : null,
    id !== TOP && index.regions.get(id).sites.length ? h('ul', {class: 'children'}, index.regions.get(id).sites.map((x) => h('li', null,
      h('span', {class: 'chip lvl-' + rollup.siteLevel(x)}, calm(rollup.siteLevel(x))), ' ',
      h('a', {href: hashOf({kind: 'site', id: x}), dataset: {site: x}}, index.sites.get(x).name)))) : null);
}

function siteDetail(box, id) {
  const x = index.sites.get(id);
  const open = Object.keys(model.alertStates).map((k) => model.alertStates[k])
    .filter((a) => a.site === id && a.state !== 'resolved');
  const risk = model.risks[id] || {level: 'none'};
  const devs = h('tbody', {id: 'map-site-devices'}, h('tr', null, h('td', {class: 'muted', colSpan: 4}, 'loading devices…')));
  fill(box,
    h('h3', null, x.name + ' (' + id + ')'),
    h('p', null, h('span', {class: 'chip lvl-' + lvl(risk.level)}, lvl(risk.level)), ' ', risk.rule || '', ' ',
      h('a', {href: '#/sites/' + encodeURIComponent(id)}, 'sensors and charts')),
    h('h4', null, 'Open alerts'),
    h('table', {class: 'alerts compact'}, h('tbody', {id: 'map-site-alerts'}, open.length ? open.map((a) => alertRow(a, false))
      : h('tr', null, h('td', {class: 'muted'}, 'none')))),
    h('h4', null, 'Devices (' + x.devices + ')'),
    h('table', {class: 'compact'}, h('thead', null, h('tr', null, h('th', null, 'device'), h('th', null, 'kind'), h('th', null, 'value'),
      h('th', null, 'at'))), devs));
  api('GET', '/api/map/sites/' + encodeURIComponent(id)).then((d) => {
    if (focus.kind !== 'site' || focus.id !== id) return;
    fill(devs, d.devices.length ? d.devices.map((v) => {
      const r = model.sensors[v.subject];
      const vals = r && r.values ? Object.keys(r.values).slice(0, 2).map((k) => k + ' ' + r.values[k]).join(', ') : '';
      return h('tr', {dataset: {subject: v.subject}}, h('td', null, v.id), h('td', null, v.kind), h('td', null, vals),
        h('td', null, r ? fmtTs(r.ts) : 'no reading yet'));
    }) : h('tr', null, h('td', {class: 'muted'}, 'no device registered')));
  }).catch((e) => fill(devs, h('tr', null, h('td', {class: 'error'}, e.message))));
}

/** On the route #/map[/region/<id> | /site/<id>]. */
export function show(parts) {
  const t0 = performance.now();
  const first = !index;
  return mapIndex().then((ix) => {
    if (ix !== index) adopt(ix);
    if (!index.sites.size && !index.regions.size) {
      clear($('map'));
      fill($('map-side'), h('p', {class: 'muted'}, 'No registry in force: the map needs one (VIGIL_REGISTRY_FILE or a published version).'));
      return;
    }
    focus = focusOf(index, parts.map((p) => decodeURIComponent(p)));
    const drawMs = draw();
    crumbs();
    side();
    $('map-info').textContent = index.sites.size + ' sites, ' + index.regions.size + ' regions (registry version ' + index.version + ')';
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const ms = performance.now() - t0;
      if (first) perf.map.firstRenderMs = ms;
      perf.map.drills = perf.map.drills || [];
      perf.map.drills.push({focus: focus.kind + ':' + focus.id, ms, drawMs});
      document.body.dataset.map = hashOf(focus);
    }));
  }).catch((e) => toast('map: ' + e.message, true));
}

/** The registry changed: forget what was drawn. */
export function reset() { index = null; rollup = null; drawnKey = null; siteEls = new Map(); regionEls = new Map(); }

/** Whether the map has been drawn (live events recolour it then). */
export function ready() { return !!rollup; }

/** Side panel of a site: refresh its open alerts when alerts arrive. */
export function render(d) {
  if (session.view !== 'map' || !focus || !index) return;
  if (d['map-side'] && focus.kind !== 'site') side();
  if (d.alerts && focus.kind === 'site') {
    const tb = document.getElementById('map-site-alerts');
    if (tb) {
      const open = Object.keys(model.alertStates).map((k) => model.alertStates[k]).filter((a) => a.site === focus.id && a.state !== 'resolved');
      fill(tb, open.length ? open.map((a) => alertRow(a, false)) : h('tr', null, h('td', {class: 'muted'}, 'none')));
    }
  }
}

function toggleHealth() {
  const on = $('map-health').checked;
  $('map').classList.toggle('health', on);
  fill($('map-legend'), on
    ? [['none', 'devices online ≥ 95 %'], ['yellow', '≥ 80 %'], ['orange', '≥ 50 %'], ['red', '< 50 %'], ['unknown', 'no figure']]
      .map(([l, t]) => h('span', {class: 'chip health-chip health-' + l}, t))
    : ['red', 'orange', 'yellow', 'blue', 'none'].map((l) => h('span', {class: 'chip lvl-' + l}, l === 'none' ? 'calm' : l)));
  if (!on) { health = null; regionEls.forEach((el, r) => paintRegion(r)); if (index && focus) side(); return; }
  healthData(false).then((list) => {
    health = new Map(list.map((x) => [x.region, x]));
    regionEls.forEach((el, r) => paintRegion(r));
    if (index && focus) side();
  }).catch((e) => toast('device health: ' + e.message, true));
}

export function init() {
  $('map').addEventListener('click', (e) => {
    const t = e.target;
    if (t.dataset && t.dataset.site) location.hash = hashOf({kind: 'site', id: t.dataset.site});
    else if (t.dataset && t.dataset.region) location.hash = hashOf({kind: 'region', id: t.dataset.region});
  });
  $('map-health').addEventListener('change', toggleHealth);
  toggleHealth();
}

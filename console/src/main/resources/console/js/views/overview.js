/* The overview: a tile per site in its risk colour, the public warnings in force, the newest alerts. */
import {$, h, fill, rows} from '../dom.js';
import {model, siteList} from '../store.js';
import {lvl, num, severityLevel} from '../format.js';
import {alertRow, syncSiteFilter} from './alerts.js';

const tiles = new Map(); // site -> {el, sig}

function tile(site, r, sensors) {
  const level = lvl(r.level);
  return h('div', {class: 'site lvl-' + level, id: 'site-' + site, dataset: {site, level}},
    h('div', {class: 'name'}, site),
    h('div', {class: 'level'}, level === 'none' ? 'no alert' : level),
    r.rule ? h('div', {class: 'driver'}, r.rule + ' · ' + (r.subject == null ? '' : r.subject)) : null,
    h('div', {class: 'driver'}, (num(r.openAlerts) || 0) + ' open alert(s) · ' + sensors + ' sensors'));
}

/** Draws the badge of open alerts and the site filter; the tiles and latest alerts only when the overview is shown. */
export function render(visible) {
  let open = 0;
  Object.keys(model.alertStates).forEach((id) => { if (model.alertStates[id].state !== 'resolved') open++; });
  $('open-count').textContent = open ? String(open) : '';
  syncSiteFilter();
  if (!visible) return;
  const grid = $('sites-grid');
  const sites = siteList();
  const counts = {};
  Object.keys(model.sensors).forEach((x) => { const site = x.split('/')[0]; counts[site] = (counts[site] || 0) + 1; });
  const keep = new Set(sites);
  for (const k of Array.from(tiles.keys())) if (!keep.has(k)) { tiles.get(k).el.remove(); tiles.delete(k); }
  let prev = null;
  for (const site of sites) {
    const r = model.risks[site] || {level: 'none'};
    const sig = JSON.stringify([r.level, r.rule, r.subject, r.openAlerts, counts[site] || 0]);
    let t = tiles.get(site);
    if (!t || t.sig !== sig) {
      const el = tile(site, r, counts[site] || 0);
      if (t) t.el.replaceWith(el);
      t = {el, sig};
      tiles.set(site, t);
    }
    const want = prev ? prev.nextSibling : grid.firstChild;
    if (want !== t.el) grid.insertBefore(t.el, want);
    prev = t.el;
  }
  fill($('overview-alerts'), model.alerts.slice(0, 8).map((a) => alertRow(a, false)));
}

export function renderWarnings() {
  rows($('warning-rows'), (model.warnings || []).map((w) => {
    const level = severityLevel(w.severity);
    return h('tr', {class: 'lvl-' + level},
      h('td', null, w.severity), h('td', null, w.headline), h('td', null, w.area),
      h('td', null, w.msgType, ' ', w.sent),
      h('td', null, h('a', {href: '/warnings/' + encodeURIComponent(w.incident) + '.xml'}, 'CAP')));
  }), 'none');
}

export function init() {
  $('sites-grid').addEventListener('click', (e) => {
    const t = e.target.closest('.site');
    if (t) location.hash = '#/sites/' + encodeURIComponent(t.dataset.site);
  });
}

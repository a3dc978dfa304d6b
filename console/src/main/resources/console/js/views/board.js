/*
 * The duty board: for each region of the user's ground, its alerts not yet acknowledged, those the job referred up
 * the region tree, and those acknowledged (by whom, when); a summary of every region with its subtree's counts.
 */
import {$, h, fill} from '../dom.js';
import {model, session, toast} from '../store.js';
import {fmtTs, alertLevel} from '../format.js';
import {groupByRegion, subtreeCounts, ackLine, referralLine, UNREGISTERED} from '../duty.js';
import {mapIndex} from '../mapdata.js';

let index = null;

function nameOf(id) {
  const r = index && index.regions.get(id);
  return r ? r.name : id;
}

function depth(id) {
  let d = 0;
  for (let r = index.regions.get(id); r && r.parent && index.regions.has(r.parent) && d < 10; r = index.regions.get(r.parent)) d++;
  return d;
}

function alertItem(a, extra) {
  const level = alertLevel(a);
  return h('li', {class: 'duty-alert', dataset: {id: a.id, state: a.state}},
    h('span', {class: 'chip lvl-' + level}, level), ' ', h('b', null, a.site), ' ', a.rule || '', ' · ', fmtTs(a.updatedAt),
    extra ? h('div', {class: 'muted'}, extra) : null);
}

function draw() {
  const regionOfSite = (site) => { const x = index.sites.get(site); return x ? x.region : null; };
  const groups = groupByRegion(model.alertStates, regionOfSite);
  const order = Array.from(index.regions.keys());
  const counts = subtreeCounts(groups, order, (id) => { const r = index.regions.get(id); return r && r.parent && index.regions.has(r.parent) ? r.parent : null; });
  fill($('board-summary'), order.filter((id) => {
    const c = counts.get(id);
    return c.unacknowledged + c.referred + c.acknowledged > 0;
  }).map((id) => {
    const c = counts.get(id);
    return h('tr', {dataset: {region: id}}, h('td', {style: null, class: 'depth-' + Math.min(depth(id), 3)}, nameOf(id)),
      h('td', null, index.regions.get(id).level), h('td', {class: 'unacknowledged'}, c.unacknowledged),
      h('td', {class: 'referred'}, c.referred), h('td', {class: 'acknowledged'}, c.acknowledged));
  }));
  if (!$('board-summary').children.length) fill($('board-summary'), h('tr', null, h('td', {colSpan: 5, class: 'muted'}, 'no open alert in the ground')));
  const cards = [];
  const keys = order.filter((id) => groups.has(id));
  if (groups.has(UNREGISTERED)) keys.push(UNREGISTERED);
  for (const id of keys) {
    const g = groups.get(id);
    cards.push(h('div', {class: 'duty-card', dataset: {region: id}},
      h('h3', null, id === UNREGISTERED ? 'Sites not in the registry' : nameOf(id) + ' (' + index.regions.get(id).level + ')'),
      h('div', {class: 'duty-cols'},
        h('div', {class: 'col-unacknowledged'}, h('h4', null, 'Unacknowledged (' + g.unacknowledged.length + ')'),
          h('ul', null, g.unacknowledged.map((a) => alertItem(a, a.state)))),
        h('div', {class: 'col-referred'}, h('h4', null, 'Referred (' + g.referred.length + ')'),
          h('ul', null, g.referred.map((a) => alertItem(a, referralLine(a, nameOf))))),
        h('div', {class: 'col-acknowledged'}, h('h4', null, 'Acknowledged (' + g.acknowledged.length + ')'),
          h('ul', null, g.acknowledged.map((a) => alertItem(a, ackLine(a, fmtTs, model.acks[a.id]))))))));
  }
  fill($('board-cards'), cards);
}

export function show() {
  return mapIndex().then((ix) => { index = ix; draw(); }).catch((e) => toast('duty board: ' + e.message, true));
}

export function render(d) {
  if (session.view === 'board' && index && (d.alerts || d.board)) draw();
}

export function reset() { index = null; }

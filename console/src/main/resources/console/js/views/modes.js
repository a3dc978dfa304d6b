/*
 * Command modes (daily, holiday, emergency) per region: a badge in every page's header with the effective mode of
 * the user's top region(s) and every region below that differs; the modes view lists every region's own and
 * effective mode and, for the regions the user may switch, a form. Live from the stream's "mode" events. When the
 * console has no modes API (404), the badge, the tab and the view stay hidden.
 */
import {$, h, fill} from '../dom.js';
import {api} from '../api.js';
import {session, toast} from '../store.js';
import {fmtTs} from '../format.js';
import {MODES, fromResponse, applyEvent, headerSummary, validateSwitch} from '../modes-model.js';

let st = null;

function available(on) {
  $('mode-badge').classList.toggle('hidden', !on);
  $('nav-modes').classList.toggle('hidden', !on);
}

function drawBadge() {
  const sum = headerSummary(st);
  const more = sum.exceptions.length > 3 ? ' +' + (sum.exceptions.length - 3) + ' more' : '';
  fill($('mode-badge'),
    sum.tops.map((t) => h('span', {class: 'mode mode-' + t.effective, dataset: {region: t.region, mode: t.effective}},
      t.name + ': ' + t.effective)),
    sum.exceptions.slice(0, 3).map((e) => h('span', {class: 'mode mode-' + e.effective, dataset: {region: e.region, mode: e.effective}},
      e.name + ': ' + e.effective)),
    more ? h('span', {class: 'more'}, more) : null);
  $('mode-badge').title = 'Command modes: ' + sum.tops.concat(sum.exceptions).map((x) => x.name + ' ' + x.effective).join(', ');
}

function drawView() {
  fill($('modes-rows'), st.order.map((id) => {
    const e = st.entries.get(id);
    return h('tr', {dataset: {region: id, mode: e.effective}},
      h('td', null, e.name || id), h('td', null, e.level || ''), h('td', null, e.mode || 'inherits'),
      h('td', null, h('span', {class: 'mode mode-' + e.effective}, e.effective)),
      h('td', null, e.setBy ? e.setBy + ' at ' + fmtTs(e.setAtMs) : ''), h('td', null, e.reason || ''));
  }));
  const sel = $('m-region'), cur = sel.value;
  const can = st.order.filter((id) => st.canSwitch.has(id));
  fill(sel, can.map((id) => h('option', {value: id}, (st.entries.get(id).name || id) + ' (' + (st.entries.get(id).level || '') + ')')));
  if (cur) sel.value = cur;
  $('modes-form-box').classList.toggle('hidden', !can.length);
}

function draw() {
  drawBadge();
  if (session.view === 'modes') drawView();
}

/** Loads the modes after login; hides everything on 404 (a console without the modes API). */
export function load() {
  return api('GET', '/api/modes').then((resp) => {
    st = fromResponse(resp);
    available(true);
    draw();
  }).catch((e) => {
    st = null;
    available(false);
    if (e.status !== 404) toast('command modes: ' + e.message, true);
  });
}

/** A live "mode" event: one entry. */
export function onEvent(entry) {
  if (!st) return;
  if (applyEvent(st, entry)) draw();
  else load(); // a region the list did not have (a newer registry): ask again
}

export function show() {
  if (!st) { load().then(() => { if (st) drawView(); }); return; }
  drawView();
}

export function init() {
  available(false);
  fill($('m-mode'), MODES.map((m) => h('option', {value: m}, m)));
  $('modes-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const out = $('m-result');
    const region = $('m-region').value, m = $('m-mode').value, reason = $('m-reason').value;
    const problem = st ? validateSwitch(st, region, m, reason) : 'no command modes here';
    if (problem) { out.textContent = problem; out.className = 'error'; return; }
    out.textContent = 'sending…';
    out.className = 'muted';
    api('POST', '/api/modes', {region, mode: m, reason: reason.trim()})
      .then((r) => {
        out.textContent = 'Sent to the job: ' + m + ' for ' + region + ' (request ' + r.request + '); the mode changes when the job confirms it';
        out.className = 'sent';
        $('m-reason').value = '';
      })
      .catch((err) => { out.textContent = err.message; out.className = 'error'; });
  });
}

/* The alert feed: filters, acknowledge, comments on an alert; silences (maintenance windows). */
import {$, h, fill, row, reconcile} from '../dom.js';
import {api} from '../api.js';
import {model, session, mark, can, toast, siteList} from '../store.js';
import {fmtTs, alertLevel, list} from '../format.js';
import {acknowledger} from '../duty.js';

const MAX_ROWS = 300;
let commentAlert = null;

/** One alert transition as a table row; with actions: subject, message and the Acknowledge button. */
export function alertRow(a, actions) {
  const latest = model.alertStates[a.id] || a;
  const level = alertLevel(a);
  const canAck = actions && can('operator') && latest === a && a.state !== 'resolved' && a.state !== 'acknowledged';
  const ack = model.acks[a.id];
  const state = [a.state];
  const by = a.state === 'acknowledged' ? acknowledger(a, ack) : null;
  if (by) {
    state.push(' by ' + by);
    if (ack && ack.accepted && ack.author) {
      state.push(' ', h('span', {class: 'author', title: 'MQTT identity that sent the ack'}, '(via ' + ack.author + ')'));
    }
  }
  const cells = [
    h('td', null, fmtTs(a.updatedAt)),
    h('td', null, a.site),
    h('td', null, h('span', {class: 'chip lvl-' + level}, level)),
    h('td', {class: 'state'}, state),
    h('td', null, a.rule),
  ];
  if (actions) {
    cells.push(h('td', null, a.subject), h('td', null, a.message), h('td', null,
      canAck ? h('button', {class: 'small ack', dataset: {id: a.id}}, 'Acknowledge') : null,
      ack && !ack.accepted && latest === a ? h('span', {class: 'error'}, 'refused: ' + (ack.reason || '')) : null));
  }
  return h('tr', {class: a.state === 'acknowledged' ? 'acked' : '', dataset: {id: a.id, state: a.state}}, cells);
}

export function render(d) {
  if (d.silences) renderSilences();
  if ((d.alerts || d['alerts-full']) && session.view === 'alerts') renderAlerts();
}

export function show() {
  renderAlerts();
  renderSilences();
}

/** Keeps the site filter's options in step with the known sites. */
export function syncSiteFilter() {
  const sel = $('f-site'), sites = siteList();
  if (sel.options.length - 1 !== sites.length) {
    const cur = sel.value;
    fill(sel, h('option', {value: ''}, 'all'), sites.map((x) => h('option', null, x)));
    sel.value = cur;
  }
}

// The feed's rows, kept per transition while what they show is unchanged (whether it is the alert's newest, the
// answer to its acknowledgement, the role): a new alert adds one row instead of redrawing 300.
const rowCache = new WeakMap();

function cachedRow(a) {
  const latest = model.alertStates[a.id] || a;
  const ack = model.acks[a.id];
  const sig = (latest === a) + '|' + can('operator') + '|' + (ack ? ack.accepted + '|' + ack.reason + '|' + ack.author : '');
  const c = rowCache.get(a);
  if (c && c.sig === sig) return c.tr;
  const tr = alertRow(a, true);
  rowCache.set(a, {sig, tr});
  return tr;
}

function renderAlerts() {
  const fs = $('f-site').value, fl = $('f-level').value, fst = $('f-state').value, open = $('f-open').checked;
  const out = [];
  for (let i = 0; i < model.alerts.length && out.length < MAX_ROWS; i++) {
    const a = model.alerts[i];
    const al = a.level === 'none' ? a.previousLevel : a.level;
    if (fs && a.site !== fs) continue;
    if (fl && al !== fl) continue;
    if (fst && a.state !== fst) continue;
    if (open && (model.alertStates[a.id] !== a || a.state === 'resolved')) continue;
    out.push(cachedRow(a));
  }
  reconcile($('alert-rows'), out);
  $('alert-count').textContent = out.length + ' shown of ' + model.alerts.length + ' recent transitions';
}

export function loadComments() {
  if (!commentAlert) return;
  const id = commentAlert;
  api('GET', '/api/alerts/' + encodeURIComponent(id) + '/comments').then((items) => {
    if (id !== commentAlert) return;
    fill($('comment-list'), items.length ? items.map((c) => h('li', null, fmtTs(c.at) + ' ' + c.by + ': ' + c.comment))
      : h('li', {class: 'muted'}, 'no comment yet'));
  }).catch((err) => toast(err.message, true));
}

/** The alert whose comments are open, if any. */
export function commentsOpenFor() { return commentAlert; }

function renderSilences() {
  const out = [];
  Object.keys(model.silences).forEach((id) => {
    const x = model.silences[id];
    const live = Date.parse(x.endsAt) > Date.now();
    out.push(row([id, (x.sites || []).concat(x.sensors || [], x.rules || []).join(', '), 'until ' + fmtTs(x.endsAt),
      [String(x.createdBy == null ? '' : x.createdBy), x.author ? [' ', h('span', {class: 'author', title: 'MQTT identity that set it'},
        '(via ' + x.author + ')')] : null],
      x.comment == null ? '' : String(x.comment),
      live && can('operator') ? h('button', {class: 'small lift', dataset: {id}}, 'Lift') : 'ended']));
  });
  fill($('silence-rows'), out);
}

export function init() {
  ['f-site', 'f-level', 'f-state', 'f-open'].forEach((id) => $(id).addEventListener('change', () => mark('alerts')));
  $('alert-rows').addEventListener('click', (e) => {
    const tr = e.target.closest('tr');
    if (!tr || e.target.closest('button')) return;
    commentAlert = tr.dataset.id;
    $('comment-alert').textContent = commentAlert;
    $('comment-box').classList.remove('hidden');
    loadComments();
  });
  $('comment-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!commentAlert) return;
    api('POST', '/api/alerts/' + encodeURIComponent(commentAlert) + '/comment', {comment: $('comment-text').value})
      .then(() => { $('comment-text').value = ''; loadComments(); })
      .catch((err) => toast(err.message, true));
  });
  $('alert-rows').addEventListener('click', (e) => {
    const b = e.target.closest('button.ack');
    if (!b) return;
    const comment = globalThis.vigilAckComment || '';
    b.disabled = true;
    b.textContent = 'sent…';
    api('POST', '/api/alerts/' + encodeURIComponent(b.dataset.id) + '/ack', {comment})
      .then(() => toast('Acknowledgement sent for ' + b.dataset.id + '; waiting for the job'))
      .catch((err) => { b.disabled = false; b.textContent = 'Acknowledge'; toast(err.message, true); });
  });
  $('silence-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    api('POST', '/api/silences', {sites: list($('s-sites').value), sensors: list($('s-sensors').value),
      rules: list($('s-rules').value), minutes: +$('s-minutes').value, comment: $('s-comment').value})
      .then((x) => toast('Silence ' + x.id + ' set until ' + fmtTs(x.endsAt)))
      .catch((e) => toast(e.message, true));
  });
  $('silence-rows').addEventListener('click', (e) => {
    const b = e.target.closest('button.lift');
    if (b) api('DELETE', '/api/silences/' + encodeURIComponent(b.dataset.id)).catch((err) => toast(err.message, true));
  });
}

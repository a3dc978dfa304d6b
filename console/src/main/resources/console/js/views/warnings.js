/* Warnings: the user's ground, a warning issued by hand, the public warnings in force with Lift, loudspeaker coverage. */
import {$, h, fill, rows, row} from '../dom.js';
import {api} from '../api.js';
import {model, session, can, toast} from '../store.js';
import {lvl, fmtTs} from '../format.js';

function loadRegions() {
  return api('GET', '/api/regions').then((r) => {
    const me = session.me;
    $('duty-region').textContent = r.region === '*' ? 'the whole county' : (me.regionName || r.region) + ' (' + r.region + ')';
    $('duty-version').textContent = String(r.version);
    const sel = $('w-region'), cur = sel.value;
    fill(sel, r.regions.map((g) => h('option', {value: g.id}, g.name + ' (' + g.level + ')')));
    if (cur) sel.value = cur;
  });
}

export function loadBroadcasts() {
  return api('GET', '/api/broadcasts').then((items) => {
    rows($('broadcast-rows'), items.map((b) => {
      const level = lvl(b.level);
      return row([b.incident, h('span', {class: 'chip lvl-' + level}, level), b.msgType + (b.inForce ? '' : ' (not in force)'),
        b.regions.join(', '), h('span', {class: 'confirmed'}, b.confirmed), h('span', {class: 'pending'}, b.pending),
        h('span', {class: 'gave-up'}, b.gaveUp), h('span', {class: 'targets'}, b.targets),
        b.failures.map((f) => f.loudspeaker + ': ' + f.reason).join('; '), fmtTs(b.updatedAtMs)], {dataset: {incident: b.incident}});
    }), 'no broadcast');
  });
}

export function renderDutyWarnings() {
  rows($('duty-warning-rows'), (model.warnings || []).map((w) => row([w.severity, w.headline, w.area, [w.msgType, ' ', w.sent],
    can('operator') ? h('button', {type: 'button', class: 'small lift-warning', dataset: {incident: w.incident}}, 'Lift') : ''])),
  'none');
}

export function show() {
  loadRegions();
  loadBroadcasts();
  renderDutyWarnings();
}

export function init() {
  $('duty-warning-rows').addEventListener('click', (e) => {
    const b = e.target.closest('button.lift-warning');
    if (!b) return;
    b.disabled = true;
    api('POST', '/api/warnings/' + encodeURIComponent(b.dataset.incident) + '/lift', {})
      .then(() => toast('Lift of ' + b.dataset.incident + ' sent to the job'))
      .catch((err) => { b.disabled = false; toast(err.message, true); });
  });
  $('warn-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const out = $('w-result');
    out.textContent = 'sending…';
    out.className = 'muted';
    api('POST', '/api/warnings', {region: $('w-region').value, hazard: $('w-hazard').value, level: $('w-level').value,
      description: $('w-description').value})
      .then((r) => {
        out.textContent = 'Sent to the job: ' + r.level + ' ' + r.hazard + ' warning for ' + r.region + ' (request ' + r.request + ')';
        out.className = 'sent';
        $('w-description').value = '';
      })
      .catch((err) => { out.textContent = err.message; out.className = 'error'; });
  });
}

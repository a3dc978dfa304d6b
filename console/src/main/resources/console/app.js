/*
 * Vigil console: a single page of ES modules, no build step. Model <- /api/state + /api/events (SSE); one module
 * per view (js/views), drawn on demand at most once a frame; every element built by js/dom.js (text as text nodes).
 */
import {$} from './js/dom.js';
import {api, onUnauthorized} from './js/api.js';
import {model, session, perf, mark, markAll, setRenderer, toast, can} from './js/store.js';
import {forget as forgetMap} from './js/mapdata.js';
import {linkNewest} from './js/duty.js';
import * as overview from './js/views/overview.js';
import * as sensors from './js/views/sensors.js';
import * as cameras from './js/views/cameras.js';
import * as alerts from './js/views/alerts.js';
import * as rules from './js/views/rules.js';
import * as warnings from './js/views/warnings.js';
import * as health from './js/views/health.js';
import * as map from './js/views/map.js';
import * as board from './js/views/board.js';
import * as modes from './js/views/modes.js';

const VIEWS = ['overview', 'map', 'sites', 'cameras', 'alerts', 'board', 'health', 'duty', 'modes', 'rules'];
const MAX_ALERTS = 1000;
let es = null;
let pendingAlerts = [];

// ---- login ----
function showLogin() {
  if (es) { es.close(); es = null; }
  $('app').classList.add('hidden');
  $('login').classList.remove('hidden');
}
onUnauthorized(showLogin);

function start(u) {
  session.me = {user: u.user, role: u.role, region: u.region, regionName: u.regionName};
  $('who').textContent = u.user + ' (' + u.role + (u.region && u.region !== '*' ? ', ' + (u.regionName || u.region) : '') + ')';
  document.body.classList.toggle('can-operate', can('operator'));
  document.querySelectorAll('.operator-only').forEach((e) => e.classList.toggle('hidden', !can('operator')));
  document.querySelectorAll('.engineer-only').forEach((e) => e.classList.toggle('hidden', !can('engineer')));
  document.querySelectorAll('.not-engineer').forEach((e) => e.classList.toggle('hidden', can('engineer')));
  $('login').classList.add('hidden');
  $('app').classList.remove('hidden');
  forgetMap();
  map.reset();
  board.reset();
  api('GET', '/api/cameras').then((z) => { model.zones = z || {}; });
  loadSnapshot().then(connect).then(route);
  loadWarnings();
  modes.load();
}

function loadSnapshot() {
  return api('GET', '/api/state').then((x) => {
    model.lastEventId = x.lastEventId;
    model.sites = {};
    x.sites.forEach((id) => { model.sites[id] = true; });
    model.risks = x.risks || {};
    model.sensors = {};
    x.sensors.forEach((r) => { model.sensors[r.subject] = r; });
    model.alerts = x.alerts || [];
    model.alertStates = linkNewest(model.alerts, x.alertStates || {});
    model.detections = x.detections || {};
    model.acks = x.acks || {};
    model.silences = x.silences || {};
    model.rulesStatus = x.rulesStatus || null;
    map.resync();
    markAll();
  });
}

// ---- live stream ----
function connect() {
  if (es) es.close();
  es = new EventSource('/api/events?after=' + model.lastEventId);
  es.onopen = () => { $('conn').textContent = 'live'; $('conn').className = 'conn live'; };
  es.onerror = () => {
    $('conn').textContent = 'reconnecting…';
    $('conn').className = 'conn';
    if (es.readyState === EventSource.CLOSED) {
      // The server refused (e.g. the session ended): check, then reconnect from the snapshot.
      api('GET', '/api/me').then(() => setTimeout(() => loadSnapshot().then(connect), 2000));
    }
  };
  const on = (type, fn) => es.addEventListener(type, (e) => {
    perf.events++;
    if (e.lastEventId) model.lastEventId = +e.lastEventId;
    fn(JSON.parse(e.data), performance.now());
  });
  on('risk', (r) => {
    model.risks[r.site] = r;
    model.sites[r.site] = true;
    map.siteLevel(r.site, r.level);
    mark('overview');
  });
  on('alert', (a, t) => addAlert(a, t));
  on('readings', (batch) => {
    batch.forEach((r) => { model.sensors[r.subject] = r; model.sites[r.site] = true; });
    mark('sensors');
  });
  on('detections', (d) => { model.detections[d.site + '/' + d.camera] = d; mark('cameras'); });
  on('frame', (f) => { model.frames[f.site + '/' + f.camera] = f; mark('cameras'); });
  on('rules-status', (x) => { model.rulesStatus = x; mark('rules-status'); });
  on('rules', () => mark('rules-status'));
  on('ack', (a) => {
    model.acks[a.alertId] = a;
    toast(a.accepted ? 'Acknowledged by the job: ' + a.alertId : 'The job refused the acknowledgement: ' + (a.reason || ''), !a.accepted);
    mark('alerts');
  });
  on('silence', (x) => {
    if (x.deleted) delete model.silences[x.id]; else model.silences[x.id] = x.silence;
    mark('silences');
  });
  on('warnings', () => loadWarnings());
  on('broadcast', () => { if (session.view === 'duty') warnings.loadBroadcasts(); });
  // A new registry version may move sites into or out of this user's region: draw again from a new snapshot.
  on('registry', () => {
    forgetMap();
    map.reset();
    board.reset();
    loadSnapshot().then(route);
    loadWarnings();
    modes.load();
  });
  on('comment', (c) => {
    if (c.alertId === alerts.commentsOpenFor()) alerts.loadComments();
    else toast('Comment on ' + c.alertId + ' by ' + c.by + ': ' + c.comment);
  });
  on('mode', (m) => modes.onEvent(m));
  on('reset', () => { perf.resyncs++; loadSnapshot(); });
  on('dropped', (d) => { perf.dropped += d.count; perf.resyncs++; loadSnapshot(); });
}

// Public warnings (CAP 1.2) in force, as the job issued them; each links to its message.
let warningsLoading = null;
function loadWarnings() {
  if (warningsLoading) return warningsLoading;
  warningsLoading = api('GET', '/api/warnings').then((w) => { model.warnings = w || []; mark('warnings'); })
    .finally(() => { warningsLoading = null; });
  return warningsLoading;
}

function addAlert(a, receivedAt) {
  model.alerts.unshift(a);
  if (model.alerts.length > MAX_ALERTS) model.alerts.length = MAX_ALERTS;
  model.alertStates[a.id] = a;
  model.sites[a.site] = true;
  pendingAlerts.push({a, t: receivedAt});
  mark('alerts');
}

// ---- drawing, at most once a frame ----
setRenderer((d) => {
  const v = session.view;
  if (d.overview || d.alerts || d.sites) overview.render(v === 'overview');
  if (v === 'sites' && (d.sensors || d['sites-list'] || d.overview)) sensors.render();
  if (v === 'cameras' && d.cameras) cameras.render();
  alerts.render(d);
  if (d.warnings) { overview.renderWarnings(); if (v === 'duty') warnings.renderDutyWarnings(); }
  if (d['rules-status']) rules.renderStatus();
  map.render(d);
  board.render(d);
  if (pendingAlerts.length) {
    const now = performance.now(), wall = Date.now();
    pendingAlerts.forEach((p) => {
      perf.alertsRendered++;
      perf.lags.push(now - p.t);
      const up = Date.parse(p.a.updatedAt);
      if (!isNaN(up)) perf.e2e.push(wall - up);
    });
    if (perf.lags.length > 20000) { perf.lags.splice(0, 10000); perf.e2e.splice(0, 10000); }
    pendingAlerts = [];
  }
});

// ---- routing ----
function route() {
  const t0 = performance.now();
  const parts = location.hash.replace(/^#\//, '').split('/');
  const view = session.view = VIEWS.indexOf(parts[0]) >= 0 ? parts[0] : 'overview';
  const rest = parts.slice(1);
  document.querySelectorAll('.view').forEach((v) => v.classList.toggle('active', v.id === 'view-' + view));
  document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('active', a.id === 'nav-' + view));
  if (view === 'overview') overview.render(true);
  if (view === 'map') map.show(rest);
  if (view === 'sites') sensors.show(rest);
  if (view === 'cameras') cameras.render();
  if (view === 'alerts') alerts.show();
  if (view === 'board') board.show();
  if (view === 'health') health.show();
  if (view === 'duty') warnings.show();
  if (view === 'modes') modes.show();
  if (view === 'rules') rules.show();
  requestAnimationFrame(() => { perf.routes.push({view, ms: performance.now() - t0}); document.body.dataset.view = view; });
}
window.addEventListener('hashchange', route);

$('login-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  $('login-error').textContent = '';
  api('POST', '/api/login', {user: $('login-user').value, password: $('login-password').value})
    .then((u) => { $('login-password').value = ''; start(u); })
    .catch((e) => { $('login-error').textContent = e.message; });
});
$('logout').addEventListener('click', () => { api('POST', '/api/logout').finally(showLogin); });
[overview, sensors, alerts, rules, warnings, map, modes].forEach((v) => v.init());

api('GET', '/api/me').then(start).catch(() => showLogin());

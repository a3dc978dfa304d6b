/*
 * The page's model (from /api/state, then the live stream) and the drawing schedule: whatever changed is marked
 * dirty and drawn at most once a frame, by the renderer app.js installs.
 */
import {$} from './dom.js';

export const model = {sites: {}, risks: {}, sensors: {}, alerts: [], alertStates: {}, detections: {}, frames: {},
  silences: {}, acks: {}, rulesStatus: null, zones: {}, warnings: [], lastEventId: 0};

/** Who is logged in and which view is shown. */
export const session = {me: null, view: 'overview'};

/** Measurements the responsiveness tests read. */
export const perf = globalThis.vigilPerf = {events: 0, alertsRendered: 0, lags: [], e2e: [], routes: [], resyncs: 0,
  dropped: 0, map: {}};

let dirty = {};
let scheduled = false;
let renderer = () => {};

/** The function that draws what is dirty: renderer(dirtyFlags). */
export function setRenderer(fn) { renderer = fn; }

export function mark(what) {
  dirty[what] = true;
  if (!scheduled) { scheduled = true; requestAnimationFrame(draw); }
}

export function markAll() {
  ['overview', 'sensors', 'cameras', 'alerts', 'alerts-full', 'silences', 'rules-status', 'sites-list', 'map',
    'board'].forEach(mark);
}

function draw() {
  scheduled = false;
  const d = dirty;
  dirty = {};
  renderer(d);
}

/** The known site ids, sorted. */
export function siteList() { return Object.keys(model.sites).sort(); }

/** Whether the user holds at least this role. */
export function can(role) {
  const rank = {viewer: 0, operator: 1, engineer: 2};
  return !!session.me && rank[session.me.role] >= rank[role];
}

/** A short message at the bottom right for six seconds. */
export function toast(text, bad) {
  const t = $('toast');
  t.textContent = text;
  t.className = 'toast' + (bad ? ' error' : '');
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.className = 'toast hidden'; }, 6000);
}

/* Formatting and the closed sets of levels: pure functions, no DOM. */

export const LEVELS = ['none', 'blue', 'yellow', 'orange', 'red'];
export const RANK = {none: 0, blue: 1, yellow: 2, orange: 3, red: 4};
export const LEVEL_COLOR = {none: '#3a4656', blue: '#2f81f7', yellow: '#e3b341', orange: '#f0883e', red: '#f85149'};
export const ROLE_RANK = {viewer: 0, operator: 1, engineer: 2};

/** A level from the closed set, else "none" (a level is also a class name). */
export function lvl(l) { return Object.prototype.hasOwnProperty.call(RANK, l) ? l : 'none'; }

/** The higher of two levels. */
export function maxLevel(a, b) { return RANK[lvl(a)] >= RANK[lvl(b)] ? lvl(a) : lvl(b); }

/** A number as text (null counts as 0, as Number() has it), or '' when it is not one. */
export function num(x) {
  const n = Number(x);
  return Number.isFinite(n) ? String(n) : '';
}

/** A number with fixed digits, or ''. */
export function fixed(x, digits) {
  const n = Number(x);
  return Number.isFinite(n) ? n.toFixed(digits) : '';
}

/** Whether x is a finite number (null is not). */
export function known(x) { return x !== null && x !== undefined && Number.isFinite(Number(x)); }

/** A share 0..1 as a percentage with one decimal, '–' when unknown. */
export function pct(x) { return known(x) ? (100 * Number(x)).toFixed(1) + ' %' : '–'; }

/** A time (epoch ms or ISO text) as "YYYY-MM-DD HH:MM:SSZ"; text that is no time as itself; '' for none. */
export function fmtTs(v) {
  if (v === null || v === undefined || v === '') return '';
  const d = new Date(v);
  return isNaN(d.getTime()) ? String(v) : d.toISOString().replace('T', ' ').substring(0, 19) + 'Z';
}

/** HH:MM in UTC. */
export function fmtClock(ms) {
  const d = new Date(ms);
  return String(d.getUTCHours()).padStart(2, '0') + ':' + String(d.getUTCMinutes()).padStart(2, '0');
}

/** The level of a CAP severity. */
export function severityLevel(sev) { return sev === 'Extreme' ? 'red' : sev === 'Severe' ? 'orange' : 'yellow'; }

/** The level an alert transition stands for (a resolved one: the level it had). */
export function alertLevel(a) { return lvl(a.level === 'none' ? a.previousLevel : a.level); }

/** "a, b, c" of the comma-separated words. */
export function list(v) { return String(v).split(',').map((x) => x.trim()).filter(Boolean); }

/** A short "how long ago" (seconds, minutes, hours, days) from ms to now. */
export function ago(ms, now) {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min';
  if (s < 86400) return Math.floor(s / 3600) + ' h';
  return Math.floor(s / 86400) + ' d';
}

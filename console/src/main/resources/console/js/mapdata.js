/* The registry's map of the user's ground (GET /api/map), fetched once per registry version and indexed. */
import {api} from './api.js';
import {buildIndex} from './drill.js';

let pending = null;

/** The index of the map (drill.js buildIndex); fetched on first use and after forget(). */
export function mapIndex() {
  if (!pending) {
    pending = api('GET', '/api/map').then((m) => Object.assign(buildIndex(m), {version: m.version, ground: m.region}));
    pending.catch(() => { pending = null; });
  }
  return pending;
}

/** A newer registry: fetch again on next use. */
export function forget() { pending = null; }

/* Device health per region: devices online and reports received against those expected, today and this month. */
import {$, rows, row} from '../dom.js';
import {api} from '../api.js';
import {fmtTs, pct} from '../format.js';

let cached = null;

/** The newest device health per region (GET /api/device-health), at most once every 30 s. */
export function healthData(fresh) {
  if (!fresh && cached && Date.now() - cached.at < 30000) return cached.p;
  const p = api('GET', '/api/device-health');
  cached = {at: Date.now(), p};
  p.catch(() => { cached = null; });
  return p;
}

export function show() {
  return healthData(true).then((items) => {
    rows($('health-rows'), items.map((x) => row([x.name + ' (' + x.region + ')', x.level, x.devices,
      x.online + ' (' + pct(x.onlineShare) + ')',
      x.reportsToday + ' of ' + x.expectedToday + ' (' + pct(x.shareToday) + ')',
      x.reportsMonth + ' of ' + x.expectedMonth + ' (' + pct(x.shareMonth) + ')', fmtTs(x.atMs)],
    {dataset: {region: x.region}})), 'no device health yet (the job writes it every minute when it has a registry)');
  }).catch((e) => rows($('health-rows'), [], e.message));
}

/** The level a share of devices online stands for on the map's health layer. */
export {healthLevel} from '../health-model.js';

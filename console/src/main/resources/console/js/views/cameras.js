/* The cameras: the newest frame with detection boxes, zones, tracks and counting lines; per zone and line counts. */
import {$, h, fill} from '../dom.js';
import {model} from '../store.js';
import {num, fixed, known, fmtTs} from '../format.js';

const images = {};
const TRACK_COLOURS = {moving: '#3fb950', still: '#d29922', lost: '#8b949e'};
const LINE_COLOUR = '#58a6ff';

function stats(d) {
  const zs = (d.zones || []).map((z) => [
    h('tr', {class: 'zone'}, h('td', null, z.id), h('td', {class: 'people'}, num(z.people)),
      h('td', null, (+z.densityPerM2).toFixed(2) + ' /m²'), h('td', {class: 'los'}, 'LOS ' + (z.levelOfService == null ? '' : z.levelOfService)),
      h('td', null, num(z.capacity) ? 'cap ' + num(z.capacity) : '')),
    h('tr', {class: 'zone-flow'}, h('td'), h('td', {colSpan: 4},
      'in ', h('span', {class: 'entries'}, num(z.entries)), ' · out ', h('span', {class: 'exits'}, num(z.exits)),
      known(z.netInflowPerMin) ? ' · net ' + fixed(z.netInflowPerMin, 1) + '/min' : null,
      Number(z.maxDwellS) > 0 ? ' · dwell max ' + fixed(z.maxDwellS, 0) + ' s' : null,
      known(z.minutesToCapacity) ? [' · ', h('span', {class: 'full'}, 'full in ' + fixed(z.minutesToCapacity, 1) + ' min')] : null)),
  ]);
  const ls = (d.lines || []).map((l) => h('tr', {class: 'line'}, h('td', null, 'line ' + l.id), h('td', {colSpan: 4},
    'in ', h('span', {class: 'line-in'}, num(l.in)), ' · out ', h('span', {class: 'line-out'}, num(l.out)))));
  const tracks = d.tracks || [];
  return [h('div', null, h('b', {class: 'count'}, num(d.people)), ' people · ',
    h('span', {class: 'tracks'}, num(d.tracksTotal != null ? d.tracksTotal : tracks.length)), ' tracks · ',
    num((d.boxes || []).length) + ' boxes · motion ' + (+d.motionEnergy).toFixed(2) + ' · ' + fmtTs(d.ts)),
  h('table', null, h('tbody', null, zs, ls))];
}

export function render() {
  const box = $('cameras');
  const keys = Object.keys(model.detections).sort();
  if (!keys.length) return;
  if (box.dataset.keys !== keys.join(',')) {
    box.dataset.keys = keys.join(',');
    fill(box, keys.map((k) => h('div', {class: 'camera', id: 'cam-' + k.replace(/\//g, '-')}, h('h4', null, k),
      h('canvas', {width: 768, height: 576}), h('div', {class: 'stats'}))));
  }
  keys.forEach((k) => {
    const d = model.detections[k];
    const el = document.getElementById('cam-' + k.replace(/\//g, '-'));
    const canvas = el.querySelector('canvas');
    if (canvas.width !== d.width) { canvas.width = d.width || 768; canvas.height = d.height || 576; }
    const img = images[k];
    const f = model.frames[k];
    if (f && (!img || img.seq !== f.seq) && !(img && img.loading)) {
      const im = new Image();
      images[k] = {img: (img && img.img) || null, seq: f.seq, loading: true};
      im.onload = () => { images[k] = {img: im, seq: f.seq, loading: false}; draw(canvas, k); };
      im.onerror = () => { images[k].loading = false; };
      im.src = '/api/cameras/' + encodeURIComponent(d.site) + '/' + encodeURIComponent(d.camera) + '/frame?seq=' + f.seq;
    }
    draw(canvas, k);
    fill(el.querySelector('.stats'), stats(d));
  });
}

function draw(canvas, k) {
  const d = model.detections[k], g = canvas.getContext('2d'), im = images[k];
  if (im && im.img) g.drawImage(im.img, 0, 0, canvas.width, canvas.height);
  else { g.fillStyle = '#000'; g.fillRect(0, 0, canvas.width, canvas.height); }
  const zones = model.zones[d.camera] || [];
  g.lineWidth = 2;
  zones.forEach((z) => {
    g.strokeStyle = '#e3b341'; g.beginPath();
    z.polygon.forEach((p, i) => { if (i) g.lineTo(p[0], p[1]); else g.moveTo(p[0], p[1]); });
    g.closePath(); g.stroke();
    g.fillStyle = '#e3b341'; g.font = '16px sans-serif'; g.fillText(z.id, z.polygon[0][0] + 6, z.polygon[0][1] + 18);
  });
  // Detector boxes thin; tracks (the people counted) by state, each with its foot point and id; counting lines
  // with their direction (an arrow from the line towards its "in" side) and counts. Values from the feed are
  // numbers (FeedData) and reach the canvas only as coordinates or through num().
  g.lineWidth = 1; g.strokeStyle = '#3fb950';
  (d.boxes || []).forEach((b) => g.strokeRect(b.x, b.y, b.w, b.h));
  let drawnTracks = 0;
  (d.tracks || []).forEach((t) => {
    const c = Object.prototype.hasOwnProperty.call(TRACK_COLOURS, t.state) ? TRACK_COLOURS[t.state] : TRACK_COLOURS.lost;
    g.strokeStyle = c; g.fillStyle = c; g.lineWidth = 2;
    if (t.state === 'lost') g.setLineDash([6, 4]);
    g.strokeRect(Number(t.x), Number(t.y), Number(t.w), Number(t.h));
    g.setLineDash([]);
    g.beginPath(); g.arc(Number(t.footX), Number(t.footY), 5, 0, 2 * Math.PI); g.fill();
    g.font = '13px sans-serif'; g.fillText('#' + num(t.id), Number(t.x) + 2, Number(t.y) - 4);
    drawnTracks++;
  });
  let drawnLines = 0;
  (d.lines || []).forEach((l) => {
    const x0 = Number(l.from[0]), y0 = Number(l.from[1]), x1 = Number(l.to[0]), y1 = Number(l.to[1]);
    g.strokeStyle = LINE_COLOUR; g.fillStyle = LINE_COLOUR; g.lineWidth = 4;
    g.beginPath(); g.moveTo(x0, y0); g.lineTo(x1, y1); g.stroke();
    const len = Math.hypot(x1 - x0, y1 - y0) || 1, mx = (x0 + x1) / 2, my = (y0 + y1) / 2;
    const nx = (y1 - y0) / len, ny = -(x1 - x0) / len; // towards the left-hand side of from -> to: where "in" goes
    g.lineWidth = 2; g.beginPath(); g.moveTo(mx, my); g.lineTo(mx + 24 * nx, my + 24 * ny); g.stroke();
    g.font = '14px sans-serif';
    g.fillText(String(l.id).substring(0, 24) + ' in ' + num(l.in) + ' out ' + num(l.out), mx + 30 * nx + 4, my + 30 * ny);
    drawnLines++;
  });
  canvas.dataset.tracks = String(drawnTracks);
  canvas.dataset.lines = String(drawnLines);
}

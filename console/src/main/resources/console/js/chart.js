/* A small SVG line chart: time on x, one y axis, series, horizontal threshold lines, vertical markers. */
import {h, s} from './dom.js';
import {fmtClock} from './format.js';

function niceNum(v) {
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
}

/**
 * opts: {title, width, height, series: [{name, color, points: [[ms, v], ...]}],
 *        hlines: [{y, color, label}], vlines: [{x, color, label}], xMin, xMax}
 */
export function line(container, opts) {
  const W = opts.width || 640, H = opts.height || 200, L = 48, R = 10, T = 10, B = 22;
  const svg = s('svg', {viewBox: '0 0 ' + W + ' ' + H, width: '100%', role: 'img'});
  const box = h('div', {class: 'chart', id: opts.id}, h('h4', null, opts.title), svg);
  const xs = [], ys = [];
  opts.series.forEach((se) => se.points.forEach((p) => { xs.push(p[0]); ys.push(p[1]); }));
  (opts.hlines || []).forEach((l) => ys.push(l.y));
  const x0 = opts.xMin != null ? opts.xMin : Math.min.apply(null, xs.length ? xs : [0]);
  let x1 = opts.xMax != null ? opts.xMax : Math.max.apply(null, xs.length ? xs : [1]);
  (opts.vlines || []).forEach((l) => { if (l.x > x1) x1 = l.x; });
  if (x1 <= x0) x1 = x0 + 1;
  const y0 = Math.min(0, Math.min.apply(null, ys.length ? ys : [0]));
  let y1 = Math.max.apply(null, ys.length ? ys : [1]);
  if (y1 <= y0) y1 = y0 + 1;
  y1 += (y1 - y0) * 0.05;
  const X = (t) => L + (t - x0) / (x1 - x0) * (W - L - R);
  const Y = (v) => T + (1 - (v - y0) / (y1 - y0)) * (H - T - B);
  svg.appendChild(s('rect', {x: L, y: T, width: W - L - R, height: H - T - B, fill: 'none', stroke: '#2b3644'}));
  for (let i = 0; i <= 4; i++) {
    const v = y0 + (y1 - y0) * i / 4;
    svg.appendChild(s('line', {x1: L, x2: W - R, y1: Y(v), y2: Y(v), stroke: '#222c38'}));
    svg.appendChild(s('text', {x: L - 4, y: Y(v) + 4, 'text-anchor': 'end'}, niceNum(v)));
    const t = x0 + (x1 - x0) * i / 4;
    svg.appendChild(s('text', {x: X(t), y: H - 6, 'text-anchor': 'middle'}, fmtClock(t) + 'Z'));
  }
  (opts.hlines || []).forEach((l) => {
    svg.appendChild(s('line', {x1: L, x2: W - R, y1: Y(l.y), y2: Y(l.y), stroke: l.color, 'stroke-dasharray': '5 4',
      class: 'threshold'}));
    svg.appendChild(s('text', {x: W - R - 2, y: Y(l.y) - 3, 'text-anchor': 'end', fill: l.color}, l.label));
  });
  (opts.vlines || []).forEach((l) => {
    svg.appendChild(s('line', {x1: X(l.x), x2: X(l.x), y1: T, y2: H - B, stroke: l.color, 'stroke-width': 2, class: 'marker'}));
    svg.appendChild(s('text', {x: X(l.x) - 4, y: T + 12, 'text-anchor': 'end', fill: l.color}, l.label));
  });
  opts.series.forEach((se, idx) => {
    if (!se.points.length) return;
    let d = '';
    se.points.forEach((p, j) => { d += (j ? 'L' : 'M') + X(p[0]).toFixed(1) + ' ' + Y(p[1]).toFixed(1); });
    svg.appendChild(s('path', {d, fill: 'none', stroke: se.color, 'stroke-width': 1.6, class: 'series'}));
    svg.appendChild(s('text', {x: L + 6 + idx * 110, y: T + 12, fill: se.color}, se.name));
  });
  container.appendChild(box);
  return box;
}

/* A small SVG line chart: time on x, one y axis, series, horizontal threshold lines, vertical markers. */
import {h, s} from './dom.js';
import {fmtClock} from './format.js';

function niceNum(v) {
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
}

/** Line height of the chart's labels, px (11 px text). */
const LABEL_GAP = 12;

/**
 * Where to draw labels that want to sit at the heights {@code ys} (px, any order) so that no two are closer than
 * {@code gap}, staying within [lo, hi] as far as they fit: each moves as little as it can, keeping their order.
 * Returns the heights in the order given.
 */
export function placeLabels(ys, gap, lo, hi) {
  const order = ys.map((y, i) => i).sort((a, b) => ys[a] - ys[b] || a - b);
  const out = ys.slice();
  let prev = -Infinity;
  order.forEach((i) => { out[i] = Math.max(ys[i], lo, prev + gap); prev = out[i]; });
  let next = Infinity;
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k];
    out[i] = Math.min(out[i], hi, next - gap);
    next = out[i];
  }
  return out;
}

/** A rough width of {@code text} in the chart's 11 px font, px: enough to keep legend entries apart. */
export function textWidth(text) {
  return String(text).length * 6.5;
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
    // The last time label ends at the plot's right edge rather than running past the chart.
    svg.appendChild(s('text', {x: X(t), y: H - 6, 'text-anchor': i === 4 ? 'end' : 'middle'}, fmtClock(t) + 'Z'));
  }
  // The legend takes the first line inside the plot; threshold labels (each above its line) keep below it and apart
  // from one another, and markers' labels take the second line, so none is drawn over another.
  const hl = opts.hlines || [];
  const hy = placeLabels(hl.map((l) => Y(l.y) - 3), LABEL_GAP, T + 2 * LABEL_GAP, H - B - 2);
  hl.forEach((l, i) => {
    svg.appendChild(s('line', {x1: L, x2: W - R, y1: Y(l.y), y2: Y(l.y), stroke: l.color, 'stroke-dasharray': '5 4',
      class: 'threshold'}));
    svg.appendChild(s('text', {x: W - R - 2, y: hy[i], 'text-anchor': 'end', fill: l.color}, l.label));
  });
  (opts.vlines || []).forEach((l) => {
    svg.appendChild(s('line', {x1: X(l.x), x2: X(l.x), y1: T, y2: H - B, stroke: l.color, 'stroke-width': 2, class: 'marker'}));
    svg.appendChild(s('text', {x: X(l.x) - 4, y: T + 2 * LABEL_GAP, 'text-anchor': 'end', fill: l.color}, l.label));
  });
  let legendX = L + 6;
  opts.series.forEach((se) => {
    if (!se.points.length) return;
    let d = '';
    se.points.forEach((p, j) => { d += (j ? 'L' : 'M') + X(p[0]).toFixed(1) + ' ' + Y(p[1]).toFixed(1); });
    svg.appendChild(s('path', {d, fill: 'none', stroke: se.color, 'stroke-width': 1.6, class: 'series'}));
    svg.appendChild(s('text', {x: legendX, y: T + LABEL_GAP, fill: se.color}, se.name));
    legendX += textWidth(se.name) + 16;
  });
  container.appendChild(box);
  return box;
}

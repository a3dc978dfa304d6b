/* A small SVG line chart: time on x, one y axis, series, horizontal threshold lines, vertical markers. */
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function fmtTime(ms) {
    var d = new Date(ms);
    return String(d.getUTCHours()).padStart(2, '0') + ':' + String(d.getUTCMinutes()).padStart(2, '0');
  }
  function niceNum(v) {
    var a = Math.abs(v);
    return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
  }
  /**
   * opts: {title, width, height, series: [{name, color, points: [[ms, v], ...]}],
   *        hlines: [{y, color, label}], vlines: [{x, color, label}], xMin, xMax}
   */
  function line(container, opts) {
    var W = opts.width || 640, H = opts.height || 200, L = 48, R = 10, T = 10, B = 22;
    var box = document.createElement('div');
    box.className = 'chart';
    if (opts.id) box.id = opts.id;
    var h = document.createElement('h4');
    h.textContent = opts.title;
    box.appendChild(h);
    var svg = el('svg', {viewBox: '0 0 ' + W + ' ' + H, width: '100%', role: 'img'}, box);
    var xs = [], ys = [];
    opts.series.forEach(function (s) { s.points.forEach(function (p) { xs.push(p[0]); ys.push(p[1]); }); });
    (opts.hlines || []).forEach(function (l) { ys.push(l.y); });
    var x0 = opts.xMin != null ? opts.xMin : Math.min.apply(null, xs.length ? xs : [0]);
    var x1 = opts.xMax != null ? opts.xMax : Math.max.apply(null, xs.length ? xs : [1]);
    (opts.vlines || []).forEach(function (l) { if (l.x > x1) x1 = l.x; });
    if (x1 <= x0) x1 = x0 + 1;
    var y0 = Math.min(0, Math.min.apply(null, ys.length ? ys : [0]));
    var y1 = Math.max.apply(null, ys.length ? ys : [1]);
    if (y1 <= y0) y1 = y0 + 1;
    y1 += (y1 - y0) * 0.05;
    function X(t) { return L + (t - x0) / (x1 - x0) * (W - L - R); }
    function Y(v) { return T + (1 - (v - y0) / (y1 - y0)) * (H - T - B); }
    el('rect', {x: L, y: T, width: W - L - R, height: H - T - B, fill: 'none', stroke: '#2b3644'}, svg);
    for (var i = 0; i <= 4; i++) {
      var v = y0 + (y1 - y0) * i / 4;
      el('line', {x1: L, x2: W - R, y1: Y(v), y2: Y(v), stroke: '#222c38'}, svg);
      el('text', {x: L - 4, y: Y(v) + 4, 'text-anchor': 'end'}, svg).textContent = niceNum(v);
      var t = x0 + (x1 - x0) * i / 4;
      el('text', {x: X(t), y: H - 6, 'text-anchor': 'middle'}, svg).textContent = fmtTime(t) + 'Z';
    }
    (opts.hlines || []).forEach(function (l) {
      el('line', {x1: L, x2: W - R, y1: Y(l.y), y2: Y(l.y), stroke: l.color, 'stroke-dasharray': '5 4',
        'class': 'threshold'}, svg);
      el('text', {x: W - R - 2, y: Y(l.y) - 3, 'text-anchor': 'end', fill: l.color}, svg).textContent = l.label;
    });
    (opts.vlines || []).forEach(function (l) {
      el('line', {x1: X(l.x), x2: X(l.x), y1: T, y2: H - B, stroke: l.color, 'stroke-width': 2,
        'class': 'marker'}, svg);
      el('text', {x: X(l.x) - 4, y: T + 12, 'text-anchor': 'end', fill: l.color}, svg).textContent = l.label;
    });
    opts.series.forEach(function (s, idx) {
      if (!s.points.length) return;
      var d = '';
      s.points.forEach(function (p, j) { d += (j ? 'L' : 'M') + X(p[0]).toFixed(1) + ' ' + Y(p[1]).toFixed(1); });
      el('path', {d: d, fill: 'none', stroke: s.color, 'stroke-width': 1.6, 'class': 'series'}, svg);
      el('text', {x: L + 6 + idx * 110, y: T + 12, fill: s.color}, svg).textContent = s.name;
    });
    container.appendChild(box);
    return box;
  }
  window.VigilChart = {line: line};
})();

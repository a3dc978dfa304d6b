/* The sensors (history) view: a site's sensors with live values; charts of the last hours from the derived series. */
import {$, h, fill} from '../dom.js';
import {api} from '../api.js';
import {model, siteList} from '../store.js';
import {lvl, fmtTs, LEVEL_COLOR} from '../format.js';
import {line} from '../chart.js';

const SERIES_COLORS = ['#58a6ff', '#3fb950', '#d2a8ff', '#ff7b72', '#e3b341', '#79c0ff'];
let selectedSite = null, selectedSensor = null;

function mainValue(r) {
  const v = r.values || {};
  const k = Object.keys(v)[0];
  if (!k) return '';
  const x = v[k];
  return k + ' ' + (typeof x === 'number' ? (Math.round(x * 1000) / 1000) : x);
}

function noCharts() { fill($('charts'), h('p', {class: 'muted'}, 'Choose a sensor for its charts.')); }

/** On the route: #/sites/<site>. */
export function show(parts) {
  if (parts[0]) {
    const x = decodeURIComponent(parts[0]);
    if (x !== selectedSite) { selectedSite = x; selectedSensor = null; noCharts(); }
  }
  render();
}

export function render() {
  const sel = $('site-select'), sites = siteList();
  if (sel.options.length !== sites.length) fill(sel, sites.map((x) => h('option', null, x)));
  if (!selectedSite && sites.length) selectedSite = sites[0];
  sel.value = selectedSite || '';
  const r = model.risks[selectedSite] || {level: 'none'};
  fill($('site-summary'), h('span', {class: 'chip lvl-' + lvl(r.level)}, lvl(r.level)), ' ', r.rule || '');
  const tb = $('sensor-rows');
  const subjects = Object.keys(model.sensors).filter((x) => x.indexOf(selectedSite + '/') === 0).sort();
  if (tb.dataset.site !== selectedSite || tb.children.length !== subjects.length) {
    tb.dataset.site = selectedSite;
    fill(tb, subjects.map((x) => {
      const m = model.sensors[x];
      return h('tr', {id: 'sensor-' + x.replace(/\//g, '-'), dataset: {subject: x}, class: x === selectedSensor ? 'sel' : ''},
        h('td', null, m.sensor), h('td', null, m.kind), h('td', {class: 'v'}), h('td', {class: 't'}));
    }));
  }
  for (let i = 0; i < tb.children.length; i++) {
    const tr = tb.children[i], x = model.sensors[tr.dataset.subject];
    const v = mainValue(x), t = fmtTs(x.ts);
    if (tr.children[2].textContent !== v) tr.children[2].textContent = v;
    if (tr.children[3].textContent !== t) tr.children[3].textContent = t;
  }
}

function loadCharts(subject) {
  const p = subject.split('/');
  const box = $('charts');
  fill(box, h('p', {class: 'muted'}, 'loading ' + subject + '…'));
  api('GET', '/api/history?site=' + encodeURIComponent(p[0]) + '&kind=' + encodeURIComponent(p[1]) +
      '&sensor=' + encodeURIComponent(p[2]) + '&hours=' + $('hours-select').value).then((hist) => {
    fill(box, h('h3', {id: 'charts-title'}, subject));
    const se = hist.series;
    let groups;
    if (p[1] === 'rain') {
      groups = [['Rainfall accumulations (mm)', ['rain_10m', 'rain_1h', 'rain_3h', 'rain_24h']],
        ['Intensity-duration: event intensity / threshold (1 = on the curve)', Object.keys(se).filter((k) => /^id_.*_ratio$/.test(k))],
        ['Effective antecedent rainfall (mm)', ['effective_rain', 'antecedent_rain']]];
    } else if (p[1] === 'level') {
      groups = [['Water level (m) and rise (m/h)', Object.keys(se)]];
    } else {
      groups = [['Displacement (mm)', ['displacement_mm']], ['Velocity (mm/day)', ['velocity_mm_d']],
        ['Tangent angle (deg)', ['tangent_angle_deg']], ['Inverse velocity (day/mm)', ['inverse_velocity_d_mm']]];
    }
    const now = Date.now(), from = now - (+$('hours-select').value) * 3600e3;
    groups.forEach((g, gi) => {
      const names = g[1].filter((k) => se[k] && se[k].length);
      if (!names.length) return;
      const hl = [];
      (hist.thresholds || []).forEach((t) => {
        if (names.indexOf(t.metric) >= 0) t.levels.forEach((l) => {
          hl.push({y: l.raise, color: LEVEL_COLOR[l.level] || '#888', label: t.rule + ' ' + l.level + ' ' + l.raise});
        });
      });
      if (/ratio/.test(g[0])) hl.push({y: 1, color: '#f85149', label: 'threshold curve'});
      const vl = [];
      const ff = hist.forecastFailureAt && p[1] !== 'rain';
      if (ff) vl.push({x: hist.forecastFailureAt, color: '#f85149', label: 'forecast failure ' + fmtTs(hist.forecastFailureAt)});
      line(box, {id: 'chart-' + gi, title: g[0], xMin: from, xMax: Math.max(now, ff ? hist.forecastFailureAt : 0),
        series: names.map((k, i) => ({name: k, color: SERIES_COLORS[i % SERIES_COLORS.length], points: se[k]})),
        hlines: hl, vlines: vl});
    });
    if (box.children.length === 1) box.appendChild(h('p', {class: 'muted'}, 'No derived series in this period.'));
  }).catch((e) => fill(box, h('p', {class: 'error'}, e.message)));
}

export function init() {
  $('site-select').addEventListener('change', () => { location.hash = '#/sites/' + encodeURIComponent($('site-select').value); });
  $('hours-select').addEventListener('change', () => { if (selectedSensor) loadCharts(selectedSensor); });
  $('sensor-rows').addEventListener('click', (e) => {
    const tr = e.target.closest('tr');
    if (!tr) return;
    selectedSensor = tr.dataset.subject;
    Array.prototype.forEach.call($('sensor-rows').children, (r) => r.classList.toggle('sel', r === tr));
    loadCharts(selectedSensor);
  });
}

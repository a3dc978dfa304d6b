/* Vigil console: a single page, no build step. Model <- /api/state + /api/events (SSE); views drawn on demand. */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var LEVELS = ['none', 'blue', 'yellow', 'orange', 'red'];
  var RANK = {none: 0, blue: 1, yellow: 2, orange: 3, red: 4};
  var LEVEL_COLOR = {blue: '#2f81f7', yellow: '#e3b341', orange: '#f0883e', red: '#f85149'};
  var ROLE_RANK = {viewer: 0, operator: 1, engineer: 2};
  var MAX_ALERTS = 1000, MAX_ROWS = 300;

  var me = null, es = null, lastEventId = 0;
  var model = {sites: {}, risks: {}, sensors: {}, alerts: [], alertStates: {}, detections: {}, frames: {},
    silences: {}, acks: {}, rulesStatus: null, zones: {}};
  var dirty = {};
  var view = 'overview', selectedSite = null, selectedSensor = null;
  // Measurements the responsiveness test reads.
  var perf = window.vigilPerf = {events: 0, alertsRendered: 0, lags: [], e2e: [], routes: [], resyncs: 0, dropped: 0};

  function api(method, path, body) {
    var o = {method: method, headers: {}, credentials: 'same-origin'};
    if (body !== undefined) { o.headers['Content-Type'] = 'application/json'; o.body = JSON.stringify(body); }
    return fetch(path, o).then(function (r) {
      return r.text().then(function (t) {
        var data = null;
        try { data = t ? JSON.parse(t) : null; } catch (e) { data = {error: t}; }
        if (r.status === 401 && path !== '/api/login') { showLogin(); }
        if (!r.ok) { var err = new Error((data && data.error) || ('HTTP ' + r.status)); err.status = r.status; err.data = data; throw err; }
        return data;
      });
    });
  }
  function toast(text, bad) {
    var t = $('toast');
    t.textContent = text;
    t.className = 'toast' + (bad ? ' error' : '');
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { t.className = 'toast hidden'; }, 6000);
  }
  function fmtTs(v) {
    if (v == null) return '';
    var d = typeof v === 'number' ? new Date(v) : new Date(v);
    return isNaN(d) ? String(v) : d.toISOString().replace('T', ' ').substring(0, 19) + 'Z';
  }
  function esc(s) { return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); }
  // Every value from the feeds reaches HTML through esc(), lvl() or num(): a level from its closed set (it is also a
  // class name), a number as a number. The server bounds the same values; this is the browser's own line.
  function lvl(l) { return RANK.hasOwnProperty(l) ? l : 'none'; }
  function num(x) { var n = Number(x); return isFinite(n) ? String(n) : ''; }

  // ---- login ----
  function showLogin() {
    if (es) { es.close(); es = null; }
    $('app').classList.add('hidden');
    $('login').classList.remove('hidden');
  }
  $('login-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    $('login-error').textContent = '';
    api('POST', '/api/login', {user: $('login-user').value, password: $('login-password').value})
      .then(function (u) { $('login-password').value = ''; start(u); })
      .catch(function (e) { $('login-error').textContent = e.message; });
  });
  $('logout').addEventListener('click', function () { api('POST', '/api/logout').finally(showLogin); });

  function start(u) {
    me = {user: u.user, role: u.role, region: u.region, regionName: u.regionName};
    $('who').textContent = me.user + ' (' + me.role + (u.region && u.region !== '*' ? ', ' + (u.regionName || u.region) : '') + ')';
    document.body.classList.toggle('can-operate', ROLE_RANK[me.role] >= 1);
    document.querySelectorAll('.operator-only').forEach(function (e) { e.classList.toggle('hidden', ROLE_RANK[me.role] < 1); });
    document.querySelectorAll('.engineer-only').forEach(function (e) { e.classList.toggle('hidden', ROLE_RANK[me.role] < 2); });
    document.querySelectorAll('.not-engineer').forEach(function (e) { e.classList.toggle('hidden', ROLE_RANK[me.role] >= 2); });
    $('login').classList.add('hidden');
    $('app').classList.remove('hidden');
    api('GET', '/api/cameras').then(function (z) { model.zones = z || {}; });
    loadSnapshot().then(connect).then(route);
    loadWarnings();
  }

  function loadSnapshot() {
    return api('GET', '/api/state').then(function (s) {
      lastEventId = s.lastEventId;
      model.sites = {};
      s.sites.forEach(function (x) { model.sites[x] = true; });
      model.risks = s.risks || {};
      model.sensors = {};
      s.sensors.forEach(function (r) { model.sensors[r.subject] = r; });
      model.alerts = s.alerts || [];
      model.alertStates = s.alertStates || {};
      model.detections = s.detections || {};
      model.acks = s.acks || {};
      model.silences = s.silences || {};
      model.rulesStatus = s.rulesStatus || null;
      markAll();
    });
  }

  // ---- live stream ----
  function connect() {
    if (es) es.close();
    es = new EventSource('/api/events?after=' + lastEventId);
    es.onopen = function () { $('conn').textContent = 'live'; $('conn').className = 'conn live'; };
    es.onerror = function () {
      $('conn').textContent = 'reconnecting…'; $('conn').className = 'conn';
      if (es.readyState === EventSource.CLOSED) {
        // The server refused (e.g. the session ended): check, then reconnect from the snapshot.
        api('GET', '/api/me').then(function () { setTimeout(function () { loadSnapshot().then(connect); }, 2000); });
      }
    };
    function on(type, fn) {
      es.addEventListener(type, function (e) {
        perf.events++;
        if (e.lastEventId) lastEventId = +e.lastEventId;
        fn(JSON.parse(e.data), performance.now());
      });
    }
    on('risk', function (r) { model.risks[r.site] = r; model.sites[r.site] = true; mark('overview'); });
    on('alert', function (a, t) { addAlert(a, t); });
    on('readings', function (batch) {
      batch.forEach(function (r) { model.sensors[r.subject] = r; model.sites[r.site] = true; });
      mark('sensors');
    });
    on('detections', function (d) { model.detections[d.site + '/' + d.camera] = d; mark('cameras'); });
    on('frame', function (f) { model.frames[f.site + '/' + f.camera] = f; mark('cameras'); });
    on('rules-status', function (s) { model.rulesStatus = s; mark('rules-status'); });
    on('rules', function () { mark('rules-status'); });
    on('ack', function (a) {
      model.acks[a.alertId] = a;
      toast(a.accepted ? 'Acknowledged by the job: ' + a.alertId : 'The job refused the acknowledgement: ' + (a.reason || ''), !a.accepted);
      mark('alerts');
    });
    on('silence', function (s) {
      if (s.deleted) delete model.silences[s.id]; else model.silences[s.id] = s.silence;
      mark('silences');
    });
    on('warnings', function () { loadWarnings(); });
    on('broadcast', function () { if (view === 'duty') loadBroadcasts(); });
    // A new registry version may move sites into or out of this user's region: draw again from a new snapshot.
    on('registry', function () { loadSnapshot().then(route); loadWarnings(); });
    on('comment', function (c) {
      if (c.alertId === commentAlert) loadComments(); else toast('Comment on ' + c.alertId + ' by ' + c.by + ': ' + c.comment);
    });
    on('reset', function () { perf.resyncs++; loadSnapshot(); });
    on('dropped', function (d) { perf.dropped += d.count; perf.resyncs++; loadSnapshot(); });
  }

  // Public warnings (CAP 1.2) in force, as the job issued them; each links to its message.
  var warningsLoading = null;
  function loadWarnings() {
    if (warningsLoading) return warningsLoading;
    warningsLoading = api('GET', '/api/warnings').then(function (w) { model.warnings = w || []; mark('warnings'); })
      .finally(function () { warningsLoading = null; });
    return warningsLoading;
  }
  function renderWarnings() {
    var rows = '';
    (model.warnings || []).forEach(function (w) {
      var level = w.severity === 'Extreme' ? 'red' : w.severity === 'Severe' ? 'orange' : 'yellow';
      rows += '<tr class="lvl-' + level + '"><td>' + esc(w.severity) + '</td><td>' + esc(w.headline) + '</td><td>' +
        esc(w.area) + '</td><td>' + esc(w.msgType) + ' ' + esc(w.sent) + '</td><td><a href="/warnings/' +
        esc(encodeURIComponent(w.incident)) + '.xml">CAP</a></td></tr>';
    });
    $('warning-rows').innerHTML = rows || '<tr><td class="muted">none</td></tr>';
  }

  var pendingAlerts = [];
  function addAlert(a, receivedAt) {
    model.alerts.unshift(a);
    if (model.alerts.length > MAX_ALERTS) model.alerts.length = MAX_ALERTS;
    model.alertStates[a.id] = a;
    model.sites[a.site] = true;
    pendingAlerts.push({a: a, t: receivedAt});
    mark('alerts');
  }

  // ---- rendering, at most once a frame ----
  var scheduled = false;
  function mark(what) { dirty[what] = true; if (!scheduled) { scheduled = true; requestAnimationFrame(render); } }
  function markAll() { ['overview', 'sensors', 'cameras', 'alerts', 'alerts-full', 'silences', 'rules-status', 'sites-list'].forEach(mark); }
  function render() {
    scheduled = false;
    var d = dirty; dirty = {};
    if (d.overview || d.alerts || d.sites) renderOverview();
    if (view === 'sites' && (d.sensors || d['sites-list'] || d.overview)) renderSensors();
    if (view === 'cameras' && d.cameras) renderCameras();
    if (d.alerts || d['alerts-full']) renderAlerts(!!d['alerts-full']);
    if (d.silences) renderSilences();
    if (d.warnings) { renderWarnings(); if (view === 'duty') renderDutyWarnings(); }
    if (d['rules-status']) renderRulesStatus();
    if (pendingAlerts.length) {
      var now = performance.now(), wall = Date.now();
      pendingAlerts.forEach(function (p) {
        perf.alertsRendered++;
        perf.lags.push(now - p.t);
        var up = Date.parse(p.a.updatedAt);
        if (!isNaN(up)) perf.e2e.push(wall - up);
      });
      if (perf.lags.length > 20000) { perf.lags.splice(0, 10000); perf.e2e.splice(0, 10000); }
      pendingAlerts = [];
    }
  }

  function siteList() { return Object.keys(model.sites).sort(); }

  function renderOverview() {
    var grid = $('sites-grid');
    var sites = siteList();
    var counts = {};
    Object.keys(model.sensors).forEach(function (s) { var site = s.split('/')[0]; counts[site] = (counts[site] || 0) + 1; });
    var html = '';
    sites.forEach(function (s) {
      var r = model.risks[s] || {level: 'none'};
      var level = lvl(r.level);
      html += '<div class="site lvl-' + level + '" id="site-' + esc(s) + '" data-site="' + esc(s) + '" data-level="' + level + '">' +
        '<div class="name">' + esc(s) + '</div><div class="level">' + (level === 'none' ? 'no alert' : level) + '</div>' +
        (r.rule ? '<div class="driver">' + esc(r.rule) + ' · ' + esc(r.subject) + '</div>' : '') +
        '<div class="driver">' + (num(r.openAlerts) || 0) + ' open alert(s) · ' + (counts[s] || 0) + ' sensors</div></div>';
    });
    if (grid.innerHTML !== html) grid.innerHTML = html;
    var open = 0;
    Object.keys(model.alertStates).forEach(function (id) {
      var st = model.alertStates[id].state;
      if (st !== 'resolved') open++;
    });
    $('open-count').textContent = open ? open : '';
    var rows = '';
    model.alerts.slice(0, 8).forEach(function (a) { rows += alertRow(a, false); });
    $('overview-alerts').innerHTML = rows;
    var sel = $('f-site');
    if (sel.options.length - 1 !== sites.length) {
      var cur = sel.value;
      sel.innerHTML = '<option value="">all</option>' + sites.map(function (s) { return '<option>' + esc(s) + '</option>'; }).join('');
      sel.value = cur;
    }
  }
  $('sites-grid').addEventListener('click', function (e) {
    var t = e.target.closest('.site');
    if (t) { selectedSite = t.dataset.site; location.hash = '#/sites/' + encodeURIComponent(selectedSite); }
  });

  function alertRow(a, actions) {
    var latest = model.alertStates[a.id] || a;
    var level = lvl(a.level === 'none' ? a.previousLevel : a.level);
    var canAck = actions && ROLE_RANK[me.role] >= 1 && latest === a && a.state !== 'resolved' && a.state !== 'acknowledged';
    var ack = model.acks[a.id];
    return '<tr class="' + (a.state === 'acknowledged' ? 'acked' : '') + '" data-id="' + esc(a.id) + '" data-state="' + esc(a.state) + '">' +
      '<td>' + esc(fmtTs(a.updatedAt)) + '</td><td>' + esc(a.site) + '</td><td><span class="chip lvl-' + level + '">' + level + '</span></td>' +
      '<td class="state">' + esc(a.state) + (a.state === 'acknowledged' && a.ackedBy ? ' by ' + esc(a.ackedBy) +
        (ack && ack.accepted && ack.author ? ' <span class="author" title="MQTT identity that sent the ack">(via ' + esc(ack.author) + ')</span>' : '') : '') + '</td>' +
      '<td>' + esc(a.rule) + '</td>' + (actions ? '<td>' + esc(a.subject) + '</td><td>' + esc(a.message) + '</td>' : '') +
      (actions ? '<td>' + (canAck ? '<button class="small ack" data-id="' + esc(a.id) + '">Acknowledge</button>' : '') +
        (ack && !ack.accepted && latest === a ? '<span class="error">refused: ' + esc(ack.reason) + '</span>' : '') + '</td>' : '') +
      '</tr>';
  }

  function renderAlerts() {
    if (view !== 'alerts') return;
    var fs = $('f-site').value, fl = $('f-level').value, fst = $('f-state').value, open = $('f-open').checked;
    var rows = '', n = 0;
    for (var i = 0; i < model.alerts.length && n < MAX_ROWS; i++) {
      var a = model.alerts[i];
      var al = a.level === 'none' ? a.previousLevel : a.level;
      if (fs && a.site !== fs) continue;
      if (fl && al !== fl) continue;
      if (fst && a.state !== fst) continue;
      if (open && (model.alertStates[a.id] !== a || a.state === 'resolved')) continue;
      rows += alertRow(a, true);
      n++;
    }
    $('alert-rows').innerHTML = rows;
    $('alert-count').textContent = n + ' shown of ' + model.alerts.length + ' recent transitions';
  }
  ['f-site', 'f-level', 'f-state', 'f-open'].forEach(function (id) { $(id).addEventListener('change', function () { mark('alerts'); }); });
  // Comments on an alert: click its row (DOM built with textContent only).
  var commentAlert = null;
  function loadComments() {
    if (!commentAlert) return;
    var id = commentAlert;
    api('GET', '/api/alerts/' + encodeURIComponent(id) + '/comments').then(function (list) {
      if (id !== commentAlert) return;
      var ul = $('comment-list');
      while (ul.firstChild) ul.removeChild(ul.firstChild);
      list.forEach(function (c) { ul.appendChild(el('li', fmtTs(c.at) + ' ' + c.by + ': ' + c.comment)); });
      if (!list.length) ul.appendChild(el('li', 'no comment yet', 'muted'));
    }).catch(function (err) { toast(err.message, true); });
  }
  $('alert-rows').addEventListener('click', function (e) {
    var tr = e.target.closest('tr');
    if (!tr || e.target.closest('button')) return;
    commentAlert = tr.dataset.id;
    $('comment-alert').textContent = commentAlert;
    $('comment-box').classList.remove('hidden');
    loadComments();
  });
  $('comment-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    if (!commentAlert) return;
    api('POST', '/api/alerts/' + encodeURIComponent(commentAlert) + '/comment', {comment: $('comment-text').value})
      .then(function () { $('comment-text').value = ''; loadComments(); })
      .catch(function (err) { toast(err.message, true); });
  });
  $('alert-rows').addEventListener('click', function (e) {
    var b = e.target.closest('button.ack');
    if (!b) return;
    var comment = window.vigilAckComment || '';
    b.disabled = true; b.textContent = 'sent…';
    api('POST', '/api/alerts/' + encodeURIComponent(b.dataset.id) + '/ack', {comment: comment})
      .then(function () { toast('Acknowledgement sent for ' + b.dataset.id + '; waiting for the job'); })
      .catch(function (err) { b.disabled = false; b.textContent = 'Acknowledge'; toast(err.message, true); });
  });

  // ---- silences ----
  function renderSilences() {
    var rows = '';
    Object.keys(model.silences).forEach(function (id) {
      var s = model.silences[id];
      var live = Date.parse(s.endsAt) > Date.now();
      rows += '<tr><td>' + esc(id) + '</td><td>' + esc((s.sites || []).concat(s.sensors || [], s.rules || []).join(', ')) +
        '</td><td>until ' + esc(fmtTs(s.endsAt)) + '</td><td>' + esc(s.createdBy) + (s.author ? ' <span class="author" title="MQTT identity that set it">(via ' + esc(s.author) + ')</span>' : '') + '</td><td>' + esc(s.comment) + '</td><td>' +
        (live && ROLE_RANK[me.role] >= 1 ? '<button class="small lift" data-id="' + esc(id) + '">Lift</button>' : 'ended') + '</td></tr>';
    });
    $('silence-rows').innerHTML = rows;
  }
  function list(v) { return v.split(',').map(function (s) { return s.trim(); }).filter(Boolean); }
  $('silence-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    api('POST', '/api/silences', {sites: list($('s-sites').value), sensors: list($('s-sensors').value),
      rules: list($('s-rules').value), minutes: +$('s-minutes').value, comment: $('s-comment').value})
      .then(function (s) { toast('Silence ' + s.id + ' set until ' + fmtTs(s.endsAt)); })
      .catch(function (e) { toast(e.message, true); });
  });
  $('silence-rows').addEventListener('click', function (e) {
    var b = e.target.closest('button.lift');
    if (b) api('DELETE', '/api/silences/' + encodeURIComponent(b.dataset.id)).catch(function (err) { toast(err.message, true); });
  });

  // ---- sensors ----
  function mainValue(r) {
    var v = r.values || {};
    var k = Object.keys(v)[0];
    if (!k) return '';
    var x = v[k];
    return k + ' ' + (typeof x === 'number' ? (Math.round(x * 1000) / 1000) : esc(x));
  }
  function renderSensors() {
    var sel = $('site-select'), sites = siteList();
    if (sel.options.length !== sites.length) {
      sel.innerHTML = sites.map(function (s) { return '<option>' + esc(s) + '</option>'; }).join('');
    }
    if (!selectedSite && sites.length) selectedSite = sites[0];
    sel.value = selectedSite || '';
    var r = model.risks[selectedSite] || {level: 'none'};
    $('site-summary').innerHTML = '<span class="chip lvl-' + lvl(r.level) + '">' + lvl(r.level) + '</span> ' + esc(r.rule || '');
    var tb = $('sensor-rows');
    var subjects = Object.keys(model.sensors).filter(function (s) { return s.indexOf(selectedSite + '/') === 0; }).sort();
    if (tb.dataset.site !== selectedSite || tb.children.length !== subjects.length) {
      tb.dataset.site = selectedSite;
      tb.innerHTML = subjects.map(function (s) {
        var x = model.sensors[s];
        return '<tr id="sensor-' + esc(s.replace(/\//g, '-')) + '" data-subject="' + esc(s) + '" class="' + (s === selectedSensor ? 'sel' : '') +
          '"><td>' + esc(x.sensor) + '</td><td>' + esc(x.kind) + '</td><td class="v"></td><td class="t"></td></tr>';
      }).join('');
    }
    for (var i = 0; i < tb.children.length; i++) {
      var row = tb.children[i], x = model.sensors[row.dataset.subject];
      var v = mainValue(x), t = fmtTs(x.ts);
      if (row.children[2].textContent !== v) row.children[2].textContent = v;
      if (row.children[3].textContent !== t) row.children[3].textContent = t;
    }
  }
  $('site-select').addEventListener('change', function () { location.hash = '#/sites/' + encodeURIComponent($('site-select').value); });
  $('hours-select').addEventListener('change', function () { if (selectedSensor) loadCharts(selectedSensor); });
  $('sensor-rows').addEventListener('click', function (e) {
    var tr = e.target.closest('tr');
    if (!tr) return;
    selectedSensor = tr.dataset.subject;
    Array.prototype.forEach.call($('sensor-rows').children, function (r) { r.classList.toggle('sel', r === tr); });
    loadCharts(selectedSensor);
  });

  var SERIES_COLORS = ['#58a6ff', '#3fb950', '#d2a8ff', '#ff7b72', '#e3b341', '#79c0ff'];
  function loadCharts(subject) {
    var p = subject.split('/');
    var box = $('charts');
    box.innerHTML = '<p class="muted">loading ' + esc(subject) + '…</p>';
    api('GET', '/api/history?site=' + encodeURIComponent(p[0]) + '&kind=' + encodeURIComponent(p[1]) +
        '&sensor=' + encodeURIComponent(p[2]) + '&hours=' + $('hours-select').value).then(function (h) {
      box.innerHTML = '<h3 id="charts-title">' + esc(subject) + '</h3>';
      var s = h.series, groups;
      if (p[1] === 'rain') {
        groups = [['Rainfall accumulations (mm)', ['rain_10m', 'rain_1h', 'rain_3h', 'rain_24h']],
          ['Intensity-duration: event intensity / threshold (1 = on the curve)', Object.keys(s).filter(function (k) { return /^id_.*_ratio$/.test(k); })],
          ['Effective antecedent rainfall (mm)', ['effective_rain', 'antecedent_rain']]];
      } else if (p[1] === 'level') {
        groups = [['Water level (m) and rise (m/h)', Object.keys(s)]];
      } else {
        groups = [['Displacement (mm)', ['displacement_mm']], ['Velocity (mm/day)', ['velocity_mm_d']],
          ['Tangent angle (deg)', ['tangent_angle_deg']], ['Inverse velocity (day/mm)', ['inverse_velocity_d_mm']]];
      }
      var now = Date.now(), from = now - (+$('hours-select').value) * 3600e3;
      groups.forEach(function (g, gi) {
        var names = g[1].filter(function (k) { return s[k] && s[k].length; });
        if (!names.length) return;
        var hl = [];
        (h.thresholds || []).forEach(function (t) {
          if (names.indexOf(t.metric) >= 0) t.levels.forEach(function (l) {
            hl.push({y: l.raise, color: LEVEL_COLOR[l.level] || '#888', label: t.rule + ' ' + l.level + ' ' + l.raise});
          });
        });
        if (/ratio/.test(g[0])) hl.push({y: 1, color: '#f85149', label: 'threshold curve'});
        var vl = [];
        if (h.forecastFailureAt && p[1] !== 'rain') vl.push({x: h.forecastFailureAt, color: '#f85149', label: 'forecast failure ' + fmtTs(h.forecastFailureAt)});
        VigilChart.line(box, {id: 'chart-' + gi, title: g[0], xMin: from, xMax: Math.max(now, h.forecastFailureAt && p[1] !== 'rain' ? h.forecastFailureAt : 0),
          series: names.map(function (k, i) { return {name: k, color: SERIES_COLORS[i % SERIES_COLORS.length], points: s[k]}; }),
          hlines: hl, vlines: vl});
      });
      if (box.children.length === 1) box.insertAdjacentHTML('beforeend', '<p class="muted">No derived series in this period.</p>');
    }).catch(function (e) { box.innerHTML = '<p class="error">' + esc(e.message) + '</p>'; });
  }

  // ---- cameras ----
  var images = {};
  function renderCameras() {
    var box = $('cameras');
    var keys = Object.keys(model.detections).sort();
    if (!keys.length) return;
    if (box.dataset.keys !== keys.join(',')) {
      box.dataset.keys = keys.join(',');
      box.innerHTML = keys.map(function (k) {
        var id = 'cam-' + k.replace(/\//g, '-');
        return '<div class="camera" id="' + esc(id) + '"><h4>' + esc(k) + '</h4><canvas width="768" height="576"></canvas><div class="stats"></div></div>';
      }).join('');
    }
    keys.forEach(function (k) {
      var d = model.detections[k];
      var el = document.getElementById('cam-' + k.replace(/\//g, '-'));
      var canvas = el.querySelector('canvas');
      if (canvas.width !== d.width) { canvas.width = d.width || 768; canvas.height = d.height || 576; }
      var img = images[k];
      var f = model.frames[k];
      if (f && (!img || img.seq !== f.seq) && !(img && img.loading)) {
        var im = new Image();
        images[k] = {img: (img && img.img) || null, seq: f.seq, loading: true};
        im.onload = function () { images[k] = {img: im, seq: f.seq, loading: false}; draw(canvas, k); };
        im.onerror = function () { images[k].loading = false; };
        im.src = '/api/cameras/' + encodeURIComponent(d.site) + '/' + encodeURIComponent(d.camera) + '/frame?seq=' + f.seq;
      }
      draw(canvas, k);
      var zs = (d.zones || []).map(function (z) {
        var flow = 'in <span class="entries">' + num(z.entries) + '</span> · out <span class="exits">' + num(z.exits) + '</span>' +
          (known(z.netInflowPerMin) ? ' · net ' + fixed(z.netInflowPerMin, 1) + '/min' : '') +
          (Number(z.maxDwellS) > 0 ? ' · dwell max ' + fixed(z.maxDwellS, 0) + ' s' : '') +
          (known(z.minutesToCapacity) ? ' · <span class="full">full in ' + fixed(z.minutesToCapacity, 1) + ' min</span>' : '');
        return '<tr class="zone"><td>' + esc(z.id) + '</td><td class="people">' + num(z.people) + '</td><td>' + (+z.densityPerM2).toFixed(2) +
          ' /m²</td><td class="los">LOS ' + esc(z.levelOfService) + '</td><td>' + (num(z.capacity) ? 'cap ' + num(z.capacity) : '') +
          '</td></tr><tr class="zone-flow"><td></td><td colspan="4">' + flow + '</td></tr>';
      }).join('');
      var ls = (d.lines || []).map(function (l) {
        return '<tr class="line"><td>line ' + esc(l.id) + '</td><td colspan="4">in <span class="line-in">' + num(l.in) +
          '</span> · out <span class="line-out">' + num(l.out) + '</span></td></tr>';
      }).join('');
      var tracks = d.tracks || [];
      el.querySelector('.stats').innerHTML = '<div><b class="count">' + num(d.people) + '</b> people · ' +
        '<span class="tracks">' + num(d.tracksTotal != null ? d.tracksTotal : tracks.length) + '</span> tracks · ' + num((d.boxes || []).length) +
        ' boxes · motion ' + (+d.motionEnergy).toFixed(2) + ' · ' + esc(fmtTs(d.ts)) + '</div><table>' + zs + ls + '</table>';
    });
  }
  function fixed(x, digits) { var n = Number(x); return isFinite(n) ? n.toFixed(digits) : ''; }
  function known(x) { return x !== null && x !== undefined && isFinite(Number(x)); }
  var TRACK_COLOURS = {moving: '#3fb950', still: '#d29922', lost: '#8b949e'};
  var LINE_COLOUR = '#58a6ff';
  function draw(canvas, k) {
    var d = model.detections[k], g = canvas.getContext('2d'), im = images[k];
    if (im && im.img) g.drawImage(im.img, 0, 0, canvas.width, canvas.height);
    else { g.fillStyle = '#000'; g.fillRect(0, 0, canvas.width, canvas.height); }
    var zones = model.zones[d.camera] || [];
    g.lineWidth = 2;
    zones.forEach(function (z) {
      g.strokeStyle = '#e3b341'; g.beginPath();
      z.polygon.forEach(function (p, i) { if (i) g.lineTo(p[0], p[1]); else g.moveTo(p[0], p[1]); });
      g.closePath(); g.stroke();
      g.fillStyle = '#e3b341'; g.font = '16px sans-serif'; g.fillText(z.id, z.polygon[0][0] + 6, z.polygon[0][1] + 18);
    });
    // Detector boxes thin; tracks (the people counted) by state, each with its foot point and id; counting lines
    // with their direction (an arrow from the line towards its "in" side) and counts. Values from the feed are
    // numbers (FeedData) and reach the canvas only as coordinates or through num().
    g.lineWidth = 1; g.strokeStyle = '#3fb950';
    (d.boxes || []).forEach(function (b) { g.strokeRect(b.x, b.y, b.w, b.h); });
    var drawnTracks = 0;
    (d.tracks || []).forEach(function (t) {
      var c = TRACK_COLOURS.hasOwnProperty(t.state) ? TRACK_COLOURS[t.state] : TRACK_COLOURS.lost;
      g.strokeStyle = c; g.fillStyle = c; g.lineWidth = 2;
      if (t.state === 'lost') g.setLineDash([6, 4]);
      g.strokeRect(Number(t.x), Number(t.y), Number(t.w), Number(t.h));
      g.setLineDash([]);
      g.beginPath(); g.arc(Number(t.footX), Number(t.footY), 5, 0, 2 * Math.PI); g.fill();
      g.font = '13px sans-serif'; g.fillText('#' + num(t.id), Number(t.x) + 2, Number(t.y) - 4);
      drawnTracks++;
    });
    var drawnLines = 0;
    (d.lines || []).forEach(function (l) {
      var x0 = Number(l.from[0]), y0 = Number(l.from[1]), x1 = Number(l.to[0]), y1 = Number(l.to[1]);
      g.strokeStyle = LINE_COLOUR; g.fillStyle = LINE_COLOUR; g.lineWidth = 4;
      g.beginPath(); g.moveTo(x0, y0); g.lineTo(x1, y1); g.stroke();
      var len = Math.hypot(x1 - x0, y1 - y0) || 1, mx = (x0 + x1) / 2, my = (y0 + y1) / 2;
      var nx = (y1 - y0) / len, ny = -(x1 - x0) / len; // towards the left-hand side of from -> to: where "in" goes
      g.lineWidth = 2; g.beginPath(); g.moveTo(mx, my); g.lineTo(mx + 24 * nx, my + 24 * ny); g.stroke();
      g.font = '14px sans-serif';
      g.fillText(String(l.id).substring(0, 24) + ' in ' + num(l.in) + ' out ' + num(l.out), mx + 30 * nx + 4, my + 30 * ny);
      drawnLines++;
    });
    canvas.dataset.tracks = String(drawnTracks);
    canvas.dataset.lines = String(drawnLines);
  }

  // ---- rules ----
  function renderRulesStatus() {
    var s = model.rulesStatus;
    $('rules-status').innerHTML = s ? 'job: version ' + esc(s.version) + ' <b>' + esc(s.status) + '</b>, in force ' +
      esc(s.activeVersion) + ' (' + esc(s.summary) + ')' : '';
  }
  function loadRules() {
    api('GET', '/api/rules').then(function (r) {
      if (!$('rules-yaml').dataset.touched) $('rules-yaml').value = r.yaml;
      $('rules-source').textContent = 'In force: ' + r.source;
    });
    var now = new Date();
    if (!$('bt-to').value) $('bt-to').value = new Date(Math.ceil(now / 60000) * 60000).toISOString().replace('.000', '');
    if (!$('bt-from').value) $('bt-from').value = new Date(now - 6 * 3600e3).toISOString().replace(/\.\d+Z/, 'Z');
  }
  $('rules-yaml').addEventListener('input', function () { $('rules-yaml').dataset.touched = '1'; });
  function showProblems(res) {
    var box = $('rules-problems');
    if (res.valid) { box.innerHTML = '<div class="valid">Valid: ' + num(res.rules) + ' rules. ' + esc((res.notes || []).join(' ')) + '</div>'; return; }
    box.innerHTML = res.problems.map(function (p) {
      return '<div class="problem" data-line="' + num(p.line) + '">line ' + num(p.line) + ':' + num(p.column) + ' ' + esc(p.message) + '</div>';
    }).join('');
  }
  $('rules-problems').addEventListener('click', function (e) {
    var p = e.target.closest('.problem');
    if (!p) return;
    var ta = $('rules-yaml'), lines = ta.value.split('\n'), line = +p.dataset.line, pos = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) pos += lines[i].length + 1;
    ta.focus(); ta.setSelectionRange(pos, pos + (lines[line - 1] || '').length);
  });
  $('rules-validate').addEventListener('click', function () {
    api('POST', '/api/rules/validate', {yaml: $('rules-yaml').value}).then(showProblems).catch(function (e) { toast(e.message, true); });
  });
  $('rules-backtest').addEventListener('click', function () {
    var b = $('rules-backtest');
    b.disabled = true;
    $('bt-report').innerHTML = '';
    api('POST', '/api/rules/backtest', {yaml: $('rules-yaml').value, from: $('bt-from').value, to: $('bt-to').value, warmup: $('bt-warmup').value})
      .then(function (run) { $('bt-progress').classList.remove('hidden'); poll(run.id); })
      .catch(function (e) { b.disabled = false; if (e.data && e.data.problems) showProblems({valid: false, problems: e.data.problems}); toast(e.message, true); });
  });
  function poll(id) {
    api('GET', '/api/rules/backtest/' + id).then(function (r) {
      var pr = $('bt-progress');
      if (r.state === 'running') {
        var p = r.progress || {};
        pr.max = p.chunksTotal || 1; pr.value = p.chunksDone || 0;
        $('bt-state').textContent = 'running ' + (r.elapsedMs / 1000).toFixed(1) + ' s: ' + (p.line || '');
        setTimeout(function () { poll(id); }, 500);
        return;
      }
      $('rules-backtest').disabled = false;
      pr.value = pr.max;
      if (r.state === 'failed') { $('bt-state').textContent = 'failed: ' + r.error; return; }
      $('bt-state').textContent = 'done in ' + (r.elapsedMs / 1000).toFixed(1) + ' s';
      renderReport(r.report);
    });
  }
  function renderReport(rep) {
    var html = '<div id="bt-done" class="report">';
    var res = rep.result || rep;
    html += '<p>' + esc(JSON.stringify(rep.readings || rep.summary || {})) + '</p>';
    html += '<pre>' + esc(JSON.stringify(rep, null, 1)).substring(0, 6000) + '</pre></div>';
    $('bt-report').innerHTML = html;
  }
  $('rules-publish').addEventListener('click', function () {
    $('publish-output').textContent = 'publishing… (waiting for the job to answer)';
    api('POST', '/api/rules/publish', {yaml: $('rules-yaml').value, comment: $('publish-comment').value})
      .then(function (r) { $('publish-output').textContent = r.outcome + '\n' + r.output; })
      .catch(function (e) {
        $('publish-output').textContent = e.message;
        if (e.data && e.data.problems) showProblems({valid: false, problems: e.data.problems});
      });
  });

  // ---- duty: hand-issued warnings, loudspeaker coverage, device health (DOM built with textContent only) ----
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function row(cells, cls) {
    var tr = el('tr', null, cls);
    cells.forEach(function (c) { var td = el('td'); if (c instanceof Node) td.appendChild(c); else td.textContent = c == null ? '' : String(c); tr.appendChild(td); });
    return tr;
  }
  function fill(tbody, rows, empty) {
    while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
    rows.forEach(function (r) { tbody.appendChild(r); });
    if (!rows.length) { var r = row([el('span', empty, 'muted')]); r.firstChild.colSpan = 12; tbody.appendChild(r); }
  }
  function pct(x) { return x == null || !isFinite(Number(x)) ? '–' : (100 * Number(x)).toFixed(1) + ' %'; }
  function loadRegions() {
    return api('GET', '/api/regions').then(function (r) {
      $('duty-region').textContent = r.region === '*' ? 'the whole county' : (me.regionName || r.region) + ' (' + r.region + ')';
      $('duty-version').textContent = String(r.version);
      var sel = $('w-region'), cur = sel.value;
      while (sel.firstChild) sel.removeChild(sel.firstChild);
      r.regions.forEach(function (g) {
        var o = el('option', g.name + ' (' + g.level + ')');
        o.value = g.id;
        sel.appendChild(o);
      });
      if (cur) sel.value = cur;
    });
  }
  function loadBroadcasts() {
    return api('GET', '/api/broadcasts').then(function (list) {
      fill($('broadcast-rows'), list.map(function (b) {
        var level = lvl(b.level);
        var chip = el('span', level, 'chip lvl-' + level);
        var tr = row([b.incident, chip, b.msgType + (b.inForce ? '' : ' (not in force)'), b.regions.join(', '),
          el('span', b.confirmed, 'confirmed'), el('span', b.pending, 'pending'), el('span', b.gaveUp, 'gave-up'),
          el('span', b.targets, 'targets'), b.failures.map(function (f) { return f.loudspeaker + ': ' + f.reason; }).join('; '),
          fmtTs(b.updatedAtMs)]);
        tr.dataset.incident = b.incident;
        return tr;
      }), 'no broadcast');
    });
  }
  function loadHealth() {
    return api('GET', '/api/device-health').then(function (list) {
      fill($('health-rows'), list.map(function (h) {
        var tr = row([h.name + ' (' + h.region + ')', h.level, h.devices, h.online + ' (' + pct(h.onlineShare) + ')',
          h.reportsToday + ' of ' + h.expectedToday + ' (' + pct(h.shareToday) + ')',
          h.reportsMonth + ' of ' + h.expectedMonth + ' (' + pct(h.shareMonth) + ')', fmtTs(h.atMs)]);
        tr.dataset.region = h.region;
        return tr;
      }), 'no device health yet (the job writes it every minute when it has a registry)');
    }).catch(function (e) { fill($('health-rows'), [], e.message); });
  }
  function renderDutyWarnings() {
    fill($('duty-warning-rows'), (model.warnings || []).map(function (w) {
      var cells = [w.severity, w.headline, w.area, w.msgType + ' ' + w.sent];
      if (ROLE_RANK[me.role] >= 1) {
        var b = el('button', 'Lift', 'small lift-warning');
        b.type = 'button';
        b.dataset.incident = w.incident;
        cells.push(b);
      } else {
        cells.push('');
      }
      return row(cells);
    }), 'none');
  }
  $('duty-warning-rows').addEventListener('click', function (e) {
    var b = e.target.closest('button.lift-warning');
    if (!b) return;
    b.disabled = true;
    api('POST', '/api/warnings/' + encodeURIComponent(b.dataset.incident) + '/lift', {})
      .then(function () { toast('Lift of ' + b.dataset.incident + ' sent to the job'); })
      .catch(function (err) { b.disabled = false; toast(err.message, true); });
  });
  $('warn-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var out = $('w-result');
    out.textContent = 'sending…';
    out.className = 'muted';
    api('POST', '/api/warnings', {region: $('w-region').value, hazard: $('w-hazard').value, level: $('w-level').value,
      description: $('w-description').value})
      .then(function (r) {
        out.textContent = 'Sent to the job: ' + r.level + ' ' + r.hazard + ' warning for ' + r.region + ' (request ' + r.request + ')';
        out.className = 'sent';
        $('w-description').value = '';
      })
      .catch(function (err) { out.textContent = err.message; out.className = 'error'; });
  });

  // ---- routing ----
  function route() {
    var t0 = performance.now();
    var h = location.hash.replace(/^#\//, '').split('/');
    view = ['overview', 'sites', 'cameras', 'alerts', 'rules', 'duty'].indexOf(h[0]) >= 0 ? h[0] : 'overview';
    if (view === 'sites' && h[1]) { var s = decodeURIComponent(h[1]); if (s !== selectedSite) { selectedSite = s; selectedSensor = null; $('charts').innerHTML = '<p class="muted">Choose a sensor for its charts.</p>'; } }
    document.querySelectorAll('.view').forEach(function (v) { v.classList.toggle('active', v.id === 'view-' + view); });
    document.querySelectorAll('nav a').forEach(function (a) { a.classList.toggle('active', a.id === 'nav-' + view); });
    if (view === 'sites') renderSensors();
    if (view === 'cameras') renderCameras();
    if (view === 'alerts') { renderAlerts(); renderSilences(); }
    if (view === 'rules') { loadRules(); renderRulesStatus(); }
    if (view === 'overview') renderOverview();
    if (view === 'duty') { loadRegions(); loadBroadcasts(); loadHealth(); renderDutyWarnings(); }
    requestAnimationFrame(function () { perf.routes.push({view: view, ms: performance.now() - t0}); document.body.dataset.view = view; });
  }
  window.addEventListener('hashchange', route);

  api('GET', '/api/me').then(start).catch(function () { showLogin(); });
})();

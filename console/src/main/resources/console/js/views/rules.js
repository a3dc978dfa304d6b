/* Rules: the YAML editor, validation with line:column, a backtest with progress and its report, publish. */
import {$, h, fill, clear} from '../dom.js';
import {api} from '../api.js';
import {model, toast} from '../store.js';
import {num} from '../format.js';

export function renderStatus() {
  const x = model.rulesStatus;
  if (!x) { clear($('rules-status')); return; }
  fill($('rules-status'), 'job: version ', String(x.version == null ? '' : x.version), ' ', h('b', null, x.status),
    ', in force ', String(x.activeVersion == null ? '' : x.activeVersion), ' (', x.summary, ')');
}

export function show() {
  api('GET', '/api/rules').then((r) => {
    if (!$('rules-yaml').dataset.touched) $('rules-yaml').value = r.yaml;
    $('rules-source').textContent = 'In force: ' + r.source;
  });
  const now = new Date();
  if (!$('bt-to').value) $('bt-to').value = new Date(Math.ceil(now / 60000) * 60000).toISOString().replace('.000', '');
  if (!$('bt-from').value) $('bt-from').value = new Date(now - 6 * 3600e3).toISOString().replace(/\.\d+Z/, 'Z');
  renderStatus();
}

function showProblems(res) {
  const box = $('rules-problems');
  if (res.valid) {
    fill(box, h('div', {class: 'valid'}, 'Valid: ' + num(res.rules) + ' rules. ' + (res.notes || []).join(' ')));
    return;
  }
  fill(box, res.problems.map((p) => h('div', {class: 'problem', dataset: {line: num(p.line)}},
    'line ' + num(p.line) + ':' + num(p.column) + ' ' + p.message)));
}

function poll(id) {
  api('GET', '/api/rules/backtest/' + id).then((r) => {
    const pr = $('bt-progress');
    if (r.state === 'running') {
      const p = r.progress || {};
      pr.max = p.chunksTotal || 1; pr.value = p.chunksDone || 0;
      $('bt-state').textContent = 'running ' + (r.elapsedMs / 1000).toFixed(1) + ' s: ' + (p.line || '');
      setTimeout(() => poll(id), 500);
      return;
    }
    $('rules-backtest').disabled = false;
    pr.value = pr.max;
    if (r.state === 'failed') { $('bt-state').textContent = 'failed: ' + r.error; return; }
    $('bt-state').textContent = 'done in ' + (r.elapsedMs / 1000).toFixed(1) + ' s';
    const rep = r.report;
    fill($('bt-report'), h('div', {id: 'bt-done', class: 'report'},
      h('p', null, JSON.stringify(rep.readings || rep.summary || {})),
      h('pre', null, JSON.stringify(rep, null, 1).substring(0, 6000))));
  });
}

export function init() {
  $('rules-yaml').addEventListener('input', () => { $('rules-yaml').dataset.touched = '1'; });
  $('rules-problems').addEventListener('click', (e) => {
    const p = e.target.closest('.problem');
    if (!p) return;
    const ta = $('rules-yaml'), lines = ta.value.split('\n'), line = +p.dataset.line;
    let pos = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) pos += lines[i].length + 1;
    ta.focus();
    ta.setSelectionRange(pos, pos + (lines[line - 1] || '').length);
  });
  $('rules-validate').addEventListener('click', () => {
    api('POST', '/api/rules/validate', {yaml: $('rules-yaml').value}).then(showProblems).catch((e) => toast(e.message, true));
  });
  $('rules-backtest').addEventListener('click', () => {
    const b = $('rules-backtest');
    b.disabled = true;
    clear($('bt-report'));
    api('POST', '/api/rules/backtest', {yaml: $('rules-yaml').value, from: $('bt-from').value, to: $('bt-to').value,
      warmup: $('bt-warmup').value})
      .then((run) => { $('bt-progress').classList.remove('hidden'); poll(run.id); })
      .catch((e) => {
        b.disabled = false;
        if (e.data && e.data.problems) showProblems({valid: false, problems: e.data.problems});
        toast(e.message, true);
      });
  });
  $('rules-publish').addEventListener('click', () => {
    $('publish-output').textContent = 'publishing… (waiting for the job to answer)';
    api('POST', '/api/rules/publish', {yaml: $('rules-yaml').value, comment: $('publish-comment').value})
      .then((r) => { $('publish-output').textContent = r.outcome + '\n' + r.output; })
      .catch((e) => {
        $('publish-output').textContent = e.message;
        if (e.data && e.data.problems) showProblems({valid: false, problems: e.data.problems});
      });
  });
}

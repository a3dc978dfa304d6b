import test from 'node:test';
import assert from 'node:assert/strict';
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join, relative} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const ROOT = fileURLToPath(new URL('../../main/resources/console/', import.meta.url));

function files(dir, ext) {
  const out = [];
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...files(p, ext));
    else if (p.endsWith(ext)) out.push(p);
  }
  return out;
}

test('no markup from strings anywhere in the front end: no innerHTML, outerHTML, insertAdjacentHTML, document.write', () => {
  const found = [];
  for (const f of files(ROOT, '.js').concat(files(ROOT, '.html'))) {
    readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
      // dom.js names innerHTML once, to refuse it.
      if (/\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment|DOMParser)\b/.test(line)
          && !(f.endsWith('dom.js') && /never set from a string|'innerHTML' \|\| k === 'outerHTML'/.test(line))) {
        found.push(relative(ROOT, f) + ':' + (i + 1) + ': ' + line.trim());
      }
    });
  }
  assert.deepEqual(found, [], 'markup built from strings; build elements with h() from js/dom.js');
});

test('the page loads one module script and no inline script or style', () => {
  const html = readFileSync(join(ROOT, 'index.html'), 'utf8');
  const scripts = html.match(/<script\b[^>]*>/g);
  assert.deepEqual(scripts, ['<script type="module" src="/app.js">']);
  assert.doesNotMatch(html, /<script>[^<]|\son[a-z]+=|style=/i);
});

test('every module of the front end loads (syntax, imports), app.js aside (it starts the page)', async () => {
  const mods = files(join(ROOT, 'js'), '.js');
  assert.ok(mods.length >= 15, 'modules found: ' + mods.length);
  for (const f of mods) await import(pathToFileURL(f).href);
});

import test from 'node:test';
import assert from 'node:assert/strict';
import {installDocument, serialize} from './fake-dom.js';
import {h, s, fill, row, rows, reconcile, SVG_NS} from '../../main/resources/console/js/dom.js';

installDocument();
const XSS = '<img src=x onerror="window.__xss=1">';

test('text from a feed becomes a text node, escaped when serialized', () => {
  const el = h('td', null, XSS);
  assert.equal(el.childNodes.length, 1);
  assert.equal(el.childNodes[0].nodeType, 3);
  assert.equal(el.textContent, XSS);
  assert.equal(serialize(el), '<td>&lt;img src=x onerror="window.__xss=1"&gt;</td>');
});

test('attribute values are values, never markup', () => {
  const el = h('a', {href: '/warnings/a"b.xml', title: XSS, dataset: {id: '"><script>'}});
  assert.equal(el.getAttribute('title'), XSS);
  assert.equal(el.dataset.id, '"><script>');
  assert.equal(serialize(el), '<a href="/warnings/a&quot;b.xml" title="&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;"'
    + ' data-id="&quot;&gt;&lt;script&gt;"></a>');
});

test('an inline handler cannot be written; a function becomes a listener', () => {
  assert.throws(() => h('img', {onerror: 'window.__xss=1'}), /must be a function/);
  assert.throws(() => h('div', {onClick: 'x()'}), /must be a function/);
  let clicked = 0;
  const b = h('button', {onclick: () => clicked++}, 'Go');
  assert.equal(b.getAttribute('onclick'), null);
  b.listeners.click[0]();
  assert.equal(clicked, 1);
});

test('innerHTML and outerHTML cannot be set through the builder', () => {
  assert.throws(() => h('div', {innerHTML: '<b>x</b>'}), /never set from a string/);
  assert.throws(() => h('div', {outerHTML: '<b>x</b>'}), /never set from a string/);
});

test('children: numbers as text, nested arrays flattened, null, undefined and false skipped', () => {
  const el = h('p', null, 0, [' people', [' · ', null, undefined, false, h('b', null, 3)]]);
  assert.equal(el.textContent, '0 people · 3');
  assert.equal(el.childNodes.length, 4);
});

test('false, null and undefined attributes are left out; true is an empty attribute', () => {
  const el = h('input', {id: undefined, title: null, required: true, 'aria-hidden': false});
  assert.deepEqual(Array.from(el.attributes.keys()), ['required']);
  assert.equal(el.getAttribute('required'), '');
});

test('form state goes to properties', () => {
  const el = h('input', {value: 'abc', checked: true, disabled: true, type: 'checkbox'});
  assert.equal(el.value, 'abc');
  assert.equal(el.checked, true);
  assert.equal(el.disabled, true);
  assert.equal(el.type, 'checkbox');
});

test('SVG elements are made in the SVG namespace', () => {
  const c = s('circle', {cx: 1, cy: 2, r: 3, class: 'dot lvl-red'});
  assert.equal(c.namespaceURI, SVG_NS);
  assert.equal(c.getAttribute('cx'), '1');
  assert.equal(c.getAttribute('class'), 'dot lvl-red');
});

test('fill replaces the children; rows shows the empty text across the table', () => {
  const tb = h('tbody', null, h('tr'), h('tr'));
  fill(tb, row(['a', h('b', null, 'b')]));
  assert.equal(tb.childNodes.length, 1);
  assert.equal(serialize(tb), '<tbody><tr><td>a</td><td><b>b</b></td></tr></tbody>');
  rows(tb, [], 'none <yet>');
  assert.equal(serialize(tb), '<tbody><tr><td class="muted">none &lt;yet&gt;</td></tr></tbody>');
  assert.equal(tb.childNodes[0].childNodes[0].colSpan, 12);
});

test('reconcile keeps the nodes that stay, adds new ones in place and drops the rest', () => {
  const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((x) => h('tr', {id: x}));
  const tb = h('tbody', null, a, b, c);
  tb.mutations = 0;
  // A new row on top, the last one gone: one insertion, one removal; a, b untouched.
  reconcile(tb, [d, a, b]);
  assert.deepEqual(tb.childNodes.map((n) => n.getAttribute('id')), ['d', 'a', 'b']);
  assert.equal(tb.mutations, 1);
  assert.equal(c.parentNode, null);
  reconcile(tb, [b, a]);
  assert.deepEqual(tb.childNodes.map((n) => n.getAttribute('id')), ['b', 'a']);
  reconcile(tb, []);
  assert.equal(tb.childNodes.length, 0);
});

/*
 * The one way the console builds DOM: h(tag, attrs, ...children). Text is only ever a text node, so a value from
 * a feed can never become markup (HTML escaped by construction). Attributes are set one by one with setAttribute
 * (or as properties for form state); an attribute whose name starts with "on" is refused unless it is a function,
 * which becomes an event listener: no inline handler can be written through it.
 */

export const SVG_NS = 'http://www.w3.org/2000/svg';

/** Properties rather than attributes: the live state of form controls. */
const PROPS = new Set(['value', 'checked', 'disabled', 'selected', 'colSpan', 'hidden', 'type', 'max']);

function doc() { return globalThis.document; }

/** Appends children: strings and numbers as text nodes, nodes as they are, arrays flattened; null/false/undefined skipped. */
export function append(parent, ...children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) { append(parent, ...c); continue; }
    if (typeof c === 'object' && typeof c.nodeType === 'number') { parent.appendChild(c); continue; }
    parent.appendChild(doc().createTextNode(String(c)));
  }
  return parent;
}

/** Sets attributes on an element (see the module comment). */
export function attrs(el, a) {
  if (!a) return el;
  for (const k of Object.keys(a)) {
    const v = a[k];
    if (v === null || v === undefined || v === false) continue;
    if (k === 'innerHTML' || k === 'outerHTML') throw new Error('markup is never set from a string');
    if (/^on/i.test(k)) {
      if (typeof v !== 'function') throw new Error('attribute ' + k + ' must be a function');
      el.addEventListener(k.substring(2).toLowerCase(), v);
    } else if (k === 'dataset') {
      for (const d of Object.keys(v)) if (v[d] !== null && v[d] !== undefined) el.dataset[d] = String(v[d]);
    } else if (k === 'class' || k === 'className') {
      el.setAttribute('class', String(v));
    } else if (PROPS.has(k)) {
      el[k] = v;
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  return el;
}

/** An HTML element. */
export function h(tag, a, ...children) {
  return append(attrs(doc().createElement(tag), a), ...children);
}

/** An SVG element. */
export function s(tag, a, ...children) {
  return append(attrs(doc().createElementNS(SVG_NS, tag), a), ...children);
}

/** Removes every child. */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Replaces the children of el with these. */
export function fill(el, ...children) {
  return append(clear(el), ...children);
}

/** Makes parent's children exactly `nodes`, in order, moving or removing only what differs (kept nodes stay put). */
export function reconcile(parent, nodes) {
  let cur = parent.firstChild;
  for (const n of nodes) {
    if (cur === n) { cur = cur.nextSibling; continue; }
    parent.insertBefore(n, cur);
  }
  while (cur) { const next = cur.nextSibling; parent.removeChild(cur); cur = next; }
  return parent;
}

/** A table row of cells: each cell text, a node, or an array of them. */
export function row(cells, a) {
  return h('tr', a, cells.map((c) => h('td', null, c)));
}

/** Fills a tbody with rows, or one row saying `empty` across the table. */
export function rows(tbody, list, empty) {
  if (!list.length && empty !== undefined) return fill(tbody, h('tr', null, h('td', {colSpan: 12, class: 'muted'}, empty)));
  return fill(tbody, list);
}

/** The element with this id. */
export function $(id) { return doc().getElementById(id); }

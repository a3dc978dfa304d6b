/*
 * A minimal document for the DOM builder's tests: elements, text nodes, attributes, dataset, listeners, and a
 * serializer that escapes text and attribute values as a browser's would, so a test can see what would be markup.
 */

class Node {
  constructor(doc, nodeType) { this.ownerDocument = doc; this.nodeType = nodeType; this.childNodes = []; this.parentNode = null; }
  appendChild(c) {
    this.mutations = (this.mutations || 0) + 1;
    if (c.parentNode) c.parentNode.removeChild(c);
    this.childNodes.push(c);
    c.parentNode = this;
    return c;
  }
  removeChild(c) {
    const i = this.childNodes.indexOf(c);
    if (i >= 0) this.childNodes.splice(i, 1);
    c.parentNode = null;
    return c;
  }
  insertBefore(c, ref) {
    if (ref === null || ref === undefined) return this.appendChild(c);
    if (c.parentNode) c.parentNode.removeChild(c);
    this.childNodes.splice(this.childNodes.indexOf(ref), 0, c);
    c.parentNode = this;
    this.mutations = (this.mutations || 0) + 1;
    return c;
  }
  get firstChild() { return this.childNodes[0] || null; }
  get nextSibling() {
    if (!this.parentNode) return null;
    const s = this.parentNode.childNodes;
    return s[s.indexOf(this) + 1] || null;
  }
  get textContent() { return this.childNodes.map((c) => c.textContent).join(''); }
}

class Text extends Node {
  constructor(doc, data) { super(doc, 3); this.data = data; }
  get textContent() { return this.data; }
}

class Element extends Node {
  constructor(doc, tag, ns) {
    super(doc, 1);
    this.tagName = tag;
    this.namespaceURI = ns || 'http://www.w3.org/1999/xhtml';
    this.attributes = new Map();
    this.listeners = {};
    this.dataset = {};
  }
  setAttribute(k, v) {
    if (!/^[A-Za-z_:][-A-Za-z0-9_:.]*$/.test(k)) throw new Error('InvalidCharacterError: ' + k);
    this.attributes.set(k, String(v));
  }
  getAttribute(k) { return this.attributes.has(k) ? this.attributes.get(k) : null; }
  addEventListener(type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); }
  get children() { return this.childNodes.filter((c) => c.nodeType === 1); }
  set textContent(v) { this.childNodes = [new Text(this.ownerDocument, String(v))]; }
  get textContent() { return super.textContent; }
}

const esc = (x) => x.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escAttr = (x) => esc(x).replace(/"/g, '&quot;');

/** The markup a browser would serialize for a node. */
export function serialize(n) {
  if (n.nodeType === 3) return esc(n.data);
  let a = '';
  for (const [k, v] of n.attributes) a += ' ' + k + '="' + escAttr(v) + '"';
  for (const k of Object.keys(n.dataset)) a += ' data-' + k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()) + '="' + escAttr(n.dataset[k]) + '"';
  return '<' + n.tagName + a + '>' + n.childNodes.map(serialize).join('') + '</' + n.tagName + '>';
}

/** Installs a fresh fake document as globalThis.document and returns it. */
export function installDocument() {
  const doc = {
    createElement(tag) { return new Element(doc, tag.toLowerCase()); },
    createElementNS(ns, tag) { return new Element(doc, tag, ns); },
    createTextNode(data) { return new Text(doc, data); },
    getElementById() { return null; },
  };
  globalThis.document = doc;
  return doc;
}

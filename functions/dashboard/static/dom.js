/**
 * A tiny element builder. Text always goes in as text (textContent / text nodes),
 * never as HTML, so names that come from the API cannot inject markup.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * @typedef {Record<string, string | number | boolean | null | undefined | Record<string, string> | ((e: Event) => void)>} Attrs
 * Plain keys become attributes (false/null/undefined leave them out); `class` and
 * `text` are shortcuts; `dataset` is an object of data-* values; `on<event>` adds a listener.
 * @typedef {Node | string | number | null | undefined | false | Child[]} Child
 */

/**
 * @param {Element} el
 * @param {Attrs} attrs
 * @param {Child[]} children
 */
function fill(el, attrs, children) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset' && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) el.setAttribute(`data-${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, String(v));
    } else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/**
 * @param {Element} el
 * @param {Child[]} children
 */
export function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(typeof child === 'object' ? child : String(child));
  }
}

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Attrs} [attrs]
 * @param {Child[]} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
  return /** @type {HTMLElementTagNameMap[K]} */ (fill(document.createElement(tag), attrs, children));
}

/**
 * @param {string} tag
 * @param {Attrs} [attrs]
 * @param {Child[]} children
 * @returns {SVGElement}
 */
export function svg(tag, attrs = {}, ...children) {
  return /** @type {SVGElement} */ (fill(document.createElementNS(SVG_NS, tag), attrs, children));
}

/**
 * Replaces the children of `el`.
 * @param {Element} el
 * @param {Child[]} children
 */
export function replaceChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

let counter = 0;
/** @param {string} prefix a unique id for aria-labelledby and friends */
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

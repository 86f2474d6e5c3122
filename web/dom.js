/**
 * DOM helpers. Every text from the API goes in as a text node (never innerHTML), so record text
 * cannot inject markup; the CSP forbids inline scripts anyway.
 */

/** Builds an element: h('a', { href: '/x', class: 'y' }, 'text', child). */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

/** SVG elements need their namespace. */
export function svg(tag, attrs = {}, ...children) {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value !== undefined && value !== null) element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

const STATUS_WORDS = {
  NOT_STARTED: 'Not started',
  IN_PROGRESS: 'In progress',
  PARTIALLY_IMPLEMENTED: 'Partially implemented',
  IMPLEMENTED: 'Implemented',
  STALLED: 'Stalled',
  WITHDRAWN: 'Withdrawn',
  NO_COMMITMENT: 'No commitment',
  NOT_IMPLEMENTED: 'Not implemented',
  INSUFFICIENT_INFORMATION: 'Insufficient information',
};

/** An enum value in words: IN_PROGRESS → "In progress". */
export function words(value) {
  if (value === null || value === undefined) return '—';
  return STATUS_WORDS[value] ?? value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, ' ');
}

/** A status as a badge whose colour repeats the word (never colour alone). */
export function statusBadge(status) {
  return h('span', { class: `badge status-${status}` }, words(status));
}

/** An ISO date-time as its day (the API's dates are UTC). */
export function day(iso) {
  return iso ? String(iso).slice(0, 10) : '—';
}

export function link(href, ...children) {
  return h('a', { href }, ...children);
}

export const commitmentHref = (code) => `/commitments/${encodeURIComponent(code)}`;
export const recommendationHref = (code) => `/recommendations/${encodeURIComponent(code)}`;

/** Only http(s) links become anchors: an evidence link is data, not a place to run script from. */
export function externalLink(url) {
  return /^https?:\/\//i.test(url) ? h('a', { href: url, rel: 'noopener noreferrer' }, url) : h('span', {}, url);
}

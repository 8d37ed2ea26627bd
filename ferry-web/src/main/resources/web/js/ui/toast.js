// Toasts for errors and notices (role=alert region in index.html), and a polite announcer for screen
// readers (new messages). Messages are text nodes only.

import { h } from '../dom.js';
import { describeError } from '../errors.js';

const TOAST_MS = 6_000;

export function toast(text, { kind = 'error', timeout = TOAST_MS, testid = 'toast' } = {}) {
  const region = document.getElementById('toasts');
  const close = () => el.remove();
  const el = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-testid': testid },
    h('span', { class: 'toast-text' }, text),
    h('button', { class: 'toast-close', type: 'button', 'aria-label': 'Dismiss', onclick: close }, '×'));
  region.appendChild(el);
  while (region.children.length > 4) region.firstElementChild.remove();
  if (timeout) setTimeout(close, timeout);
  return el;
}

/** Shows a server or network error in words. */
export function showError(err) {
  toast(describeError(err), { kind: 'error', testid: 'error-toast' });
}

export function announce(text) {
  const el = document.getElementById('announcer');
  el.textContent = '';
  // A separate task makes screen readers notice a repeated text.
  setTimeout(() => { el.textContent = text; }, 30);
}

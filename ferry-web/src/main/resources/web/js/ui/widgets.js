// Small shared pieces: avatars, modal dialogs with a focus trap, pop-up menus.

import { h, icon, ICONS } from '../dom.js';
import { colorIndex, initials } from '../format.js';

export function avatar(title, id, size = 'md') {
  return h('div', { class: `avatar avatar-${size} avatar-c${colorIndex(id)}`, 'aria-hidden': 'true' }, initials(title));
}

let openCount = 0;

/**
 * Opens a modal dialog. Escape or the close button closes it; focus is trapped inside and given back to
 * the element that had it. Returns {close, body}.
 */
export function openModal({ title, testid, build, wide = false }) {
  const previous = document.activeElement;
  const titleId = `modal-title-${++openCount}`;
  const body = h('div', { class: 'modal-body' });
  const close = () => {
    backdrop.remove();
    document.removeEventListener('keydown', onKey, true);
    if (previous && previous.isConnected) previous.focus();
  };
  const dialog = h('div', {
    class: `modal${wide ? ' modal-wide' : ''}`, role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId,
    'data-testid': testid,
  },
  h('header', { class: 'modal-header' },
    h('h2', { id: titleId }, title),
    h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close', 'data-testid': 'modal-close', onclick: close },
      icon(ICONS.close))),
  body);
  const backdrop = h('div', { class: 'modal-backdrop', onmousedown: (ev) => { if (ev.target === backdrop) close(); } },
    dialog);
  function onKey(ev) {
    if (ev.key === 'Escape') {
      ev.stopPropagation();
      ev.preventDefault();
      close();
    } else if (ev.key === 'Tab') {
      const focusable = [...dialog.querySelectorAll('button, input, textarea, select, [tabindex="0"]')]
        .filter((el) => !el.disabled && el.offsetParent !== null);
      if (!focusable.length) return;
      const first = focusable[0];
      const last = focusable.at(-1);
      if (ev.shiftKey && document.activeElement === first) {
        ev.preventDefault();
        last.focus();
      } else if (!ev.shiftKey && document.activeElement === last) {
        ev.preventDefault();
        first.focus();
      }
    }
  }
  document.addEventListener('keydown', onKey, true);
  document.body.appendChild(backdrop);
  build(body, close);
  const auto = dialog.querySelector('[autofocus]') ?? dialog.querySelector('input, textarea, button:not(.icon-button)');
  (auto ?? dialog.querySelector('button')).focus();
  return { close, body };
}

/**
 * A pop-up menu anchored to `anchor`: items are {label, icon, testid, danger, run}. Arrow keys move,
 * Enter runs, Escape closes and returns focus.
 */
export function openMenu(anchor, items, { x, y } = {}) {
  document.querySelectorAll('.popup-menu').forEach((m) => m.remove());
  const close = () => {
    menu.remove();
    document.removeEventListener('mousedown', outside, true);
    document.removeEventListener('keydown', onKey, true);
  };
  const buttons = items.map((it) => h('button', {
    type: 'button', role: 'menuitem', class: `menu-item${it.danger ? ' danger' : ''}`, 'data-testid': it.testid,
    onclick: () => { close(); anchor.focus(); it.run(); },
  }, it.icon ? icon(it.icon) : null, it.label));
  const menu = h('div', { class: 'popup-menu', role: 'menu', 'aria-label': 'Message actions' }, buttons);
  document.body.appendChild(menu);
  const r = anchor.getBoundingClientRect();
  const mw = menu.offsetWidth;
  const mh = menu.offsetHeight;
  const left = Math.min(Math.max(8, x ?? r.right - mw), window.innerWidth - mw - 8);
  const top = (y ?? r.bottom) + mh > window.innerHeight - 8 ? Math.max(8, (y ?? r.top) - mh) : (y ?? r.bottom);
  menu.style.left = `${left}px`;
  menu.style.top = `${top}px`;
  function outside(ev) {
    if (!menu.contains(ev.target)) close();
  }
  function onKey(ev) {
    const i = buttons.indexOf(document.activeElement);
    if (ev.key === 'Escape') {
      ev.preventDefault();
      ev.stopPropagation();
      close();
      anchor.focus();
    } else if (ev.key === 'ArrowDown') {
      ev.preventDefault();
      buttons[(i + 1) % buttons.length].focus();
    } else if (ev.key === 'ArrowUp') {
      ev.preventDefault();
      buttons[(i - 1 + buttons.length) % buttons.length].focus();
    } else if (ev.key === 'Tab') {
      close();
    }
  }
  document.addEventListener('mousedown', outside, true);
  document.addEventListener('keydown', onKey, true);
  buttons[0]?.focus();
  return close;
}

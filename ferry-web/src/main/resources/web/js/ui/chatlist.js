// The left column: settings, search (local titles and global @username), the chat list, and the buttons
// for a new group or channel. List items are kept per chat and reordered, so focus survives live updates.

import { h, icon, ICONS, replaceChildren } from '../dom.js';
import { fullName, listTime, plural } from '../format.js';
import { avatar } from './widgets.js';
import { chatTitle, previewText, typingText } from './text.js';

const USERNAME = /^@?([A-Za-z][A-Za-z0-9_]{4,31})$/;

export class ChatList {
  constructor({ store, actions, navigate, openSettings, openNewGroup, openNewChannel }) {
    this.store = store;
    this.actions = actions;
    this.navigate = navigate;
    this.items = new Map(); // chatId -> li
    this.query = '';
    this.resolveSeq = 0;

    this.search = h('input', {
      type: 'search', class: 'search-input', placeholder: 'Search or @username', autocomplete: 'off',
      'aria-label': 'Search chats, or enter @username to find people and channels', 'data-testid': 'search-input',
      oninput: () => this.onSearch(), onkeydown: (ev) => this.onSearchKey(ev),
    });
    this.results = h('div', { class: 'search-results', 'data-testid': 'search-results', hidden: true,
      'aria-live': 'polite' });
    this.list = h('ul', { class: 'chat-list', 'data-testid': 'chat-list', 'aria-label': 'Chats' });
    this.empty = h('div', { class: 'chat-list-empty', 'data-testid': 'chat-list-empty' },
      h('p', null, 'No chats yet.'),
      h('p', null, 'Search for someone by @username, or start a group or channel.'));
    this.el = h('aside', { class: 'sidebar', 'aria-label': 'Chat list' },
      h('header', { class: 'sidebar-header' },
        h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Settings', 'data-testid': 'settings-button',
          onclick: openSettings }, icon(ICONS.menu)),
        h('div', { class: 'search-box' }, this.search)),
      this.results,
      h('nav', { class: 'chat-list-scroll', 'aria-label': 'Chats' }, this.list, this.empty),
      h('div', { class: 'sidebar-actions' },
        h('button', { type: 'button', class: 'secondary-button', 'data-testid': 'new-group', onclick: openNewGroup },
          icon(ICONS.group), 'New group'),
        h('button', { type: 'button', class: 'secondary-button', 'data-testid': 'new-channel', onclick: openNewChannel },
          icon(ICONS.channel), 'New channel')));
    store.subscribe((topics) => {
      if (topics.has('list') || topics.has('users') || topics.has('route')) this.render();
    });
    this.render();
  }

  render() {
    const store = this.store;
    const q = this.query.replace(/^@/, '').toLowerCase();
    const chats = store.dialogs().filter((c) => !q || chatTitle(store, c).toLowerCase().includes(q)
      || (c.chat.username ?? '').toLowerCase().includes(q));
    const keep = new Set();
    let prev = null;
    for (const c of chats) {
      keep.add(c.id);
      let li = this.items.get(c.id);
      if (!li) {
        li = h('li', { class: 'chat-list-row' });
        this.items.set(c.id, li);
      }
      this.fill(li, c);
      const want = prev ? prev.nextSibling : this.list.firstChild;
      if (want !== li) this.list.insertBefore(li, want);
      prev = li;
    }
    for (const [id, li] of this.items) {
      if (!keep.has(id)) {
        li.remove();
        this.items.delete(id);
      }
    }
    this.empty.hidden = chats.length > 0 || !!q;
  }

  fill(li, c) {
    const store = this.store;
    const title = chatTitle(store, c);
    const top = c.top;
    const typing = typingText(store, c);
    const active = store.openChatId === c.id;
    const mine = top && !top.action && store.isMe(top.senderId) && c.chat.type !== 'channel';
    const pendingFailed = [...c.pending.values()].some((p) => p.state === 'failed');
    const sig = JSON.stringify([title, top?.id, top?.text, top?.editDate, typing, c.unread, active, c.muted,
      mine && top.id <= c.readOutboxMaxId, c.pending.size, pendingFailed, c.left, c.chat.type,
      top && previewText(store, c, top)]);
    if (li.dataset.sig === sig) return;
    li.dataset.sig = sig;
    const button = li.firstChild ?? h('button', {
      type: 'button', class: 'chat-item', 'data-testid': 'chat-item', onclick: () => this.navigate(c.id),
    });
    button.dataset.chatId = c.id;
    button.classList.toggle('active', active);
    if (active) button.setAttribute('aria-current', 'true');
    else button.removeAttribute('aria-current');
    const latestPending = [...c.pending.values()].at(-1);
    let preview = typing ?? (latestPending ? `You: ${latestPending.text}` : previewText(store, c, top));
    let status = null;
    if (!typing && (mine || latestPending)) {
      const state = latestPending ? (latestPending.state === 'failed' ? 'failed' : 'sending')
        : top.id <= c.readOutboxMaxId ? 'read' : 'sent';
      status = statusMark(state, 'chat-item-status');
    }
    const time = listTime(latestPending?.date ?? top?.date ?? c.chat.date);
    const kind = c.chat.type === 'channel' ? 'Channel' : c.chat.type === 'private' ? '' : 'Group';
    const label = [title, kind, c.unread ? plural(c.unread, 'unread message', 'unread messages') : '',
      typing ?? preview].filter(Boolean).join(', ');
    button.setAttribute('aria-label', label);
    replaceChildren(button,
      avatar(title, c.id),
      h('div', { class: 'chat-item-body' },
        h('div', { class: 'chat-item-top' },
          h('span', { class: 'chat-item-title', 'data-testid': 'chat-item-title' },
            c.chat.type === 'channel' ? icon(ICONS.channel) : c.chat.type !== 'private' ? icon(ICONS.group) : null,
            title),
          status,
          h('span', { class: 'chat-item-time' }, time)),
        h('div', { class: 'chat-item-bottom' },
          h('span', { class: `chat-item-preview${typing ? ' typing' : ''}`, 'data-testid': 'chat-item-preview' }, preview),
          c.unread > 0 ? h('span', { class: `badge${c.muted ? ' muted' : ''}`, 'data-testid': 'unread-badge' },
            c.unread > 999 ? '999+' : String(c.unread)) : null)));
    if (!li.firstChild) li.appendChild(button);
  }

  // ---- search ----------------------------------------------------------------------------

  onSearch() {
    this.query = this.search.value.trim();
    this.render();
    clearTimeout(this.searchTimer);
    const m = USERNAME.exec(this.query);
    if (!this.query) {
      this.results.hidden = true;
      return;
    }
    if (!m) {
      replaceChildren(this.results, this.query.startsWith('@')
        ? h('p', { class: 'search-note' }, 'Usernames have at least 5 letters, digits or underscores.') : null);
      this.results.hidden = !this.query.startsWith('@');
      return;
    }
    this.results.hidden = false;
    replaceChildren(this.results, h('p', { class: 'search-note' }, 'Searching…'));
    this.searchTimer = setTimeout(() => this.resolve(m[1]), 250);
  }

  onSearchKey(ev) {
    if (ev.key === 'Escape') {
      this.search.value = '';
      this.onSearch();
    } else if (ev.key === 'Enter') {
      ev.preventDefault();
      const first = this.results.querySelector('button') ?? this.list.querySelector('button');
      if (first) {
        clearTimeout(this.searchTimer);
        first.click();
      } else {
        const m = USERNAME.exec(this.query);
        if (m) this.resolve(m[1], true);
      }
    } else if (ev.key === 'ArrowDown') {
      const first = this.results.querySelector('button') ?? this.list.querySelector('button');
      if (first) {
        ev.preventDefault();
        first.focus();
      }
    }
  }

  async resolve(username, openFirst) {
    const seq = ++this.resolveSeq;
    let found;
    try {
      found = await this.actions.resolve(username);
    } catch (err) {
      if (seq === this.resolveSeq) this.results.hidden = true;
      return;
    }
    if (seq !== this.resolveSeq) return;
    if (!found) {
      replaceChildren(this.results, h('p', { class: 'search-note', 'data-testid': 'search-empty' },
        `Nobody has the username @${username}.`));
      return;
    }
    const item = this.resultItem(found);
    replaceChildren(this.results, h('p', { class: 'search-heading' }, 'Global search'), item);
    if (openFirst) item.click();
  }

  resultItem(found) {
    if (found.user) {
      const u = found.user;
      this.store.putUsers([u]);
      const name = fullName(u);
      return h('button', { type: 'button', class: 'chat-item', 'data-testid': 'search-result',
        onclick: async () => {
          const chatId = await this.actions.openPrivate(u.id);
          this.clearSearch();
          this.navigate(chatId);
        } },
      avatar(name, u.id),
      h('div', { class: 'chat-item-body' },
        h('div', { class: 'chat-item-top' }, h('span', { class: 'chat-item-title' }, name)),
        h('div', { class: 'chat-item-bottom' }, h('span', { class: 'chat-item-preview' }, '@' + u.username))));
    }
    const chat = found.chat;
    const kind = chat.type === 'channel' ? 'subscriber' : 'member';
    return h('button', { type: 'button', class: 'chat-item', 'data-testid': 'search-result',
      onclick: async () => {
        const chatId = this.actions.previewChat(chat);
        this.clearSearch();
        this.navigate(chatId);
      } },
    avatar(chat.title, chat.id),
    h('div', { class: 'chat-item-body' },
      h('div', { class: 'chat-item-top' }, h('span', { class: 'chat-item-title' },
        icon(chat.type === 'channel' ? ICONS.channel : ICONS.group), chat.title)),
      h('div', { class: 'chat-item-bottom' }, h('span', { class: 'chat-item-preview' },
        `@${chat.username} · ${plural(chat.memberCount, kind, kind + 's')}`))));
  }

  clearSearch() {
    this.search.value = '';
    this.query = '';
    this.results.hidden = true;
    this.render();
  }
}

/** ✓ sent, ✓✓ read, a clock while sending, ! when it failed. */
export function statusMark(state, cls = 'message-status') {
  const text = { sending: '🕓', sent: '✓', read: '✓✓', failed: '!' }[state];
  const label = { sending: 'Sending', sent: 'Sent', read: 'Read', failed: 'Not sent' }[state];
  return h('span', { class: `${cls} status-${state}`, 'data-testid': cls === 'message-status' ? 'message-status' : cls,
    'data-status': state, role: 'img', 'aria-label': label, title: label }, text);
}

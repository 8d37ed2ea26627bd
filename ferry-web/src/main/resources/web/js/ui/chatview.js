// The right pane: header (title, presence or member count, typing), the message log with scroll-back
// paging, and the footer (composer with reply/edit bar, or Join / Mute for channel subscribers).
// Messages are rendered as keyed rows that are only rebuilt when their content changes.

import { h, icon, ICONS, replaceChildren } from '../dom.js';
import { clock, dayKey, dayLabel, fullDate, plural, presence } from '../format.js';
import { avatar, openMenu } from './widgets.js';
import { statusMark } from './chatlist.js';
import { announce } from './toast.js';
import {
  canDeleteForEveryone, canWrite, chatTitle, describeAction, isAdmin, typingText, userName,
} from './text.js';

const NEAR_BOTTOM_PX = 120;
const LOAD_OLDER_PX = 300;

export class ChatView {
  constructor({ store, actions, back, openInfo, openForward }) {
    this.store = store;
    this.actions = actions;
    this.openInfo = openInfo;
    this.openForward = openForward;
    this.chatId = null;
    this.rows = new Map(); // key -> element
    this.mode = null; // {kind: 'reply'|'edit', msg}
    this.loadingOlder = false;
    this.lastSeenTop = new Map(); // chatId -> newest message id announced

    this.title = h('h2', { class: 'chat-title', 'data-testid': 'chat-title' });
    this.status = h('p', { class: 'chat-status', 'data-testid': 'chat-status' });
    this.avatarSlot = h('div', { class: 'chat-header-avatar' });
    this.header = h('header', { class: 'chat-header' },
      h('button', { type: 'button', class: 'icon-button back-button', 'aria-label': 'Back to chats',
        'data-testid': 'back-button', onclick: back }, icon(ICONS.back)),
      h('button', { type: 'button', class: 'chat-header-info', 'data-testid': 'chat-info-button',
        'aria-label': 'Chat info', onclick: () => this.openInfo(this.chatId) },
      this.avatarSlot, h('div', { class: 'chat-header-text' }, this.title, this.status)),
      h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Chat info and members',
        'data-testid': 'chat-menu-button', onclick: () => this.openInfo(this.chatId) }, icon(ICONS.info)));
    this.loader = h('div', { class: 'history-loader', 'data-testid': 'history-loader' });
    this.log = h('div', { class: 'messages', role: 'log', 'aria-label': 'Messages', 'aria-live': 'polite',
      'aria-relevant': 'additions', 'data-testid': 'message-list', tabindex: '0' }, this.loader);
    this.log.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.jump = h('button', { type: 'button', class: 'jump-button', 'aria-label': 'Jump to the newest message',
      'data-testid': 'jump-to-bottom', hidden: true, onclick: () => this.scrollToBottom(true) }, '↓');

    this.bar = h('div', { class: 'compose-bar', 'data-testid': 'compose-bar', hidden: true });
    this.composer = h('textarea', { class: 'composer', rows: '1', placeholder: 'Message', 'aria-label': 'Message',
      'data-testid': 'composer', maxlength: '4096', onkeydown: (ev) => this.onComposerKey(ev),
      oninput: () => this.onComposerInput() });
    this.sendButton = h('button', { type: 'submit', class: 'send-button', 'aria-label': 'Send message',
      'data-testid': 'send-button' }, icon(ICONS.send));
    this.form = h('form', { class: 'composer-form', onsubmit: (ev) => { ev.preventDefault(); this.submit(); } },
      this.composer, this.sendButton);
    this.footerAlt = h('div', { class: 'chat-footer-alt' });
    this.footer = h('footer', { class: 'chat-footer' }, this.bar, this.form, this.footerAlt);

    this.placeholder = h('div', { class: 'chat-placeholder', 'data-testid': 'chat-placeholder' },
      h('p', null, 'Select a chat to start messaging'));
    this.main = h('div', { class: 'chat-main', hidden: true }, this.header,
      h('div', { class: 'messages-wrap' }, this.log, this.jump), this.footer);
    this.el = h('section', { class: 'chat-pane', 'aria-label': 'Conversation' }, this.placeholder, this.main);

    store.subscribe((topics) => this.onChange(topics));
    document.addEventListener('visibilitychange', () => this.maybeMarkRead());
    this.typingTimer = setInterval(() => this.renderHeader(), 5_000);
  }

  // ---- switching chats -------------------------------------------------------------------

  show(chatId) {
    if (chatId === this.chatId) return;
    this.chatId = chatId;
    this.rows.clear();
    replaceChildren(this.log, this.loader);
    this.mode = null;
    this.composer.value = this.drafts?.get(chatId) ?? '';
    this.autosize();
    this.renderBar();
    const c = this.store.chat(chatId);
    this.placeholder.hidden = !!c;
    this.main.hidden = !c;
    if (!c) return;
    this.stickToBottom = true;
    this.renderAll();
    if (!c.messages) this.loadNewest();
    if (window.matchMedia('(min-width: 601px)').matches && canWrite(c)) this.composer.focus();
    else this.log.focus({ preventScroll: true });
  }

  async loadNewest() {
    const chatId = this.chatId;
    this.loader.textContent = 'Loading messages…';
    try {
      await this.actions.loadHistory(chatId, false);
    } catch (err) {
      if (chatId === this.chatId) this.loader.textContent = 'Messages could not be loaded.';
    }
  }

  onChange(topics) {
    if (!this.chatId) return;
    const c = this.store.chat(this.chatId);
    if (!c) return;
    if (topics.has('chat:' + this.chatId) || topics.has('users')) {
      if (!c.messages && !this.loadingNewest) {
        // History was dropped (too far behind): load it again.
        this.rows.clear();
        replaceChildren(this.log, this.loader);
        this.loadingNewest = true;
        this.loadNewest().finally(() => { this.loadingNewest = false; });
      }
      this.renderAll();
    } else if (topics.has('typing:' + this.chatId)) {
      this.renderHeader();
    }
  }

  renderAll() {
    this.renderHeader();
    this.renderMessages();
    this.renderFooter();
  }

  // ---- header ----------------------------------------------------------------------------

  renderHeader() {
    const c = this.store.chat(this.chatId);
    if (!c) return;
    const title = chatTitle(this.store, c);
    this.title.textContent = title;
    replaceChildren(this.avatarSlot, avatar(title, c.id, 'sm'));
    const typing = typingText(this.store, c);
    let status;
    if (c.left) status = c.chat.type === 'channel' ? 'you are not subscribed' : 'you are not a member';
    else if (c.chat.type === 'private') {
      status = this.store.isMe(c.chat.peerId) ? '' : presence(this.store.users.get(c.chat.peerId));
    } else if (c.chat.type === 'channel') status = plural(c.chat.memberCount ?? 0, 'subscriber', 'subscribers');
    else status = plural(c.chat.memberCount ?? 0, 'member', 'members');
    this.status.textContent = typing ?? status;
    this.status.classList.toggle('typing', !!typing);
    this.status.classList.toggle('online', !typing && status === 'online');
    this.status.dataset.typing = typing ? 'true' : 'false';
  }

  // ---- messages --------------------------------------------------------------------------

  renderMessages() {
    const c = this.store.chat(this.chatId);
    if (!c || !c.messages) return;
    const nearBottom = this.isNearBottom();
    const heightBefore = this.log.scrollHeight;
    const topBefore = this.log.scrollTop;
    const sorted = [...c.messages.values()].sort((a, b) => a.id - b.id);
    const pending = [...c.pending.values()];
    const entries = [];
    let lastDay = null;
    let prev = null;
    for (const m of sorted) {
      const dk = dayKey(m.date);
      if (dk !== lastDay) {
        entries.push({ key: 'day-' + dk, sig: dayLabel(m.date), build: () => this.dayRow(m.date) });
        lastDay = dk;
        prev = null;
      }
      const showSender = (c.chat.type === 'group' || c.chat.type === 'supergroup') && !m.action
        && !this.store.isMe(m.senderId) && (!prev || prev.senderId !== m.senderId || prev.action);
      const sig = this.messageSig(c, m, showSender);
      entries.push({ key: 'm-' + m.id, sig, build: () => this.messageRow(c, m, showSender) });
      prev = m;
    }
    for (const p of pending) {
      entries.push({ key: 'p-' + p.randomId, sig: p.state + p.text, build: () => this.pendingRow(c, p) });
    }
    // Reconcile keyed rows after the loader.
    const keep = new Set();
    let cursor = this.loader;
    for (const e of entries) {
      keep.add(e.key);
      let el = this.rows.get(e.key);
      if (!el || el.dataset.sig !== e.sig) {
        const fresh = e.build();
        fresh.dataset.sig = e.sig;
        fresh.dataset.key = e.key;
        if (el) {
          const hadFocus = el.contains(document.activeElement);
          el.replaceWith(fresh);
          if (hadFocus) fresh.querySelector('.bubble')?.focus({ preventScroll: true });
        }
        el = fresh;
        this.rows.set(e.key, el);
      }
      if (cursor.nextSibling !== el) this.log.insertBefore(el, cursor.nextSibling);
      cursor = el;
    }
    for (const [key, el] of this.rows) {
      if (!keep.has(key)) {
        el.remove();
        this.rows.delete(key);
      }
    }
    this.loader.textContent = c.historyComplete ? (sorted.length ? '' : 'No messages here yet.')
      : (this.loadingOlder ? 'Loading older messages…' : '');
    this.loader.hidden = !this.loader.textContent;
    // Keep the reading position: stick to the bottom, or hold still when older messages arrive above.
    if (this.stickToBottom || nearBottom) {
      this.scrollToBottom(false);
    } else if (this.restoreFromBottom !== undefined) {
      this.log.scrollTop = this.log.scrollHeight - this.restoreFromBottom;
      this.restoreFromBottom = undefined;
    } else if (this.log.scrollHeight !== heightBefore) {
      this.log.scrollTop = topBefore;
    }
    this.stickToBottom = false;
    this.announceNew(c, sorted);
    this.maybeMarkRead();
    this.updateJump();
  }

  messageSig(c, m, showSender) {
    const mine = this.store.isMe(m.senderId);
    const read = mine && m.id <= c.readOutboxMaxId;
    const reply = m.replyToId ? c.messages.get(m.replyToId) : null;
    const sender = showSender || m.forwardFrom || m.action ? userName(this.store, m.forwardFrom?.senderId ?? m.senderId) : '';
    return JSON.stringify([m.text, m.editDate, read, showSender, sender, reply?.text, reply?.senderId,
      m.action ? describeAction(this.store, c, m) : null, c.chat.type, canWrite(c)]);
  }

  dayRow(date) {
    return h('div', { class: 'day-divider', 'data-testid': 'day-divider' }, h('span', null, dayLabel(date)));
  }

  messageRow(c, m, showSender) {
    const store = this.store;
    if (m.action) {
      return h('div', { class: 'msg-row service', 'data-testid': 'service-message', 'data-message-id': m.id },
        h('span', { class: 'service-text' }, describeAction(store, c, m)));
    }
    const mine = store.isMe(m.senderId) && c.chat.type !== 'channel';
    const outgoing = store.isMe(m.senderId);
    const parts = [];
    if (showSender) parts.push(h('div', { class: 'msg-sender', 'data-testid': 'message-sender' }, userName(store, m.senderId)));
    if (m.forwardFrom) {
      parts.push(h('div', { class: 'msg-forward', 'data-testid': 'message-forwarded' },
        'Forwarded from ', h('strong', null, userName(store, m.forwardFrom.senderId, { you: false }))));
    }
    if (m.replyToId) {
      const target = c.messages.get(m.replyToId);
      parts.push(h('button', { type: 'button', class: 'msg-reply', 'data-testid': 'reply-quote',
        'aria-label': 'Show the message replied to', onclick: () => this.scrollToMessage(m.replyToId) },
      h('strong', null, target ? userName(store, target.senderId) : 'Reply'),
      h('span', null, target ? (target.action ? describeAction(store, c, target) : target.text) : 'Earlier message')));
    }
    parts.push(h('div', { class: 'msg-text', 'data-testid': 'message-text', dir: 'auto' }, m.text ?? ''));
    const meta = h('span', { class: 'msg-meta' },
      m.editDate ? h('span', { class: 'msg-edited', 'data-testid': 'message-edited' }, 'edited') : null,
      h('time', { datetime: new Date(m.date * 1000).toISOString(), title: fullDate(m.date) }, clock(m.date)),
      mine ? statusMark(m.id <= c.readOutboxMaxId ? 'read' : 'sent') : null);
    parts.push(meta);
    const who = outgoing ? 'You' : userName(store, m.senderId);
    const bubble = h('div', { class: 'bubble', tabindex: '0',
      'aria-label': `${who}, ${clock(m.date)}${m.editDate ? ', edited' : ''}: ${m.text ?? ''}`,
      onkeydown: (ev) => {
        if (ev.key === 'Enter' || ev.key === 'ContextMenu' || (ev.key === 'F10' && ev.shiftKey)) {
          ev.preventDefault();
          this.messageMenu(c, m, bubble);
        }
      },
      oncontextmenu: (ev) => {
        ev.preventDefault();
        this.messageMenu(c, m, bubble, { x: ev.clientX, y: ev.clientY });
      },
      ondblclick: () => { if (canWrite(c)) this.startReply(m); },
    }, parts);
    const menuButton = h('button', { type: 'button', class: 'msg-menu-button', 'aria-label': 'Message actions',
      'aria-haspopup': 'menu', 'data-testid': 'message-menu-button', tabindex: '-1',
      onclick: () => this.messageMenu(c, m, menuButton) }, icon(ICONS.more));
    return h('div', {
      class: `msg-row ${outgoing && c.chat.type !== 'channel' ? 'out' : 'in'}`, 'data-testid': 'message',
      'data-message-id': m.id, 'data-sender-id': m.senderId, id: `msg-${c.id}-${m.id}`,
    }, bubble, menuButton);
  }

  pendingRow(c, p) {
    const retry = p.state === 'failed'
      ? h('span', { class: 'pending-actions' },
        h('button', { type: 'button', class: 'link-button', 'data-testid': 'retry-send',
          onclick: () => this.actions.retry(c.id, p.randomId) }, 'Retry'),
        h('button', { type: 'button', class: 'link-button', 'data-testid': 'discard-send',
          onclick: () => this.actions.discard(c.id, p.randomId) }, 'Delete'))
      : null;
    return h('div', { class: `msg-row out pending ${p.state}`, 'data-testid': 'message', 'data-pending': 'true' },
      h('div', { class: 'bubble', tabindex: '0', 'aria-label': `You: ${p.text}, ${p.state === 'failed' ? 'not sent' : 'sending'}` },
        h('div', { class: 'msg-text', 'data-testid': 'message-text', dir: 'auto' }, p.text),
        h('span', { class: 'msg-meta' }, clock(p.date), statusMark(p.state)), retry));
  }

  messageMenu(c, m, anchor, at) {
    const items = [];
    const writable = canWrite(c);
    if (writable) items.push({ label: 'Reply', icon: ICONS.reply, testid: 'action-reply', run: () => this.startReply(m) });
    if (writable && this.store.isMe(m.senderId) && !m.forwardFrom) {
      items.push({ label: 'Edit', icon: ICONS.edit, testid: 'action-edit', run: () => this.startEdit(m) });
    }
    items.push({ label: 'Copy text', icon: ICONS.info, testid: 'action-copy', run: () => this.copy(m.text) });
    items.push({ label: 'Forward', icon: ICONS.forward, testid: 'action-forward', run: () => this.openForward(c.id, [m.id]) });
    if (c.chat.role) {
      items.push({ label: 'Delete for me', icon: ICONS.trash, testid: 'action-delete-me', danger: true,
        run: () => this.actions.delete(c.id, [m.id], false).catch(() => {}) });
    }
    if (canDeleteForEveryone(this.store, c, m)) {
      items.push({ label: 'Delete for everyone', icon: ICONS.trash, testid: 'action-delete-all', danger: true,
        run: () => this.actions.delete(c.id, [m.id], true).catch(() => {}) });
    }
    openMenu(anchor, items, at);
  }

  async copy(text) {
    try {
      await navigator.clipboard.writeText(text ?? '');
      announce('Copied');
    } catch (e) {
      announce('Copying is not allowed here');
    }
  }

  announceNew(c, sorted) {
    const newest = sorted.at(-1);
    if (!newest) return;
    const seen = this.lastSeenTop.get(c.id);
    this.lastSeenTop.set(c.id, newest.id);
    if (seen !== undefined && newest.id > seen && !this.store.isMe(newest.senderId) && !newest.action) {
      announce(`New message from ${userName(this.store, newest.senderId)}: ${newest.text ?? ''}`);
    }
  }

  // ---- scrolling -------------------------------------------------------------------------

  isNearBottom() {
    return this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < NEAR_BOTTOM_PX;
  }

  scrollToBottom(smooth) {
    this.log.scrollTo({ top: this.log.scrollHeight, behavior: smooth ? 'smooth' : 'auto' });
    this.updateJump();
  }

  scrollToMessage(id) {
    const el = this.rows.get('m-' + id);
    if (!el) return;
    el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    el.classList.add('highlight');
    setTimeout(() => el.classList.remove('highlight'), 1500);
    el.querySelector('.bubble')?.focus({ preventScroll: true });
  }

  updateJump() {
    this.jump.hidden = this.isNearBottom();
  }

  onScroll() {
    this.updateJump();
    if (this.log.scrollTop < LOAD_OLDER_PX) this.loadOlder();
    if (this.isNearBottom()) this.maybeMarkRead();
  }

  async loadOlder() {
    const c = this.store.chat(this.chatId);
    if (!c || !c.messages || c.historyComplete || this.loadingOlder) return;
    this.loadingOlder = true;
    this.loader.hidden = false;
    this.loader.textContent = 'Loading older messages…';
    try {
      this.restoreFromBottom = this.log.scrollHeight - this.log.scrollTop;
      await this.actions.loadHistory(c.id, true);
    } catch (err) {
      this.restoreFromBottom = undefined;
    } finally {
      this.loadingOlder = false;
    }
  }

  maybeMarkRead() {
    if (!this.chatId || document.visibilityState !== 'visible' || this.main.hidden) return;
    if (this.el.offsetParent === null) return; // the pane is hidden (phone layout showing the list)
    this.actions.markRead(this.chatId);
  }

  // ---- footer and composer ---------------------------------------------------------------

  renderFooter() {
    const c = this.store.chat(this.chatId);
    if (!c) return;
    const writable = canWrite(c);
    this.form.hidden = !writable;
    this.bar.hidden = !writable || !this.mode;
    let alt = null;
    if (!writable) {
      const isPublic = !!c.chat.username;
      if ((c.left || !c.chat.role) && isPublic) {
        alt = h('button', { type: 'button', class: 'footer-button', 'data-testid': 'join-button',
          onclick: async (ev) => {
            ev.currentTarget.disabled = true;
            try {
              await this.actions.join(c.id);
            } catch (err) {
              // The toast told the person why; let them try again.
            }
            this.renderFooter();
          } }, c.chat.type === 'channel' ? 'Join channel' : 'Join group');
      } else if (c.left || !c.chat.role) {
        alt = h('p', { class: 'footer-note', 'data-testid': 'not-member-notice' },
          c.chat.type === 'channel' ? 'You are not subscribed to this channel.' : 'You are no longer a member of this group.');
      } else {
        alt = h('button', { type: 'button', class: 'footer-button', 'data-testid': 'mute-button',
          'aria-pressed': c.muted ? 'true' : 'false',
          onclick: () => this.actions.setMuted(c.id, !c.muted).catch(() => {}) }, c.muted ? 'Unmute' : 'Mute');
      }
    }
    const key = alt ? alt.dataset.testid + (c.muted ? 'm' : '') : '';
    if (this.footerAlt.dataset.key !== key) {
      this.footerAlt.dataset.key = key;
      replaceChildren(this.footerAlt, alt);
    }
    this.footerAlt.hidden = !alt;
  }

  startReply(m) {
    this.mode = { kind: 'reply', msg: m };
    this.renderBar();
    this.composer.focus();
  }

  startEdit(m) {
    this.mode = { kind: 'edit', msg: m };
    this.savedDraft = this.composer.value;
    this.composer.value = m.text ?? '';
    this.autosize();
    this.renderBar();
    this.composer.focus();
  }

  cancelMode() {
    if (this.mode?.kind === 'edit') this.composer.value = this.savedDraft ?? '';
    this.mode = null;
    this.autosize();
    this.renderBar();
  }

  renderBar() {
    if (!this.mode) {
      this.bar.hidden = true;
      replaceChildren(this.bar);
      return;
    }
    const { kind, msg } = this.mode;
    const c = this.store.chat(this.chatId);
    this.bar.hidden = false;
    this.bar.dataset.testid = kind === 'reply' ? 'reply-bar' : 'edit-bar';
    replaceChildren(this.bar,
      icon(kind === 'reply' ? ICONS.reply : ICONS.edit),
      h('div', { class: 'compose-bar-text' },
        h('strong', null, kind === 'reply' ? `Reply to ${userName(this.store, msg.senderId)}` : 'Edit message'),
        h('span', null, msg.action ? describeAction(this.store, c, msg) : msg.text ?? '')),
      h('button', { type: 'button', class: 'icon-button', 'aria-label': kind === 'reply' ? 'Cancel reply' : 'Cancel editing',
        'data-testid': 'cancel-compose', onclick: () => this.cancelMode() }, icon(ICONS.close)));
  }

  onComposerKey(ev) {
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      this.submit();
    } else if (ev.key === 'Escape' && this.mode) {
      ev.preventDefault();
      this.cancelMode();
    } else if (ev.key === 'ArrowUp' && !this.composer.value && !this.mode) {
      const c = this.store.chat(this.chatId);
      const mine = [...(c?.messages?.values() ?? [])].filter((m) => this.store.isMe(m.senderId) && !m.action
        && !m.forwardFrom).sort((a, b) => b.id - a.id)[0];
      if (mine) {
        ev.preventDefault();
        this.startEdit(mine);
      }
    }
  }

  onComposerInput() {
    this.autosize();
    if (!this.drafts) this.drafts = new Map();
    if (this.mode?.kind !== 'edit') this.drafts.set(this.chatId, this.composer.value);
    if (this.composer.value.trim()) this.actions.typing(this.chatId);
  }

  autosize() {
    this.composer.style.height = 'auto';
    this.composer.style.height = Math.min(this.composer.scrollHeight, 200) + 'px';
  }

  async submit() {
    const text = this.composer.value.trim();
    const chatId = this.chatId;
    if (!text || !chatId) return;
    const mode = this.mode;
    if (mode?.kind === 'edit') {
      if (text === mode.msg.text) {
        this.cancelMode();
        return;
      }
      try {
        await this.actions.edit(chatId, mode.msg.id, text);
        if (this.chatId === chatId) {
          this.mode = null;
          this.composer.value = this.savedDraft ?? '';
          this.autosize();
          this.renderBar();
        }
      } catch (err) {
        // Shown as a toast; the text stays in the composer.
      }
      return;
    }
    this.composer.value = '';
    this.drafts?.delete(chatId);
    this.mode = null;
    this.autosize();
    this.renderBar();
    this.stickToBottom = true;
    await this.actions.send(chatId, text, mode?.kind === 'reply' ? mode.msg.id : undefined);
  }
}

export { isAdmin };

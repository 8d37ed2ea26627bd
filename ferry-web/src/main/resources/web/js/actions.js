// What a person can do, as calls on the connection followed by the matching store changes. Errors are
// reported through `report` (a toast) and re-thrown so that forms can stay open.

import { idOf, randomId } from './json64.js';
import { normalizeMessage } from './store.js';

const TYPING_EVERY_MS = 4_000;

export class Actions {
  constructor(conn, store, sync, report) {
    this.conn = conn;
    this.store = store;
    this.sync = sync;
    this.report = report;
    this.lastTyping = new Map();
    this.readInFlight = new Map();
  }

  async call(method, params, options) {
    try {
      return await this.conn.call(method, params, options);
    } catch (err) {
      this.report(err);
      err.reported = true;
      throw err;
    }
  }

  // ---- auth ------------------------------------------------------------------------------

  // The login screen shows these errors next to the field, so they are not also toasted.

  sendCode(phone) {
    return this.conn.call('auth.sendCode', { phone });
  }

  signIn(phone, code) {
    return this.conn.call('auth.signIn', { phone, code, device: deviceName() });
  }

  signUp(phone, code, firstName, lastName) {
    return this.conn.call('auth.signUp', { phone, code, firstName, lastName: lastName || undefined,
      device: deviceName() });
  }

  logOut() {
    return this.call('auth.logOut', {});
  }

  sessions() {
    return this.call('account.getSessions', {}, { idempotent: true });
  }

  terminateSession(sessionId) {
    return this.call('account.terminateSession', { sessionId });
  }

  async updateProfile(firstName, lastName) {
    const me = await this.call('account.updateProfile', { firstName, lastName });
    this.store.setMe(me);
  }

  async setUsername(username) {
    const me = await this.call('account.setUsername', { username });
    this.store.setMe(me);
  }

  // ---- finding and making chats ----------------------------------------------------------

  /** Resolves @name to {user} or {chat}; null when nobody has it (no toast: the search shows it). */
  async resolve(username) {
    try {
      return await this.conn.call('contacts.resolveUsername', { username }, { idempotent: true });
    } catch (err) {
      if (err.code === 'USERNAME_NOT_OCCUPIED' || err.code === 'USERNAME_INVALID') return null;
      this.report(err);
      throw err;
    }
  }

  async openPrivate(userId) {
    const view = await this.call('chats.openPrivate', { userId }, { idempotent: true });
    const c = this.store.putChat(view);
    this.sync.wantUsers([view.peerId]);
    return c.id;
  }

  /** Shows a chat found by username; not a member yet, so it stays out of the list until joined. */
  previewChat(view) {
    const c = this.store.putChat(view);
    return c.id;
  }

  async createGroup(title, userIds) {
    const view = await this.call('chats.createGroup', { title, userIds });
    return this.adoptNewChat(view);
  }

  async createChannel(title, about, username, megagroup) {
    const view = await this.call('chats.createChannel', {
      title, about: about || undefined, username: username || undefined, megagroup,
    });
    return this.adoptNewChat(view);
  }

  async join(chatId) {
    const view = await this.call('chats.join', { chatId });
    return this.adoptNewChat(view);
  }

  async adoptNewChat(view) {
    const c = this.store.putChat(view, { inList: true });
    c.left = false;
    await this.sync.syncChat(c.id);
    this.sync.hintTabs({ type: 'list' });
    return c.id;
  }

  async leave(chatId) {
    await this.call('chats.leave', { chatId });
    this.store.markLeft(chatId);
    const c = this.store.chat(chatId);
    if (c) c.inList = false;
    this.store.touch('list');
    this.sync.hintTabs({ type: 'list' });
  }

  async setTitle(chatId, title) {
    const view = await this.call('chats.setTitle', { chatId, title });
    this.store.putChat(view);
  }

  members(chatId) {
    return this.call('chats.getMembers', { chatId, limit: 200 }, { idempotent: true });
  }

  async addMembers(chatId, userIds) {
    await this.call('chats.addMembers', { chatId, userIds });
  }

  async removeMember(chatId, userId) {
    await this.call('chats.removeMember', { chatId, userId });
  }

  async setMuted(chatId, muted) {
    const c = this.store.chat(chatId);
    const flags = await this.call('messages.setDialogFlags', { chatId, pinned: c?.pinned ?? false, muted });
    if (c) {
      c.muted = flags.muted;
      c.pinned = flags.pinned;
      this.store.touch('list', 'chat:' + c.id);
    }
  }

  // ---- messages --------------------------------------------------------------------------

  /** Sends with an optimistic pending bubble; a retry reuses the randomId so the server keeps one copy. */
  async send(chatId, text, replyToId, existing) {
    chatId = idOf(chatId);
    const pending = existing ?? { randomId: randomId(), text, replyToId, date: Math.floor(Date.now() / 1000) };
    pending.state = 'sending';
    this.store.addPending(chatId, pending);
    try {
      const m = await this.conn.call('messages.send',
        { chatId, text: pending.text, randomId: pending.randomId, replyToId: pending.replyToId ?? undefined },
        { idempotent: true });
      const msg = normalizeMessage(m);
      this.sync.ownWrite(chatId, msg.id, (c) => {
        c.pending.delete(pending.randomId);
        this.store.addMessage(c, msg, false);
      });
    } catch (err) {
      this.store.updatePending(chatId, pending.randomId, { state: 'failed' });
      this.report(err);
    }
  }

  retry(chatId, randomIdOfPending) {
    const p = this.store.chat(chatId)?.pending.get(randomIdOfPending);
    if (p) this.send(chatId, p.text, p.replyToId, p);
  }

  discard(chatId, randomIdOfPending) {
    this.store.updatePending(chatId, randomIdOfPending, null);
  }

  async edit(chatId, id, text) {
    const m = normalizeMessage(await this.call('messages.edit', { chatId, id, text }));
    const c = this.store.chat(chatId);
    if (c) this.store.replaceMessage(c, m);
    this.store.touch('chat:' + idOf(chatId), 'list');
    // The result does not say which seq the edit took, so catch up to learn it (and tell other tabs).
    this.sync.syncChat(chatId);
    this.sync.hintTabs({ type: 'chat', chatId: idOf(chatId) });
  }

  async delete(chatId, ids, forEveryone) {
    const r = await this.call('messages.delete', { chatId, ids, forEveryone });
    if (forEveryone) {
      this.sync.ownWrite(chatId, Number(r.seq), (c) => this.store.removeMessages(c, ids.map(Number)));
    } else {
      this.store.hideMessages(chatId, ids);
      this.sync.hintTabs({ type: 'chat', chatId: idOf(chatId) });
    }
  }

  async forward(fromChatId, ids, toChatId) {
    const list = await this.call('messages.forward', { fromChatId, ids, toChatId, randomId: randomId() },
      { idempotent: true });
    for (const m of list) {
      const msg = normalizeMessage(m);
      this.sync.ownWrite(toChatId, msg.id, (c) => this.store.addMessage(c, msg, false));
    }
  }

  /** Loads the newest page, or the page before the oldest loaded message. */
  async loadHistory(chatId, older) {
    const c = this.store.chat(chatId);
    if (!c) return;
    const params = { chatId, limit: 50 };
    if (older) {
      if (c.historyComplete || !c.nextBeforeId) return;
      params.beforeId = c.nextBeforeId;
    }
    const page = await this.call('messages.getHistory', params, { idempotent: true });
    this.sync.wantUsers(page.messages.flatMap((m) => [m.senderId, ...(m.action?.userIds ?? []),
      m.forwardFrom?.senderId]));
    if (!older && c.messages) {
      // A reload: keep what is loaded and add the newest page.
      for (const m of page.messages) this.store.addMessage(c, normalizeMessage(m), false);
      this.store.touch('chat:' + c.id);
    } else {
      this.store.putHistory(chatId, page.messages, page.nextBeforeId);
    }
    if (!older) {
      const newest = page.messages.length ? Number(page.messages[0].id) : 0;
      if (newest > c.seq) this.sync.syncChat(chatId);
    }
  }

  /** Marks everything loaded as read, at most one call in flight per chat. */
  async markRead(chatId) {
    const c = this.store.chat(chatId);
    if (!c || !c.messages || c.left || !c.chat.role) return;
    let maxId = 0;
    for (const m of c.messages.values()) if (m.id > maxId) maxId = m.id;
    if (maxId <= c.readInboxMaxId && c.unread === 0) return;
    if ((this.readInFlight.get(c.id) ?? 0) >= maxId) return;
    this.readInFlight.set(c.id, maxId);
    try {
      const r = await this.conn.call('messages.readHistory', { chatId, maxId }, { idempotent: true });
      this.store.setRead(chatId, maxId, r.unreadCount);
      this.sync.hintTabs({ type: 'chat', chatId: c.id });
    } catch (err) {
      if (err.code !== 'NETWORK' && err.code !== 'TIMEOUT' && err.code !== 'CHANNEL_PRIVATE') this.report(err);
    } finally {
      this.readInFlight.delete(c.id);
    }
  }

  typing(chatId) {
    const now = Date.now();
    if (now - (this.lastTyping.get(chatId) ?? 0) < TYPING_EVERY_MS) return;
    this.lastTyping.set(chatId, now);
    this.conn.call('messages.setTyping', { chatId }).catch(() => {
      // Typing hints are best effort; a failure here is not worth a toast.
    });
  }
}

function deviceName() {
  const ua = navigator.userAgent;
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua)
    ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : 'Browser';
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS/.test(ua) ? 'macOS'
    : /Windows/.test(ua) ? 'Windows' : /Linux/.test(ua) ? 'Linux' : '';
  return `Ferry Web, ${browser}${os ? ' on ' + os : ''}`;
}

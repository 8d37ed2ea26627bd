// The client's state: who I am, the users I have seen, and every chat I know with its local seq, dialog
// fields and (once opened) its loaded messages. Views subscribe to topics ('me', 'users', 'list',
// 'chat:<id>', 'typing:<id>', 'route'); changes are coalesced and delivered once per microtask.
// Ids of users and chats are decimal strings (see json64.js); message ids are numbers (chat seqs).

import { idOf } from './json64.js';

export class Store {
  constructor() {
    this.me = null;
    this.sessionId = null;
    this.users = new Map();
    this.chats = new Map();
    this.openChatId = null;
    this.listeners = new Set();
    this.dirty = new Set();
    this.flushQueued = false;
  }

  // ---- subscriptions ---------------------------------------------------------------------

  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  touch(...topics) {
    for (const t of topics) this.dirty.add(t);
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => {
        this.flushQueued = false;
        const topics = this.dirty;
        this.dirty = new Set();
        for (const fn of [...this.listeners]) fn(topics);
      });
    }
  }

  reset() {
    this.me = null;
    this.sessionId = null;
    this.users.clear();
    this.chats.clear();
    this.openChatId = null;
    this.touch('me', 'list', 'users', 'route');
  }

  // ---- users -----------------------------------------------------------------------------

  setMe(user, sessionId) {
    this.me = normalizeUser(user);
    if (sessionId !== undefined) this.sessionId = idOf(sessionId);
    this.users.set(this.me.id, this.me);
    this.touch('me', 'users');
  }

  isMe(userId) {
    return this.me !== null && idOf(userId) === this.me.id;
  }

  putUsers(list) {
    for (const u of list) {
      const user = normalizeUser(u);
      this.users.set(user.id, user);
      if (this.me && user.id === this.me.id) this.me = user;
    }
    this.touch('users');
  }

  setStatus(userId, online, lastSeen) {
    const u = this.users.get(idOf(userId));
    if (!u) return;
    this.users.set(u.id, { ...u, status: { online, lastSeen: lastSeen ?? u.status?.lastSeen } });
    this.touch('users');
  }

  // ---- chats -----------------------------------------------------------------------------

  chat(chatId) {
    return this.chats.get(idOf(chatId)) ?? null;
  }

  /** Adds or refreshes a chat from a ChatView; `seq` is only adopted for a chat we did not track yet. */
  putChat(view, { inList } = {}) {
    const id = idOf(view.id);
    let c = this.chats.get(id);
    const chat = { ...view, id, peerId: idOf(view.peerId) };
    if (!c) {
      c = {
        id, chat, seq: Number(view.seq ?? 0), top: null, unread: 0, readInboxMaxId: 0, readOutboxMaxId: 0,
        pinned: false, muted: false, inList: !!inList, left: false, messages: null, nextBeforeId: null,
        historyComplete: false, pending: new Map(), typing: new Map(), lastActivity: Number(view.date ?? 0),
      };
      this.chats.set(id, c);
    } else {
      c.chat = chat;
      if (inList) c.inList = true;
      if (view.role) c.left = false;
    }
    this.touch('list', 'chat:' + id);
    return c;
  }

  /** Adopts a DialogView (server truth for list fields). */
  putDialog(d) {
    const c = this.putChat(d.chat, { inList: true });
    c.top = d.topMessage ? normalizeMessage(d.topMessage) : c.top;
    c.unread = d.unreadCount;
    c.readInboxMaxId = Math.max(c.readInboxMaxId, Number(d.readInboxMaxId));
    c.readOutboxMaxId = Math.max(c.readOutboxMaxId, Number(d.readOutboxMaxId));
    c.pinned = d.pinned;
    c.muted = d.muted;
    c.left = false;
    c.lastActivity = Math.max(c.lastActivity, c.top?.date ?? 0, Number(d.chat.date ?? 0));
    this.touch('list', 'chat:' + c.id);
    return c;
  }

  /** Changes some fields of a known chat's ChatView (a role or a username pushed by the server). */
  patchChat(chatId, fields) {
    const c = this.chat(chatId);
    if (!c) return;
    c.chat = { ...c.chat, ...fields };
    this.touch('list', 'chat:' + c.id);
  }

  markLeft(chatId) {
    const c = this.chat(chatId);
    if (!c) return;
    c.left = true;
    c.chat = { ...c.chat, role: undefined };
    this.touch('list', 'chat:' + c.id);
  }

  /** Forgets a chat's loaded history (after a tooLong difference); the view reloads it. */
  dropHistory(chatId, head) {
    const c = this.chat(chatId);
    if (!c) return;
    c.messages = null;
    c.nextBeforeId = null;
    c.historyComplete = false;
    c.seq = head;
    this.touch('chat:' + c.id);
  }

  /** Merges a page of history (newest first, as the server sends it). */
  putHistory(chatId, messages, nextBeforeId) {
    const c = this.chat(chatId);
    if (!c) return;
    if (!c.messages) c.messages = new Map();
    for (const m of messages) {
      const msg = normalizeMessage(m);
      if (!c.messages.has(msg.id)) c.messages.set(msg.id, msg);
    }
    c.nextBeforeId = nextBeforeId ?? null;
    c.historyComplete = nextBeforeId === null || nextBeforeId === undefined;
    this.recomputeTop(c);
    this.touch('chat:' + c.id, 'list');
  }

  /**
   * Applies one chat-log update (newMessage, messageEdited, messagesDeleted) whose seq is the next one.
   * `live` says it came as a push, so an incoming message counts as unread.
   */
  applyLog(u, live) {
    const c = this.chat(u.chatId);
    if (!c) return;
    c.seq = Math.max(c.seq, Number(u.seq));
    if (u.type === 'newMessage') this.addMessage(c, normalizeMessage(u.message), live);
    else if (u.type === 'messageEdited') this.replaceMessage(c, normalizeMessage(u.message));
    else if (u.type === 'messagesDeleted') this.removeMessages(c, u.ids.map(Number));
    this.touch('chat:' + c.id, 'list');
  }

  addMessage(c, msg, countUnread) {
    const known = c.messages?.has(msg.id) || (c.top && c.top.id >= msg.id);
    if (c.messages) c.messages.set(msg.id, msg);
    if (!c.top || msg.id >= c.top.id) c.top = msg;
    c.lastActivity = Math.max(c.lastActivity, msg.date);
    if (!known && countUnread && !this.isMe(msg.senderId) && msg.id > c.readInboxMaxId) c.unread++;
    if (!this.isMe(msg.senderId)) c.typing.delete(msg.senderId);
    if (msg.action) this.applyAction(c, msg);
    if (c.chat.type !== 'private' || c.top) c.inList = true;
  }

  /** Keeps the chat's own fields in step with its service messages. */
  applyAction(c, msg) {
    const a = msg.action;
    const ids = (a.userIds ?? []).map(idOf);
    const touchesMe = ids.some((id) => this.isMe(id));
    switch (a.type) {
      case 'titleChanged':
        c.chat = { ...c.chat, title: a.title };
        break;
      case 'membersAdded':
      case 'memberJoined':
        if (!touchesMe || c.left) c.chat = { ...c.chat, memberCount: (c.chat.memberCount ?? 0) + ids.length };
        if (touchesMe) c.left = false;
        break;
      case 'memberRemoved':
      case 'memberLeft':
        c.chat = { ...c.chat, memberCount: Math.max(0, (c.chat.memberCount ?? 1) - ids.length) };
        if (touchesMe) {
          c.left = true;
          c.chat = { ...c.chat, role: undefined };
        }
        break;
      default:
        break;
    }
  }

  replaceMessage(c, msg) {
    if (c.messages?.has(msg.id)) c.messages.set(msg.id, msg);
    if (c.top && c.top.id === msg.id) c.top = msg;
  }

  removeMessages(c, ids) {
    for (const id of ids) c.messages?.delete(id);
    if (c.top && ids.includes(c.top.id)) this.recomputeTop(c, true);
  }

  recomputeTop(c, force) {
    if (!c.messages || c.messages.size === 0) {
      if (force) c.top = null;
      return;
    }
    let top = null;
    for (const m of c.messages.values()) if (!top || m.id > top.id) top = m;
    if (force || !c.top || top.id >= c.top.id) c.top = top;
  }

  /** Removes messages for this user only (delete for me, or another session of mine did it). */
  hideMessages(chatId, ids) {
    const c = this.chat(chatId);
    if (!c) return;
    this.removeMessages(c, ids.map(Number));
    this.touch('chat:' + c.id, 'list');
  }

  setRead(chatId, maxId, unread) {
    const c = this.chat(chatId);
    if (!c) return;
    c.readInboxMaxId = Math.max(c.readInboxMaxId, Number(maxId));
    if (unread !== undefined) c.unread = unread;
    this.touch('list', 'chat:' + c.id);
  }

  setReadOutbox(chatId, maxId) {
    const c = this.chat(chatId);
    if (!c) return;
    c.readOutboxMaxId = Math.max(c.readOutboxMaxId, Number(maxId));
    this.touch('chat:' + c.id, 'list');
  }

  setTyping(chatId, userId, untilMs) {
    const c = this.chat(chatId);
    if (!c) return;
    if (untilMs) c.typing.set(idOf(userId), untilMs);
    else c.typing.delete(idOf(userId));
    this.touch('typing:' + c.id, 'list');
  }

  /** Users typing now in a chat (ids), expired hints dropped. */
  typingIn(c) {
    const now = Date.now();
    for (const [u, until] of c.typing) if (until < now) c.typing.delete(u);
    return [...c.typing.keys()];
  }

  // ---- pending sends ---------------------------------------------------------------------

  addPending(chatId, p) {
    const c = this.chat(chatId);
    c.pending.set(p.randomId, p);
    c.lastActivity = Math.max(c.lastActivity, p.date);
    c.inList = true;
    this.touch('chat:' + c.id, 'list');
  }

  updatePending(chatId, randomId, patch) {
    const c = this.chat(chatId);
    const p = c?.pending.get(randomId);
    if (!p) return;
    if (patch === null) c.pending.delete(randomId);
    else Object.assign(p, patch);
    this.touch('chat:' + c.id, 'list');
  }

  // ---- the chat list ---------------------------------------------------------------------

  /** Chats for the list: pinned first, then by latest activity. */
  dialogs() {
    return [...this.chats.values()]
      .filter((c) => c.inList)
      .sort((a, b) => (b.pinned - a.pinned) || (activity(b) - activity(a)) || ((b.top?.id ?? 0) - (a.top?.id ?? 0))
        || (a.id < b.id ? 1 : -1));
  }

  setOpenChat(chatId) {
    this.openChatId = idOf(chatId);
    this.touch('route', 'list');
  }
}

function activity(c) {
  let t = c.lastActivity;
  for (const p of c.pending.values()) t = Math.max(t, p.date);
  return t;
}

export function normalizeUser(u) {
  return { ...u, id: idOf(u.id) };
}

export function normalizeMessage(m) {
  const out = { ...m, chatId: idOf(m.chatId), id: Number(m.id), senderId: idOf(m.senderId) };
  if (m.replyToId !== undefined && m.replyToId !== null) out.replyToId = Number(m.replyToId);
  if (m.forwardFrom) out.forwardFrom = { ...m.forwardFrom, chatId: idOf(m.forwardFrom.chatId),
    senderId: idOf(m.forwardFrom.senderId) };
  if (m.action) out.action = { ...m.action, userIds: (m.action.userIds ?? []).map(idOf) };
  return out;
}

// Keeps the store in step with the server (DESIGN §2). Each chat has a local seq: a chat-log update is
// applied when its seq is local + 1, ignored when already seen, and otherwise the chat's difference is
// fetched (one sync at a time per chat). After every reconnect the dialog list is reloaded and chats whose
// history is loaded catch up by difference; `tooLong` drops the chat's history so the view reloads it.
// Other tabs of the same browser get a hint over a BroadcastChannel, because the server does not push a
// session's own writes back to it (and tabs share the session).

import { idOf } from './json64.js';

const TYPING_HINT_MS = 6_000;
const DIALOG_PAGE = 100; // the server's largest page

export class Sync {
  constructor(conn, store, { onError, onLoginCode }) {
    this.conn = conn;
    this.store = store;
    this.onError = onError;
    this.onLoginCode = onLoginCode;
    this.syncing = new Map(); // chatId -> promise of the running sync
    this.again = new Set(); // chats to sync once more when the running sync ends
    this.wantedUsers = new Set();
    this.userTimer = null;
    this.tabs = 'BroadcastChannel' in window ? new BroadcastChannel('ferry-sync') : null;
    if (this.tabs) this.tabs.onmessage = (ev) => this.onTabHint(ev.data);
    conn.addEventListener('update', (ev) => this.onUpdate(ev.detail));
  }

  // ---- start and reconnect ---------------------------------------------------------------

  /** Loads the chat list (on sign-in and after every reconnect) and catches up loaded chats. */
  async refreshAll() {
    const dialogs = await this.loadDialogs();
    const seen = new Set();
    const behind = [];
    for (const d of dialogs) {
      const id = idOf(d.chat.id);
      seen.add(id);
      const known = this.store.chat(id);
      const head = Number(d.chat.seq);
      this.store.putDialog(d);
      const c = this.store.chat(id);
      if (known && c.messages && head > c.seq) behind.push(id);
      else if (!c.messages || !known) c.seq = Math.max(c.seq, head);
    }
    for (const c of this.store.chats.values()) {
      if (!seen.has(c.id) && c.inList && c.chat.type !== 'private' && c.chat.role) this.store.markLeft(c.id);
    }
    this.wantUsers(dialogs.flatMap((d) => [d.chat.peerId, d.topMessage?.senderId,
      ...(d.topMessage?.action?.userIds ?? [])]));
    await Promise.all(behind.map((id) => this.syncChat(id)));
    // A chat open but not in the list (a channel preview, an empty private chat) also catches up.
    const open = this.store.chat(this.store.openChatId);
    if (open && !seen.has(open.id) && open.messages) await this.syncChat(open.id);
  }

  /** The whole chat list, a page at a time: each page starts after the last dialog of the one before. */
  async loadDialogs() {
    const all = [];
    const params = { limit: DIALOG_PAGE };
    for (;;) {
      const page = await this.conn.call('messages.getDialogs', params, { idempotent: true });
      all.push(...page);
      if (page.length < DIALOG_PAGE) return all;
      const last = page[page.length - 1];
      params.offsetPinned = last.pinned;
      params.offsetDate = last.topMessage ? last.topMessage.date : last.chat.date;
      params.offsetChatId = last.chat.id;
    }
  }

  // ---- pushes ----------------------------------------------------------------------------

  onUpdate(u) {
    switch (u.type) {
      case 'newMessage':
      case 'messageEdited':
      case 'messagesDeleted':
        this.onLog(u);
        break;
      case 'readInbox':
        this.store.setRead(u.chatId, u.maxId, u.unreadCount);
        break;
      case 'readOutbox':
        this.store.setReadOutbox(u.chatId, u.maxId);
        break;
      case 'typing':
        if (!this.store.isMe(u.userId)) {
          this.store.setTyping(u.chatId, u.userId, Date.now() + TYPING_HINT_MS);
          this.wantUsers([u.userId]);
          setTimeout(() => this.store.touch('typing:' + idOf(u.chatId), 'list'), TYPING_HINT_MS + 50);
        }
        break;
      case 'userStatus':
        this.store.setStatus(u.userId, u.online, u.lastSeen);
        break;
      case 'deletedForMe':
        this.store.hideMessages(u.chatId, u.ids);
        break;
      case 'loginCode':
        this.onLoginCode?.(u);
        break;
      case 'roleChanged':
        if (this.store.isMe(u.userId)) this.store.patchChat(u.chatId, { role: u.role });
        break;
      case 'chatUsernameChanged':
        this.store.patchChat(u.chatId, { username: u.username });
        break;
      default:
        break; // an update type this client does not know yet: safe to skip, sync repairs anything that matters
    }
  }

  onLog(u) {
    const chatId = idOf(u.chatId);
    const c = this.store.chat(chatId);
    const seq = Number(u.seq);
    if (u.message) this.wantUsers([u.message.senderId, ...(u.message.action?.userIds ?? [])]);
    if (!c) {
      this.ensureChat(chatId);
      return;
    }
    if (this.syncing.has(chatId)) {
      this.again.add(chatId);
      return;
    }
    if (seq <= c.seq) return;
    if (seq === c.seq + 1) this.store.applyLog(u, true);
    else this.syncChat(chatId);
  }

  /** A chat we did not know (added to a group, a first private message): read its dialog. */
  async ensureChat(chatId) {
    if (this.syncing.has(chatId)) {
      this.again.add(chatId);
      return this.syncing.get(chatId);
    }
    const run = (async () => {
      try {
        const d = await this.conn.call('messages.getDialog', { chatId }, { idempotent: true });
        this.store.putDialog(d);
        const c = this.store.chat(chatId);
        c.seq = Math.max(c.seq, Number(d.chat.seq));
        this.wantUsers([d.chat.peerId, d.topMessage?.senderId, ...(d.topMessage?.action?.userIds ?? [])]);
      } catch (err) {
        if (err.code !== 'CHANNEL_PRIVATE' && err.code !== 'PEER_ID_INVALID') this.onError(err);
      }
    })();
    return this.track(chatId, run);
  }

  // ---- difference ------------------------------------------------------------------------

  /** Catches one chat up from its local seq; concurrent requests for the same chat share one run. */
  syncChat(chatId) {
    chatId = idOf(chatId);
    if (this.syncing.has(chatId)) {
      this.again.add(chatId);
      return this.syncing.get(chatId);
    }
    if (!this.store.chat(chatId)) return this.ensureChat(chatId);
    return this.track(chatId, this.runDifference(chatId));
  }

  track(chatId, promise) {
    const done = promise.finally(() => {
      this.syncing.delete(chatId);
      if (this.again.delete(chatId)) this.syncChat(chatId);
    });
    this.syncing.set(chatId, done);
    return done;
  }

  async runDifference(chatId) {
    const c = this.store.chat(chatId);
    try {
      for (let page = 0; page < 20; page++) {
        const d = await this.conn.call('updates.getDifference', { chatId, afterSeq: c.seq, limit: 200 },
          { idempotent: true });
        if (d.tooLong) {
          this.store.dropHistory(chatId, Number(d.seq));
          break;
        }
        for (const u of d.updates) {
          if (Number(u.seq) > c.seq) {
            if (u.message) this.wantUsers([u.message.senderId, ...(u.message.action?.userIds ?? [])]);
            this.store.applyLog({ ...u, chatId }, false);
          }
        }
        c.seq = Math.max(c.seq, Number(d.seq));
        if (!d.more) break;
      }
      // Unread counts and read marks are not in the log: take them from the dialog.
      const dialog = await this.conn.call('messages.getDialog', { chatId }, { idempotent: true });
      if (c.inList || dialog.topMessage) this.store.putDialog(dialog);
      else this.store.putChat(dialog.chat);
    } catch (err) {
      if (err.code === 'CHANNEL_PRIVATE' || err.code === 'PEER_ID_INVALID') this.store.markLeft(chatId);
      else if (err.code !== 'NETWORK' && err.code !== 'TIMEOUT') this.onError(err);
    }
  }

  // ---- own writes ------------------------------------------------------------------------

  /** Records the outcome of our own write that occupied `seq` in the chat's log. */
  ownWrite(chatId, seq, apply) {
    chatId = idOf(chatId);
    const c = this.store.chat(chatId);
    if (!c) return;
    apply?.(c);
    if (seq === c.seq + 1) {
      c.seq = seq;
    } else if (seq > c.seq) {
      this.syncChat(chatId);
    }
    this.store.touch('chat:' + chatId, 'list');
    this.tabs?.postMessage({ type: 'seq', chatId, seq });
  }

  /** Tells other tabs that something changed that the server will not push to this session. */
  hintTabs(message) {
    this.tabs?.postMessage(message);
  }

  onTabHint(msg) {
    if (!this.store.me) return;
    if (msg.type === 'seq') {
      const c = this.store.chat(msg.chatId);
      if (!c || msg.seq > c.seq) this.syncChat(msg.chatId);
    } else if (msg.type === 'chat') {
      this.syncChat(msg.chatId);
    } else if (msg.type === 'list') {
      this.refreshAll().catch(() => {});
    }
  }

  // ---- users -----------------------------------------------------------------------------

  /** Fetches unknown users in one batched call. */
  wantUsers(ids) {
    for (const raw of ids) {
      const id = idOf(raw);
      if (id && id !== '0' && !this.store.users.has(id)) this.wantedUsers.add(id);
    }
    if (this.wantedUsers.size && !this.userTimer) {
      this.userTimer = setTimeout(() => this.fetchUsers(), 20);
    }
  }

  async fetchUsers() {
    this.userTimer = null;
    const ids = [...this.wantedUsers].slice(0, 100);
    ids.forEach((id) => this.wantedUsers.delete(id));
    if (!ids.length) return;
    try {
      this.store.putUsers(await this.conn.call('users.get', { ids }, { idempotent: true }));
    } catch (err) {
      if (err.code !== 'NETWORK' && err.code !== 'TIMEOUT') this.onError(err);
    }
    if (this.wantedUsers.size) this.wantUsers([]);
  }
}

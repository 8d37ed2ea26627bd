// How chats, senders and service messages read in the list and the chat view.

import { fullName } from '../format.js';

export function chatTitle(store, c) {
  if (!c) return '';
  if (c.chat.type === 'private') {
    if (store.isMe(c.chat.peerId)) return 'Saved Messages';
    const peer = store.users.get(c.chat.peerId);
    return peer ? fullName(peer) : c.chat.title;
  }
  return c.chat.title;
}

export function userName(store, userId, { you = true } = {}) {
  if (you && store.isMe(userId)) return 'You';
  const u = store.users.get(String(userId));
  return u ? fullName(u) : 'Someone';
}

function names(store, ids) {
  const list = ids.map((id) => userName(store, id));
  if (list.length <= 1) return list.join('');
  return list.slice(0, -1).join(', ') + ' and ' + list.at(-1);
}

/** "Alice created the group «Trip»", "You removed Bob", ... */
export function describeAction(store, c, msg) {
  const a = msg.action;
  const who = userName(store, msg.senderId);
  const ids = a.userIds ?? [];
  const isChannel = c?.chat.type === 'channel';
  switch (a.type) {
    case 'created':
      return isChannel ? `Channel «${a.title ?? c?.chat.title ?? ''}» created`
        : `${who} created the group «${a.title ?? ''}»`;
    case 'membersAdded':
      return `${who} added ${names(store, ids)}`;
    case 'memberRemoved':
      return `${who} removed ${names(store, ids)}`;
    case 'memberLeft':
      return `${names(store, ids.length ? ids : [msg.senderId])} left the group`;
    case 'memberJoined':
      return `${names(store, ids.length ? ids : [msg.senderId])} joined the group`;
    case 'titleChanged':
      return isChannel ? `Channel renamed to «${a.title}»` : `${who} changed the group name to «${a.title}»`;
    default:
      return 'Chat updated';
  }
}

/** The one-line preview of a message in the chat list. */
export function previewText(store, c, msg) {
  if (!msg) return '';
  if (msg.action) return describeAction(store, c, msg);
  const text = (msg.text ?? '').replace(/\s+/g, ' ').trim();
  const fwd = msg.forwardFrom ? 'Forwarded: ' : '';
  if (store.isMe(msg.senderId) && c.chat.type !== 'channel') return `You: ${fwd}${text}`;
  if (c.chat.type === 'group' || c.chat.type === 'supergroup') {
    return `${userName(store, msg.senderId, { you: false }).split(' ')[0]}: ${fwd}${text}`;
  }
  return fwd + text;
}

/** "Alice is typing…", "Alice and Bob are typing…", or null. */
export function typingText(store, c) {
  const ids = store.typingIn(c);
  if (!ids.length) return null;
  if (c.chat.type === 'private') return 'typing…';
  const first = ids.map((id) => userName(store, id, { you: false }).split(' ')[0]);
  if (first.length === 1) return `${first[0]} is typing…`;
  if (first.length === 2) return `${first[0]} and ${first[1]} are typing…`;
  return `${first.length} people are typing…`;
}

export function canWrite(c) {
  if (!c || c.left || !c.chat.role) return false;
  if (c.chat.type === 'channel') return c.chat.role === 'creator' || c.chat.role === 'admin';
  return true;
}

export function isAdmin(c) {
  return c?.chat.role === 'creator' || c?.chat.role === 'admin';
}

/** Whether the viewer may delete another person's message for everyone. */
export function canDeleteForEveryone(store, c, msg) {
  if (!c || c.left || !c.chat.role) return false;
  return store.isMe(msg.senderId) || c.chat.type === 'private' || isAdmin(c);
}

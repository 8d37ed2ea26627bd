// Modal dialogs: new group, new channel, forward to a chat, chat info (rename, members), settings
// (profile, username, sessions, log out).

import { h, icon, ICONS, replaceChildren } from '../dom.js';
import { fullDate, fullName, plural } from '../format.js';
import { avatar, openModal } from './widgets.js';
import { canWrite, chatTitle, isAdmin } from './text.js';
import { toast } from './toast.js';

function field(label, input, help) {
  const id = input.id || `f-${Math.random().toString(36).slice(2)}`;
  input.id = id;
  return h('div', { class: 'field' },
    h('label', { for: id, class: 'field-label' }, label), input,
    help ? h('p', { class: 'field-help' }, help) : null);
}

/** Runs `fn` with the button disabled; errors were already shown as toasts by Actions. */
async function withBusy(button, fn) {
  button.disabled = true;
  try {
    await fn();
  } catch (err) {
    // reported by Actions
  } finally {
    button.disabled = false;
  }
}

/** A picker of people: by @username, or from the people of my private chats. */
function peoplePicker(store, actions, selected, testPrefix = '') {
  const chips = h('ul', { class: 'chips', 'aria-label': 'Selected people', 'data-testid': 'selected-members' });
  const input = h('input', { type: 'text', placeholder: '@username', autocomplete: 'off',
    'data-testid': `${testPrefix}member-username-input` });
  const note = h('p', { class: 'field-help', role: 'status' });
  const renderChips = () => replaceChildren(chips, [...selected.values()].map((u) => h('li', { class: 'chip',
    'data-testid': 'selected-member' }, fullName(u),
  h('button', { type: 'button', class: 'chip-remove', 'aria-label': `Remove ${fullName(u)}`,
    onclick: () => { selected.delete(u.id); renderChips(); renderKnown(); } }, '×'))));
  const add = async () => {
    const name = input.value.trim().replace(/^@/, '');
    if (!name) return;
    const found = await actions.resolve(name).catch(() => null);
    if (!found?.user) {
      note.textContent = `Nobody has the username @${name}.`;
      return;
    }
    store.putUsers([found.user]);
    selected.set(String(found.user.id), { ...found.user, id: String(found.user.id) });
    input.value = '';
    note.textContent = `${fullName(found.user)} added.`;
    renderChips();
    renderKnown();
  };
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      add();
    }
  });
  const known = h('ul', { class: 'pick-list' });
  const renderKnown = () => {
    const people = store.dialogs().filter((c) => c.chat.type === 'private' && !store.isMe(c.chat.peerId))
      .map((c) => store.users.get(c.chat.peerId)).filter(Boolean);
    replaceChildren(known, people.map((u) => {
      const box = h('input', { type: 'checkbox', id: `pick-${testPrefix}${u.id}`, 'data-testid': 'pick-contact',
        'data-user-id': u.id, onchange: () => {
          if (box.checked) selected.set(u.id, u);
          else selected.delete(u.id);
          renderChips();
        } });
      box.checked = selected.has(u.id);
      return h('li', null, h('label', { for: box.id, class: 'pick-row' }, box, avatar(fullName(u), u.id, 'sm'),
        h('span', null, fullName(u))));
    }));
  };
  renderKnown();
  return h('div', { class: 'people-picker' },
    h('div', { class: 'field' }, h('label', { class: 'field-label', for: input.id = `people-${testPrefix}input` },
      'Add people by username'),
    h('div', { class: 'inline-form' }, input, h('button', { type: 'button', class: 'secondary-button',
      'data-testid': `${testPrefix}add-person-button`, onclick: add }, 'Add')), note),
    chips, known);
}

export function openNewGroup(store, actions, navigate) {
  openModal({ title: 'New group', testid: 'new-group-dialog', build: (body, close) => {
    const title = h('input', { type: 'text', maxlength: 128, required: true, autofocus: true,
      'data-testid': 'group-title-input' });
    const selected = new Map();
    const submit = h('button', { type: 'submit', class: 'primary-button', 'data-testid': 'create-group-submit' },
      'Create group');
    const form = h('form', { class: 'modal-form', onsubmit: (ev) => {
      ev.preventDefault();
      withBusy(submit, async () => {
        const chatId = await actions.createGroup(title.value.trim(), [...selected.keys()]);
        close();
        navigate(chatId);
      });
    } }, field('Group name', title), peoplePicker(store, actions, selected), submit);
    body.appendChild(form);
  } });
}

export function openNewChannel(store, actions, navigate) {
  openModal({ title: 'New channel', testid: 'new-channel-dialog', build: (body, close) => {
    const title = h('input', { type: 'text', maxlength: 128, required: true, autofocus: true,
      'data-testid': 'channel-title-input' });
    const about = h('textarea', { rows: 2, maxlength: 255, 'data-testid': 'channel-about-input' });
    const username = h('input', { type: 'text', maxlength: 32, placeholder: 'my_channel',
      'data-testid': 'channel-username-input' });
    const megagroup = h('input', { type: 'checkbox', id: 'channel-megagroup', 'data-testid': 'channel-megagroup' });
    const submit = h('button', { type: 'submit', class: 'primary-button', 'data-testid': 'create-channel-submit' },
      'Create channel');
    const form = h('form', { class: 'modal-form', onsubmit: (ev) => {
      ev.preventDefault();
      withBusy(submit, async () => {
        const chatId = await actions.createChannel(title.value.trim(), about.value.trim(),
          username.value.trim().replace(/^@/, ''), megagroup.checked);
        close();
        navigate(chatId);
      });
    } },
    field('Channel name', title),
    field('Description (optional)', about),
    field('Public link (optional)', username, 'With a username anyone can find and join it as @username.'),
    h('label', { class: 'check-row', for: 'channel-megagroup' }, megagroup,
      'Discussion group: every member can post (a supergroup)'),
    submit);
    body.appendChild(form);
  } });
}

export function openForward(store, actions, fromChatId, ids, navigate) {
  openModal({ title: 'Forward to…', testid: 'forward-dialog', build: (body, close) => {
    const filter = h('input', { type: 'search', placeholder: 'Search chats', 'aria-label': 'Search chats',
      'data-testid': 'forward-search', autofocus: true });
    const list = h('ul', { class: 'pick-list' });
    const render = () => {
      const q = filter.value.trim().toLowerCase();
      const chats = store.dialogs().filter((c) => canWrite(c) && chatTitle(store, c).toLowerCase().includes(q));
      replaceChildren(list, chats.length ? chats.map((c) => h('li', null, h('button', {
        type: 'button', class: 'pick-row', 'data-testid': 'forward-target', 'data-chat-id': c.id,
        onclick: async (ev) => {
          await withBusy(ev.currentTarget, async () => {
            await actions.forward(fromChatId, ids, c.id);
            close();
            toast(`Forwarded to ${chatTitle(store, c)}`, { kind: 'info', timeout: 3000, testid: 'info-toast' });
            navigate(c.id);
          });
        } }, avatar(chatTitle(store, c), c.id, 'sm'), h('span', null, chatTitle(store, c)))))
        : h('li', { class: 'field-help' }, 'No chat to forward to.'));
    };
    filter.addEventListener('input', render);
    render();
    body.append(filter, list);
  } });
}

export function openChatInfo(store, actions, chatId) {
  const c = store.chat(chatId);
  if (!c) return;
  openModal({ title: c.chat.type === 'private' ? 'User info' : c.chat.type === 'channel' ? 'Channel info' : 'Group info',
    testid: 'chat-info-dialog', build: (body, close) => {
      const render = async () => {
        const chat = store.chat(chatId);
        const title = chatTitle(store, chat);
        const sections = [h('div', { class: 'info-head' }, avatar(title, chat.id, 'lg'),
          h('div', null, h('h3', { 'data-testid': 'info-title' }, title),
            h('p', { class: 'field-help' }, chat.chat.type === 'private'
              ? (store.users.get(chat.chat.peerId)?.username ? '@' + store.users.get(chat.chat.peerId).username : '')
              : plural(chat.chat.memberCount ?? 0, chat.chat.type === 'channel' ? 'subscriber' : 'member',
                chat.chat.type === 'channel' ? 'subscribers' : 'members'))))];
        if (chat.chat.username && chat.chat.type !== 'private') {
          sections.push(h('p', { class: 'info-line' }, 'Public link: ', h('strong', null, '@' + chat.chat.username)));
        }
        if (chat.chat.about) sections.push(h('p', { class: 'info-line' }, chat.chat.about));
        const member = !chat.left && !!chat.chat.role;
        const mayRename = member && chat.chat.type !== 'private' && (chat.chat.type === 'group' || isAdmin(chat));
        if (mayRename) {
          const input = h('input', { type: 'text', value: chat.chat.title, maxlength: 128, 'data-testid': 'rename-input' });
          const save = h('button', { type: 'submit', class: 'secondary-button', 'data-testid': 'rename-submit' }, 'Rename');
          sections.push(h('form', { class: 'modal-form', onsubmit: (ev) => {
            ev.preventDefault();
            withBusy(save, async () => {
              await actions.setTitle(chatId, input.value.trim());
              toast('Name changed', { kind: 'info', timeout: 2500, testid: 'info-toast' });
            });
          } }, field('Name', input), save));
        }
        const mayList = member && chat.chat.type !== 'private' && (chat.chat.type !== 'channel' || isAdmin(chat));
        if (mayList) sections.push(await membersSection(store, actions, chat, render));
        if (member && chat.chat.type !== 'private') {
          sections.push(h('div', { class: 'modal-actions' },
            h('button', { type: 'button', class: 'secondary-button', 'data-testid': 'mute-toggle',
              onclick: () => actions.setMuted(chatId, !chat.muted).then(render).catch(() => {}) },
            chat.muted ? 'Unmute notifications' : 'Mute notifications'),
            h('button', { type: 'button', class: 'danger-button', 'data-testid': 'leave-button',
              onclick: (ev) => withBusy(ev.currentTarget, async () => { await actions.leave(chatId); close(); }) },
            chat.chat.type === 'channel' ? 'Leave channel' : 'Leave group')));
        }
        replaceChildren(body, sections);
      };
      render();
    } });
}

async function membersSection(store, actions, c, rerender) {
  let members = [];
  try {
    members = await actions.members(c.id);
  } catch (err) {
    return h('p', { class: 'field-help' }, 'Members could not be loaded.');
  }
  store.putUsers(members.map((m) => m.user));
  const myRole = c.chat.role;
  const mayAdd = c.chat.type === 'group' || isAdmin(c);
  const list = h('ul', { class: 'member-list', 'data-testid': 'member-list', 'aria-label': 'Members' },
    members.map((m) => {
      const u = { ...m.user, id: String(m.user.id) };
      const mayRemove = !store.isMe(u.id) && (myRole === 'creator' || (myRole === 'admin' && m.role === 'member'));
      return h('li', { class: 'member-item', 'data-testid': 'member-item', 'data-user-id': u.id },
        avatar(fullName(u), u.id, 'sm'),
        h('div', { class: 'member-body' }, h('span', { class: 'member-name' }, fullName(u) + (store.isMe(u.id) ? ' (you)' : '')),
          h('span', { class: 'field-help' }, m.role === 'creator' ? 'owner' : m.role === 'admin' ? 'admin'
            : u.status?.online ? 'online' : '')),
        mayRemove ? h('button', { type: 'button', class: 'link-button danger', 'data-testid': 'remove-member',
          'aria-label': `Remove ${fullName(u)}`,
          onclick: (ev) => withBusy(ev.currentTarget, async () => {
            await actions.removeMember(c.id, u.id);
            await rerender();
          }) }, 'Remove') : null);
    }));
  const section = h('section', { class: 'members-section', 'aria-label': 'Members' },
    h('h4', null, c.chat.type === 'channel' ? 'Subscribers' : 'Members'), list);
  if (mayAdd) {
    const input = h('input', { type: 'text', placeholder: '@username', 'data-testid': 'add-member-input' });
    const add = h('button', { type: 'submit', class: 'secondary-button', 'data-testid': 'add-member-submit' }, 'Add');
    section.appendChild(h('form', { class: 'modal-form', onsubmit: (ev) => {
      ev.preventDefault();
      withBusy(add, async () => {
        const name = input.value.trim().replace(/^@/, '');
        const found = await actions.resolve(name);
        if (!found?.user) {
          toast(`Nobody has the username @${name}.`, { testid: 'error-toast' });
          return;
        }
        await actions.addMembers(c.id, [found.user.id]);
        await rerender();
      });
    } }, field('Add a member by username', h('div', { class: 'inline-form' }, input, add))));
  }
  return section;
}

export function openSettings(store, actions, logOut) {
  openModal({ title: 'Settings', testid: 'settings-dialog', wide: false, build: (body) => {
    const me = store.me;
    const first = h('input', { type: 'text', value: me.firstName ?? '', maxlength: 64, 'data-testid': 'profile-first-name' });
    const last = h('input', { type: 'text', value: me.lastName ?? '', maxlength: 64, 'data-testid': 'profile-last-name' });
    const username = h('input', { type: 'text', value: me.username ?? '', maxlength: 32, placeholder: 'username',
      'data-testid': 'username-input' });
    const save = h('button', { type: 'submit', class: 'primary-button', 'data-testid': 'profile-save' }, 'Save');
    const sessions = h('ul', { class: 'session-list', 'data-testid': 'session-list', 'aria-label': 'Sessions' });
    const profile = h('form', { class: 'modal-form', onsubmit: (ev) => {
      ev.preventDefault();
      withBusy(save, async () => {
        const f = first.value.trim();
        const l = last.value.trim();
        if (f !== (store.me.firstName ?? '') || l !== (store.me.lastName ?? '')) await actions.updateProfile(f, l);
        const u = username.value.trim().replace(/^@/, '');
        if (u !== (store.me.username ?? '')) await actions.setUsername(u);
        toast('Profile saved', { kind: 'info', timeout: 2500, testid: 'info-toast' });
      });
    } },
    h('div', { class: 'info-head' }, avatar(fullName(me), me.id, 'lg'),
      h('div', null, h('h3', { 'data-testid': 'my-name' }, fullName(me)),
        h('p', { class: 'field-help', 'data-testid': 'my-phone' }, me.phone ?? ''))),
    field('First name', first), field('Last name', last),
    field('Username', username, 'People can find you by @username. 5–32 letters, digits or underscores.'),
    save);
    const loadSessions = async () => {
      let list = [];
      try {
        list = await actions.sessions();
      } catch (err) {
        return;
      }
      replaceChildren(sessions, list.map((s) => h('li', { class: 'session-item', 'data-testid': 'session-item',
        'data-current': s.current ? 'true' : 'false' },
      h('div', { class: 'member-body' }, h('strong', null, s.device || 'Unknown device'),
        h('span', { class: 'field-help' }, s.current ? 'This device' : `${s.ip ?? ''} · active ${fullDate(s.lastActiveAt)}`)),
      s.current ? null : h('button', { type: 'button', class: 'link-button danger', 'data-testid': 'end-session',
        onclick: (ev) => withBusy(ev.currentTarget, async () => {
          await actions.terminateSession(s.id);
          await loadSessions();
        }) }, 'End session'))));
    };
    loadSessions();
    body.append(profile,
      h('section', { class: 'members-section', 'aria-label': 'Active sessions' }, h('h4', null, 'Active sessions'), sessions),
      h('div', { class: 'modal-actions' }, h('button', { type: 'button', class: 'danger-button', 'data-testid': 'logout-button',
        onclick: logOut }, icon(ICONS.back), 'Log out')));
  } });
}

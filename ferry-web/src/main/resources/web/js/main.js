// Wires the client together: connection, store, sync, actions and views; decides between the login
// screen and the messenger; keeps the open chat in the URL hash (#/chat/<id>) so a reload returns to it.

import { Connection } from './protocol.js';
import { Store } from './store.js';
import { Sync } from './sync.js';
import { Actions } from './actions.js';
import { h, replaceChildren } from './dom.js';
import { renderLogin } from './ui/login.js';
import { ChatList } from './ui/chatlist.js';
import { ChatView } from './ui/chatview.js';
import { openChatInfo, openForward, openNewChannel, openNewGroup, openSettings } from './ui/dialogs.js';
import { showError, toast } from './ui/toast.js';

const TOKEN_KEY = 'ferry.token';
const root = document.getElementById('app');
const banner = document.getElementById('connection-banner');

const store = new Store();
const conn = new Connection({
  url: `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`,
  token: () => localStorage.getItem(TOKEN_KEY),
  clearToken: () => localStorage.removeItem(TOKEN_KEY),
});
const sync = new Sync(conn, store, {
  onError: showError,
  onLoginCode: (u) => toast(`Login code: ${u.code}. Someone is signing in to your account; do not give this code `
    + 'to anyone else.', { kind: 'info', timeout: 60_000, testid: 'login-code-toast' }),
});
const actions = new Actions(conn, store, sync, showError);

let screen = null; // 'login' | 'app'
let everReady = false;
let messenger = null;

// ---- connection state -------------------------------------------------------------------

conn.addEventListener('state', (ev) => renderBanner(ev.detail));
conn.addEventListener('ready', (ev) => {
  everReady = true;
  const resumed = ev.detail;
  if (resumed) {
    store.setMe(resumed.user, resumed.sessionId);
    showMessenger();
    sync.refreshAll().then(() => routeFromHash()).catch((err) => {
      if (err.code !== 'NETWORK' && err.code !== 'TIMEOUT') showError(err);
    });
  } else if (!localStorage.getItem(TOKEN_KEY)) {
    showLogin();
  }
});
conn.addEventListener('sessionEnded', (ev) => {
  if (screen === 'app') {
    toast(ev.detail.code === 'SESSION_REVOKED' ? 'This session was ended from another device. Please sign in again.'
      : 'You were signed out. Please sign in again.', { kind: 'info', testid: 'info-toast' });
  }
  store.reset();
  showLogin();
});

function renderBanner({ state, retryInMs }) {
  clearInterval(renderBanner.timer);
  if (state === 'ready') {
    banner.hidden = true;
    document.body.classList.remove('offline');
    return;
  }
  banner.hidden = false;
  document.body.classList.add('offline');
  banner.dataset.state = state;
  if (state === 'waiting') {
    const until = Date.now() + (retryInMs ?? 0);
    const tick = () => {
      const s = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      replaceChildren(banner, h('span', { class: 'spinner', 'aria-hidden': 'true' }),
        h('span', null, everReady ? `Connection lost. Reconnecting${s ? ` in ${s} s` : ''}…` : `Connecting${s ? ` in ${s} s` : ''}…`),
        h('button', { type: 'button', class: 'link-button', 'data-testid': 'reconnect-now', onclick: () => conn.reconnectNow() },
          'Try now'));
    };
    tick();
    renderBanner.timer = setInterval(tick, 1000);
  } else {
    replaceChildren(banner, h('span', { class: 'spinner', 'aria-hidden': 'true' }),
      h('span', null, state === 'resuming' ? 'Connecting… restoring your session' : 'Connecting…'));
  }
}

// ---- screens ----------------------------------------------------------------------------

function showLogin() {
  if (screen === 'login') return;
  screen = 'login';
  messenger = null;
  root.removeAttribute('aria-busy');
  document.title = 'Ferry – sign in';
  renderLogin(root, actions, (result) => {
    localStorage.setItem(TOKEN_KEY, result.token);
    store.setMe(result.user, result.sessionId);
    showMessenger();
    sync.refreshAll().catch((err) => showError(err));
  });
}

function showMessenger() {
  if (screen === 'app') return;
  screen = 'app';
  root.removeAttribute('aria-busy');
  document.title = 'Ferry';
  const list = new ChatList({
    store, actions, navigate,
    openSettings: () => openSettings(store, actions, logOut),
    openNewGroup: () => openNewGroup(store, actions, navigate),
    openNewChannel: () => openNewChannel(store, actions, navigate),
  });
  const view = new ChatView({
    store, actions,
    back: () => navigate(null),
    openInfo: (chatId) => openChatInfo(store, actions, chatId),
    openForward: (chatId, ids) => openForward(store, actions, chatId, ids, navigate),
  });
  const layout = h('div', { class: 'layout', 'data-testid': 'messenger' }, list.el, view.el);
  messenger = { list, view, layout };
  replaceChildren(root, layout);
  store.subscribe((topics) => {
    if (topics.has('route')) applyRoute();
    if (topics.has('list')) updateTitle();
  });
  routeFromHash();
}

async function logOut() {
  try {
    await actions.logOut();
  } catch (err) {
    // Signed out locally anyway; the toast said what went wrong.
  }
  localStorage.removeItem(TOKEN_KEY);
  document.querySelectorAll('.modal-backdrop').forEach((m) => m.remove());
  store.reset();
  history.replaceState(null, '', location.pathname);
  showLogin();
}

// ---- routing ----------------------------------------------------------------------------

function navigate(chatId) {
  const hash = chatId ? `#/chat/${chatId}` : '';
  if (location.hash !== hash) {
    if (chatId) location.hash = hash;
    else history.pushState(null, '', location.pathname);
  }
  routeFromHash();
}

function routeFromHash() {
  const m = /^#\/chat\/(-?\d+)$/.exec(location.hash);
  const chatId = m ? m[1] : null;
  if (chatId && !store.chat(chatId) && store.me) {
    // A chat from the address bar we do not hold yet: ask for it (members only).
    sync.ensureChat(chatId).then(() => {
      if (store.chat(chatId)) store.setOpenChat(chatId);
    });
    return;
  }
  store.setOpenChat(chatId);
}

function applyRoute() {
  if (!messenger) return;
  const chatId = store.chat(store.openChatId) ? store.openChatId : null;
  messenger.layout.dataset.view = chatId ? 'chat' : 'list';
  messenger.view.show(chatId);
}

function updateTitle() {
  const unread = store.dialogs().reduce((n, c) => n + (c.muted ? 0 : c.unread), 0);
  document.title = unread ? `(${unread}) Ferry` : 'Ferry';
}

window.addEventListener('hashchange', routeFromHash);
window.addEventListener('popstate', routeFromHash);
window.addEventListener('storage', (ev) => {
  // Signed in or out in another tab: follow it.
  if (ev.key === TOKEN_KEY && (ev.newValue === null) !== (screen !== 'app')) location.reload();
});
window.addEventListener('unhandledrejection', (ev) => {
  // Every call reports its own failure; this keeps a missed one visible instead of silent.
  ev.preventDefault();
  if (ev.reason?.reported) return;
  if (ev.reason?.code) showError(ev.reason);
  else toast('Something went wrong in the app. Reload the page if it misbehaves.', { testid: 'error-toast' });
});

// Exposed for browser tests and debugging: the state, and a way to force a reconnect.
window.ferry = { store, conn, sync };

conn.start();

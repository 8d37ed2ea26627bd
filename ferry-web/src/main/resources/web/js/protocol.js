// The native protocol client: one WebSocket to /ws, requests matched to answers by id, server pushes
// as events, and a connection that repairs itself. After every (re)connect it resumes the session with the
// stored token before anything else is sent; requests made meanwhile wait in a queue.
//
// Events (EventTarget): 'state' {detail: {state, retryInMs}}, 'ready' {detail: {user, sessionId} | null},
// 'update' {detail: update}, 'sessionEnded' {detail: {code}}.

import { parse, stringify } from './json64.js';
import { FerryError } from './errors.js';

const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 15_000;
const REQUEST_TIMEOUT_MS = 30_000;

export class Connection extends EventTarget {
  /** @param {{url: string, token: () => string|null, clearToken: () => void}} options */
  constructor(options) {
    super();
    this.url = options.url;
    this.token = options.token;
    this.clearToken = options.clearToken;
    this.state = 'idle'; // idle | connecting | resuming | ready | waiting
    this.socket = null;
    this.nextId = 1;
    this.inflight = new Map(); // id -> {method, params, resolve, reject, idempotent, timer}
    this.queue = []; // calls waiting for 'ready'
    this.attempt = 0;
    this.retryTimer = null;
    this.stopped = false;
    window.addEventListener('online', () => this.reconnectNow());
  }

  start() {
    this.stopped = false;
    if (this.state === 'idle' || this.state === 'waiting') this.open();
  }

  /**
   * Calls a method. Resolves with the result, rejects with a FerryError. Calls made while disconnected wait
   * for the connection. `idempotent` calls (sends with a randomId, reads) are re-sent if the connection drops
   * before the answer; others fail with NETWORK, since the server may or may not have applied them.
   */
  call(method, params = {}, { idempotent = false } = {}) {
    return new Promise((resolve, reject) => {
      const req = { method, params, resolve, reject, idempotent };
      if (this.state === 'ready') this.send(req);
      else this.queue.push(req);
    });
  }

  /** Drops the connection and opens a new one (used after sign-in state changes and by tests). */
  reconnectNow() {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.attempt = 0;
    if (this.state === 'waiting' || this.state === 'idle') this.open();
  }

  // ---- internals -------------------------------------------------------------------------

  setState(state, retryInMs) {
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: { state, retryInMs } }));
  }

  open() {
    clearTimeout(this.retryTimer);
    this.setState('connecting');
    let socket;
    try {
      socket = new WebSocket(this.url);
    } catch (e) {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => this.onOpen(socket);
    socket.onmessage = (ev) => this.onFrame(socket, ev.data);
    socket.onclose = (ev) => this.onClose(socket, ev);
    socket.onerror = () => { /* onclose follows and handles it */ };
  }

  async onOpen(socket) {
    if (socket !== this.socket) return;
    const token = this.token();
    if (!token) {
      this.becomeReady(socket, null);
      return;
    }
    this.setState('resuming');
    try {
      const result = await this.rawCall(socket, 'auth.resume', { token });
      this.becomeReady(socket, result);
    } catch (err) {
      if (socket !== this.socket) return;
      if (err.code === 'AUTH_KEY_UNREGISTERED' || err.code === 'SESSION_REVOKED') {
        this.clearToken();
        this.dispatchEvent(new CustomEvent('sessionEnded', { detail: { code: err.code } }));
        this.becomeReady(socket, null);
      } else if (err.code === 'FLOOD_WAIT') {
        this.dropSocket(socket);
        this.scheduleRetry((err.retryAfter ?? 5) * 1000);
      } else {
        this.dropSocket(socket);
      }
    }
  }

  becomeReady(socket, resumed) {
    if (socket !== this.socket) return;
    this.attempt = 0;
    this.setState('ready');
    this.dispatchEvent(new CustomEvent('ready', { detail: resumed }));
    const waiting = this.queue;
    this.queue = [];
    for (const req of waiting) this.send(req);
  }

  /** A call on a specific socket that bypasses the queue (used for auth.resume). */
  rawCall(socket, method, params) {
    return new Promise((resolve, reject) => this.send({ method, params, resolve, reject, idempotent: false }, socket));
  }

  send(req, socket = this.socket) {
    const id = this.nextId++;
    req.timer = setTimeout(() => {
      if (this.inflight.get(id) === req) {
        this.inflight.delete(id);
        req.reject(new FerryError({ code: 'TIMEOUT', message: `${req.method} timed out` }));
      }
    }, REQUEST_TIMEOUT_MS);
    this.inflight.set(id, req);
    try {
      socket.send(stringify({ id, method: req.method, params: req.params }));
    } catch (e) {
      // The socket is closing; onclose re-queues or fails this request.
    }
  }

  onFrame(socket, data) {
    if (socket !== this.socket) return;
    let frame;
    try {
      frame = parse(data);
    } catch (e) {
      return; // not JSON: nothing sensible to do with it
    }
    if (frame.update) {
      this.dispatchEvent(new CustomEvent('update', { detail: frame.update }));
      return;
    }
    if (frame.id === undefined || frame.id === null) {
      const code = frame.error?.code;
      if (code === 'SESSION_REVOKED' || code === 'AUTH_KEY_UNREGISTERED') {
        this.clearToken();
        this.dispatchEvent(new CustomEvent('sessionEnded', { detail: { code } }));
      }
      return;
    }
    const req = this.inflight.get(Number(frame.id));
    if (!req) return;
    this.inflight.delete(Number(frame.id));
    clearTimeout(req.timer);
    if (frame.error) req.reject(new FerryError(frame.error));
    else req.resolve(frame.result);
  }

  onClose(socket) {
    if (socket !== this.socket) return;
    this.socket = null;
    const lost = [...this.inflight.values()];
    this.inflight.clear();
    for (const req of lost) {
      clearTimeout(req.timer);
      if (req.idempotent) this.queue.push(req);
      else req.reject(new FerryError({ code: 'NETWORK', message: 'connection lost' }));
    }
    if (!this.stopped) this.scheduleRetry();
  }

  dropSocket(socket) {
    try {
      socket.close();
    } catch (e) {
      // already closed
    }
    this.onClose(socket);
  }

  /** Exponential back-off with full jitter, capped; the first retry comes quickly. */
  scheduleRetry(minDelay = 0) {
    clearTimeout(this.retryTimer);
    const cap = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** this.attempt);
    const delay = Math.max(minDelay, Math.round(cap / 2 + Math.random() * cap / 2));
    this.attempt = Math.min(this.attempt + 1, 10);
    this.setState('waiting', delay);
    this.retryTimer = setTimeout(() => this.open(), delay);
  }
}

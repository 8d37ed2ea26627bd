// The sign-in screen: phone number, then the code, then (for a new number) first and last name.

import { h, replaceChildren } from '../dom.js';
import { describeError } from '../errors.js';

/**
 * Renders the login flow into `root`. `onSignedIn(result)` receives the auth.signIn/signUp result with
 * status "signedIn".
 */
export function renderLogin(root, actions, onSignedIn) {
  const state = { step: 'phone', phone: '', code: '', delivery: 'sms', busy: false };
  const card = h('main', { class: 'login-card', 'aria-labelledby': 'login-title' });
  replaceChildren(root, h('div', { class: 'login-screen', 'data-testid': 'login-screen' }, card));

  function errorBox() {
    return h('p', { class: 'form-error', role: 'alert', 'data-testid': 'login-error', hidden: true });
  }

  function showError(box, err) {
    box.textContent = describeError(err);
    box.hidden = false;
  }

  function render() {
    const error = errorBox();
    let form;
    if (state.step === 'phone') {
      const input = h('input', {
        id: 'phone', type: 'tel', inputmode: 'tel', autocomplete: 'tel', required: true, placeholder: '+44 20 7946 0000',
        value: state.phone, 'data-testid': 'phone-input', 'aria-describedby': 'phone-help',
      });
      form = h('form', { class: 'login-form', novalidate: true },
        h('h1', { id: 'login-title' }, 'Sign in to Ferry'),
        h('p', { class: 'login-lead', id: 'phone-help' }, 'Enter your phone number with its country code.'),
        h('label', { for: 'phone', class: 'field-label' }, 'Phone number'), input, error,
        submitButton('Next'),
        h('p', { class: 'field-help', 'data-testid': 'dev-mode-note' },
          'Dev mode: the login code is printed in the server log.'));
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const phone = input.value.trim();
        if (!phone) return showError(error, { code: 'PHONE_NUMBER_INVALID' });
        await busy(form, async () => {
          const sent = await actions.sendCode(phone);
          Object.assign(state, { step: 'code', phone: sent.phone ?? phone, delivery: sent.delivery });
          render();
        }, error);
      });
      mount(form, input);
    } else if (state.step === 'code') {
      const input = h('input', {
        id: 'code', type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', required: true,
        maxlength: 12, 'data-testid': 'code-input', 'aria-describedby': 'code-help',
      });
      const hint = state.delivery === 'app'
        ? 'We sent the code to Ferry on your other device. Look for a message from Ferry there.'
        : 'Dev mode: the login code is printed in the server log.';
      form = h('form', { class: 'login-form', novalidate: true },
        h('h1', { id: 'login-title' }, state.phone),
        h('p', { class: 'login-lead', id: 'code-help', 'data-testid': 'code-hint' }, hint),
        h('label', { for: 'code', class: 'field-label' }, 'Code'), input, error,
        submitButton('Sign in'),
        h('button', {
          type: 'button', class: 'link-button', 'data-testid': 'login-back',
          onclick: () => { state.step = 'phone'; render(); },
        }, 'Use a different number'));
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const code = input.value.trim();
        if (!code) return showError(error, { code: 'PHONE_CODE_EMPTY' });
        await busy(form, async () => {
          const r = await actions.signIn(state.phone, code);
          if (r.status === 'signUpRequired') {
            Object.assign(state, { step: 'name', code });
            render();
          } else {
            onSignedIn(r);
          }
        }, error);
      });
      mount(form, input);
    } else {
      const first = h('input', { id: 'first-name', type: 'text', autocomplete: 'given-name', required: true,
        maxlength: 64, 'data-testid': 'first-name-input' });
      const last = h('input', { id: 'last-name', type: 'text', autocomplete: 'family-name', maxlength: 64,
        'data-testid': 'last-name-input' });
      form = h('form', { class: 'login-form', novalidate: true },
        h('h1', { id: 'login-title' }, 'Your name'),
        h('p', { class: 'login-lead' }, 'This number is new to Ferry. Tell people who you are.'),
        h('label', { for: 'first-name', class: 'field-label' }, 'First name'), first,
        h('label', { for: 'last-name', class: 'field-label' }, 'Last name (optional)'), last, error,
        submitButton('Create account'));
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const firstName = first.value.trim();
        if (!firstName) return showError(error, { code: 'FIRSTNAME_INVALID' });
        await busy(form, async () => {
          onSignedIn(await actions.signUp(state.phone, state.code, firstName, last.value.trim()));
        }, error);
      });
      mount(form, first);
    }
  }

  function mount(form, focus) {
    replaceChildren(card, h('div', { class: 'login-logo', 'aria-hidden': 'true' }, 'F'), form);
    focus.focus();
  }

  async function busy(form, fn, error) {
    if (state.busy) return;
    state.busy = true;
    const button = form.querySelector('[data-testid="login-submit"]');
    button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    error.hidden = true;
    try {
      await fn();
    } catch (err) {
      showError(error, err);
      if (err.code === 'PHONE_CODE_EXPIRED') {
        state.step = 'phone';
        render();
        card.querySelector('[data-testid="login-error"]').hidden = false;
        card.querySelector('[data-testid="login-error"]').textContent = describeError(err);
      }
    } finally {
      state.busy = false;
      button.disabled = false;
      form.removeAttribute('aria-busy');
    }
  }

  render();
}

function submitButton(text) {
  return h('button', { type: 'submit', class: 'primary-button', 'data-testid': 'login-submit' }, text);
}

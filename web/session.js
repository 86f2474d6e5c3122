/**
 * Optional sign-in with an API token. Reading is public by default; a token lets the API show
 * what its holder may also read (drafts). The token is kept in sessionStorage only: never in a
 * URL, a cookie or a log, and gone when the tab closes.
 */
import { h, fill } from './dom.js';

const KEY = 'followup.token';

export function currentToken() {
  try {
    return sessionStorage.getItem(KEY) || null;
  } catch {
    return null;
  }
}

export function signOut() {
  storeToken(null);
}

function storeToken(token) {
  if (token) sessionStorage.setItem(KEY, token);
  else sessionStorage.removeItem(KEY);
}

/**
 * Fills `container` with the sign-in form, or with who is signed in and a sign-out button.
 * `whoIs(token)` asks the API for the viewer; `changed()` reloads the page's data.
 */
export async function renderSession(container, whoIs, changed) {
  const token = currentToken();
  if (token) {
    let viewer = null;
    try {
      viewer = await whoIs();
    } catch {
      viewer = null;
    }
    if (!viewer) {
      // A revoked or expired token: drop it and read as the public.
      storeToken(null);
      fill(container, h('p', { class: 'session-note', role: 'status' }, 'The token was refused; you read as the public.'));
      renderForm(container, changed);
      return;
    }
    fill(
      container,
      h(
        'p',
        { class: 'session-note' },
        'Signed in as ',
        h('strong', {}, viewer.name ?? 'a user'),
        viewer.role ? ` (${viewer.role.toLowerCase().replace(/_/g, ' ')})` : '',
        ' ',
        h(
          'button',
          {
            type: 'button',
            onclick: () => {
              storeToken(null);
              changed();
            },
          },
          'Sign out',
        ),
      ),
    );
    return;
  }
  fill(container);
  renderForm(container, changed);
}

function renderForm(container, changed) {
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true });
  const form = h(
    'form',
    {
      class: 'sign-in',
      // POST to nowhere if script ever failed here: a token must never end up in a URL.
      method: 'post',
      onsubmit: (event) => {
        event.preventDefault();
        storeToken(input.value.trim());
        input.value = '';
        changed();
      },
    },
    h('label', { for: 'token' }, 'API token'),
    input,
    h('button', { type: 'submit' }, 'Sign in'),
  );
  const details = h('details', { class: 'session' }, h('summary', {}, 'Sign in (optional)'), form);
  container.append(details);
}

/**
 * What every page shares: the sign-in area, the live indicator, the screen-reader announcer,
 * and an error message instead of a blank page when the API cannot be read.
 */
import { query } from './api.js';
import { h, fill } from './dom.js';
import { currentToken, renderSession, signOut } from './session.js';

const LIVE_WORDS = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' };

/** The live indicator in the header (the word says it; the dot only repeats it). */
export function setLiveState(state) {
  const element = document.getElementById('live');
  if (!element) return;
  element.dataset.state = state;
  fill(element, h('span', { class: 'dot', 'aria-hidden': 'true' }), LIVE_WORDS[state] ?? state);
}

/** Says something to screen readers without moving focus. */
export function announce(text) {
  const element = document.getElementById('announcer');
  if (element) element.textContent = text;
}

/** Runs a page's `render(main)` after the session is set up; shows what went wrong if it fails. */
export function startPage(render) {
  const main = document.getElementById('main');
  const session = document.getElementById('session');
  const whoIs = async () => (await query('query Viewer { viewer { name role } }')).viewer;
  renderSession(session, whoIs, () => window.location.reload());
  render(main).catch((err) => {
    // An expired or revoked token: read as the public instead of failing.
    if (err.code === 'UNAUTHENTICATED' && currentToken()) {
      signOut();
      window.location.reload();
      return;
    }
    main.setAttribute('aria-busy', 'false');
    fill(
      main,
      h('h1', {}, 'Something went wrong'),
      h('p', { role: 'alert' }, `The data could not be read: ${err.message}`),
      h('p', {}, h('a', { href: window.location.pathname + window.location.search }, 'Try again')),
    );
    main.dataset.ready = 'error';
  });
}

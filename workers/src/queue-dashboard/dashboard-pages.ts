import { DASHBOARD_PATH, SIGN_IN_PATH, SIGN_OUT_PATH } from './admission.js';

/**
 * The dashboard's own pages (Bull Board renders the rest). Static text: nothing a request sent
 * is written into them, so there is nothing to escape.
 */

/** Our pages run no script, load nothing and may not be framed. */
export const PAGE_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1d2330}' +
  'textarea{width:100%;font-family:monospace}button{margin-top:.75rem;padding:.4rem 1.2rem}' +
  '.refusal{color:#a4161a;font-weight:600}';

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

/** The sign-in form, with why the last attempt was refused (or that the admin signed out), if so. */
export function signInPage(refusal?: string, notice?: string): string {
  return page(
    'Queue dashboard: sign in',
    `<h1>Queue dashboard</h1>
<p>For admins. Paste a staff access token (from <code>staffSignIn</code>) to open a session of the workers' queues.</p>
${refusal ? `<p class="refusal" role="alert">${refusal}</p>` : ''}${notice ? `<p role="status">${notice}</p>` : ''}
<form method="post" action="${SIGN_IN_PATH}">
<label for="token">Staff access token</label>
<textarea id="token" name="token" rows="6" required autocomplete="off" spellcheck="false"></textarea>
<button type="submit">Sign in</button>
</form>`,
  );
}

/**
 * Where the board's "Sign out" link leads: a link can only GET, and a GET must change nothing,
 * so the page asks for the POST that ends the session.
 */
export function signOutPage(): string {
  return page(
    'Queue dashboard: sign out',
    `<h1>Sign out</h1>
<p>End this queue dashboard session, here and in every workers process.</p>
<form method="post" action="${SIGN_OUT_PATH}"><button type="submit">Sign out</button></form>
<p><a href="${DASHBOARD_PATH}">Back to the queues</a></p>`,
  );
}

/** What a browser gets for any dashboard page without a session. */
export function signInRequiredPage(): string {
  return page(
    'Queue dashboard: sign in required',
    `<h1>Sign in required</h1><p>The queue dashboard is for admins. <a href="${SIGN_IN_PATH}">Sign in</a> with a staff access token, then open <a href="${DASHBOARD_PATH}">${DASHBOARD_PATH}</a>.</p>`,
  );
}

export function crossSitePage(): string {
  return page(
    'Queue dashboard: refused',
    `<h1>Refused</h1><p>Signing in and out must be done from the dashboard's own pages. <a href="${SIGN_IN_PATH}">Sign in here</a>.</p>`,
  );
}

/**
 * Browser-mode sign-in. The printed link carries a one-time token in its fragment
 * (`/#token=…`), which browsers never send to a server. The page takes it out of the address bar
 * at once, trades it at POST /api/session for this tab's secret (the response also sets an
 * HttpOnly cookie) and keeps the secret in sessionStorage: scoped to this origin and this tab,
 * kept across reloads, gone when the tab closes.
 */
export type SignIn = { secret: string; problem?: undefined } | { secret?: undefined; problem: string };

const storageKey = 'gitops-desktop.session';

export const notSignedIn =
  'This tab is not signed in to GitOps Desktop. Run "npm run web -- --new-url" and open the link it prints.';

/**
 * The link's token, taken out of the address bar. Links printed by earlier versions carried it in
 * the query (`/?token=…`); they still sign in, and lose the token from the address bar the same way.
 */
function takeToken(): string | null {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  const query = new URLSearchParams(location.search);
  const fromQuery = query.get('token');
  if (!fromHash && !fromQuery) return null;
  query.delete('token');
  const search = query.toString();
  history.replaceState(null, '', location.pathname + (search ? `?${search}` : ''));
  return fromHash || fromQuery;
}

export async function signIn(): Promise<SignIn> {
  const token = takeToken();
  if (token) {
    try {
      const res = await fetch('/api/session', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token }),
        credentials: 'same-origin',
      });
      const body = (await res.json().catch(() => ({}))) as { secret?: unknown; error?: unknown };
      if (res.ok && typeof body.secret === 'string') {
        sessionStorage.setItem(storageKey, body.secret);
        return { secret: body.secret };
      }
      // A used link in a tab that is already signed in (a reload before the fragment was
      // cleared) keeps the session it has.
      const kept = sessionStorage.getItem(storageKey);
      if (kept) return { secret: kept };
      return { problem: typeof body.error === 'string' ? body.error : `Sign-in failed (${res.status}).` };
    } catch {
      return { problem: 'Could not reach GitOps Desktop to sign in. Is it still running?' };
    }
  }
  const kept = sessionStorage.getItem(storageKey);
  if (kept) return { secret: kept };
  return { problem: notSignedIn };
}

export function forgetSession(): void {
  sessionStorage.removeItem(storageKey);
}

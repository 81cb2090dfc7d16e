'use client';
import { useState } from 'react';

/** Ends the session for all apps (they share the cookie) and returns to sign-in. */
export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        await fetch('/api/auth/sign-out', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        window.location.assign('/sign-in');
      }}
      className="rounded-md border border-slate-300 px-3 py-1.5 text-slate-700 hover:bg-slate-100 disabled:opacity-50"
    >
      Sign out
    </button>
  );
}

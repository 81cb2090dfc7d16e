'use client';
import { useState, type FormEvent } from 'react';

/**
 * A 429 is either this client's rate limit or the account's lockout (after repeated failures, from any
 * address), which says itself how long it lasts. Any address gets the lockout for any email, so the message
 * reveals nothing about whether the account exists.
 */
async function tooManyMessage(response: Response): Promise<string> {
  const body: unknown = await response.json().catch(() => null);
  if (typeof body === 'object' && body !== null && 'code' in body && body.code === 'ACCOUNT_LOCKED' && 'message' in body && typeof body.message === 'string') {
    return body.message;
  }
  return 'Too many sign-in attempts. Wait a minute and try again.';
}

/**
 * Email and password sign-in against this app's /api/auth. Every failure shows the same message,
 * so the form never reveals whether an account exists.
 */
export function SignInForm({ appTitle, next }: { appTitle: string; next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const form = new FormData(event.currentTarget);
    const response = await fetch('/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') }),
    }).catch(() => null);
    if (response?.ok) {
      window.location.assign(next.startsWith('/') ? next : '/');
      return;
    }
    setBusy(false);
    setError(response?.status === 429 ? await tooManyMessage(response) : 'Sign-in failed. Check your email and password.');
  }

  return (
    <form onSubmit={onSubmit} className="mx-auto mt-24 w-full max-w-sm space-y-4 rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="text-xl font-semibold">{appTitle}</h1>
      <p className="text-sm text-slate-500">Sign in with your platform account.</p>
      <label className="block text-sm">
        <span className="text-slate-700">Email</span>
        <input name="email" type="email" required autoComplete="username" className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2" />
      </label>
      <label className="block text-sm">
        <span className="text-slate-700">Password</span>
        <input name="password" type="password" required autoComplete="current-password" className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2" />
      </label>
      {error ? (
        <p role="alert" data-testid="sign-in-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={busy} className="w-full rounded-md bg-indigo-600 px-3 py-2 font-medium text-white hover:bg-indigo-700 disabled:opacity-50">
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

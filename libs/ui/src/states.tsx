import type { ReactNode } from 'react';
import { SignOutButton } from './sign-out-button';

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center">
      <p className="font-medium text-slate-700">{title}</p>
      {children ? <div className="mt-1 text-sm text-slate-500">{children}</div> : null}
    </div>
  );
}

export function ErrorState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6">
      <p className="font-medium text-red-800">{title}</p>
      {children ? <div className="mt-1 text-sm text-red-700">{children}</div> : null}
    </div>
  );
}

export function Card({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      <div className="mb-3 flex items-center justify-between">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

export function Stat({ label, value, hint }: { label: string; value: ReactNode; hint?: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
      <div className="text-xs uppercase tracking-wide text-slate-500">{label}</div>
      <div className="mt-1 text-2xl font-semibold" data-testid={`stat-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`}>
        {value}
      </div>
      {hint ? <div className="mt-1 text-xs text-slate-500">{hint}</div> : null}
    </div>
  );
}

export function Badge({ children, tone = 'slate' }: { children: ReactNode; tone?: 'slate' | 'green' | 'amber' | 'red' | 'indigo' }) {
  const tones = {
    slate: 'bg-slate-100 text-slate-700',
    green: 'bg-green-100 text-green-800',
    amber: 'bg-amber-100 text-amber-800',
    red: 'bg-red-100 text-red-800',
    indigo: 'bg-indigo-100 text-indigo-800',
  } as const;
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${tones[tone]}`}>{children}</span>;
}

/** Page title, optional subtitle, and an optional link back to the list the page belongs to. */
export function PageHeader({ title, subtitle, back }: { title: string; subtitle?: string; back?: { href: string; label: string } }) {
  return (
    <div className="mb-6">
      {back ? (
        <p className="mb-2 text-sm">
          <a href={back.href} className="text-indigo-700 underline">
            ← {back.label}
          </a>
        </p>
      ) : null}
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      {subtitle ? <p className="mt-1 text-slate-600">{subtitle}</p> : null}
    </div>
  );
}

/**
 * A signed-in user whose role does not open this app: the way to their own app, and a sign-out so they can
 * sign in here with another account (the sign-in page would otherwise send them straight back home).
 */
export function AccessDenied({ appTitle, homeUrl, homeTitle, signedInAs }: { appTitle: string; homeUrl: string; homeTitle: string; signedInAs?: string }) {
  return (
    <div className="mx-auto mt-24 max-w-md rounded-xl border border-amber-200 bg-amber-50 p-8" role="alert">
      <h1 className="text-xl font-semibold text-amber-900">You don&apos;t have access to {appTitle}</h1>
      <p className="mt-2 text-sm text-amber-800">
        {signedInAs ? <>You are signed in as <span data-testid="access-denied-user">{signedInAs}</span>. </> : null}
        Your role does not open this app. Your own workspace is {homeTitle}.
      </p>
      <div className="mt-4 flex items-center gap-3 text-sm">
        <a className="inline-block rounded-md bg-amber-700 px-3 py-2 font-medium text-white" href={homeUrl}>
          Go to {homeTitle}
        </a>
        <SignOutButton />
      </div>
      <p className="mt-3 text-xs text-amber-800">To open {appTitle}, sign out and sign in with an account whose role opens it.</p>
    </div>
  );
}

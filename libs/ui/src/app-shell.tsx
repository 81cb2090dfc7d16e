import type { ReactNode } from 'react';
import { SignOutButton } from './sign-out-button';

export interface TNavItem {
  href: string;
  label: string;
}

export interface TShellUser {
  name: string;
  email: string;
  roleLabel: string;
}

export interface TOtherApp {
  title: string;
  url: string;
  current: boolean;
}

/** The frame of every app: product name, navigation, signed-in user and role, sign out, links to other apps. */
export function AppShell({
  appTitle,
  nav,
  user,
  apps,
  children,
}: {
  appTitle: string;
  nav: TNavItem[];
  user: TShellUser;
  apps: TOtherApp[];
  children: ReactNode;
}) {
  return (
    <div className="min-h-screen bg-slate-50 text-slate-900" data-testid="app-shell">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl items-center gap-6 px-6 py-3">
          <a href="/" className="text-lg font-semibold tracking-tight text-indigo-700">
            {appTitle}
          </a>
          <nav aria-label="Main" className="flex flex-1 gap-4 text-sm">
            {nav.map((item) => (
              <a key={item.href} href={item.href} className="text-slate-600 hover:text-slate-900">
                {item.label}
              </a>
            ))}
          </nav>
          <div className="flex items-center gap-3 text-sm">
            <div className="text-right leading-tight">
              <div className="font-medium" data-testid="shell-user">{user.name}</div>
              <div className="text-xs text-slate-500" data-testid="shell-role">{user.roleLabel}</div>
            </div>
            <SignOutButton />
          </div>
        </div>
        {apps.length > 1 ? (
          <div className="border-t border-slate-100 bg-slate-50">
            <nav aria-label="Apps" className="mx-auto flex max-w-7xl gap-3 px-6 py-1 text-xs">
              {apps.map((app) => (
                <a
                  key={app.url}
                  href={app.url}
                  aria-current={app.current ? 'page' : undefined}
                  className={app.current ? 'font-semibold text-indigo-700' : 'text-slate-500 hover:text-slate-800'}
                >
                  {app.title}
                </a>
              ))}
            </nav>
          </div>
        ) : null}
      </header>
      <main className="mx-auto max-w-7xl px-6 py-8">{children}</main>
    </div>
  );
}

import type { ReactNode } from 'react';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { APP_INFO, ROLE_INFO, appUrls, appsForRole, canOpenApp, getSessionUser, type TAppKey, type TSessionUser } from '@platform/auth';
import { AccessDenied, AppShell, type TNavItem } from '@platform/ui';
import { PlatformTrpcProvider } from '../client';

/** The signed-in user of this request, or a redirect to sign-in. */
export async function requireUser({ next = '/' }: { next?: string } = {}): Promise<TSessionUser> {
  const user = await getSessionUser({ headers: await headers() });
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(next)}`);
  return user;
}

/**
 * Layout for an app's signed-in pages: redirects strangers to sign-in, refuses roles the app is not for,
 * and frames the page in the shared shell with links to the other apps the user may open.
 */
export async function AppFrame({ app, nav, children }: { app: TAppKey; nav: TNavItem[]; children: ReactNode }) {
  const user = await requireUser();
  const urls = appUrls();
  if (!canOpenApp({ role: user.role, app })) {
    const home = ROLE_INFO[user.role].homeApp;
    return <AccessDenied appTitle={APP_INFO[app].title} homeUrl={urls[home]} homeTitle={APP_INFO[home].title} signedInAs={`${user.name} (${user.email})`} />;
  }
  const adminNav: TNavItem[] = user.role === 'admin' && app === 'strategy' ? [{ href: '/admin/audit', label: 'Audit log' }, { href: '/admin/jobs', label: 'Jobs' }] : [];
  return (
    <AppShell
      appTitle={APP_INFO[app].title}
      nav={[...nav, ...adminNav]}
      user={{ name: user.name, email: user.email, roleLabel: ROLE_INFO[user.role].label }}
      apps={appsForRole({ role: user.role }).map((key) => ({ title: APP_INFO[key].title, url: urls[key], current: key === app }))}
    >
      <PlatformTrpcProvider>{children}</PlatformTrpcProvider>
    </AppShell>
  );
}

/** The sign-in page's decision: already signed in → own app; otherwise show the form. */
export async function signedInRedirectTarget({ app }: { app: TAppKey }): Promise<string | null> {
  const user = await getSessionUser({ headers: await headers() });
  if (!user) return null;
  if (canOpenApp({ role: user.role, app })) return '/';
  return appUrls()[ROLE_INFO[user.role].homeApp];
}

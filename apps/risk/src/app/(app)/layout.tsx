import type { ReactNode } from 'react';
import { AppFrame } from '@platform/api/next';

export const dynamic = 'force-dynamic';

export default function SignedInLayout({ children }: { children: ReactNode }) {
  return (
    <AppFrame
      app="risk"
      nav={[
        { href: '/', label: 'Home' },
        { href: '/applications', label: 'Applications' },
        { href: '/monitoring', label: 'Monitoring' },
        { href: '/settings', label: 'Settings' },
        { href: '/audit', label: 'Audit' },
      ]}
    >
      {children}
    </AppFrame>
  );
}

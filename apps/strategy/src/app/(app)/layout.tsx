import type { ReactNode } from 'react';
import { AppFrame } from '@platform/api/next';

export const dynamic = 'force-dynamic';

export default function SignedInLayout({ children }: { children: ReactNode }) {
  return (
    <AppFrame
      app="strategy"
      nav={[
        { href: '/', label: 'Home' },
        { href: '/initiatives', label: 'Initiatives' },
        { href: '/risks', label: 'Risks' },
        { href: '/compute', label: 'Compute' },
        { href: '/credit-risk', label: 'Credit risk' },
      ]}
    >
      {children}
    </AppFrame>
  );
}

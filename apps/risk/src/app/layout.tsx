import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { APP_INFO } from '@platform/auth';
import './globals.css';

export const metadata: Metadata = { title: APP_INFO.risk.title, description: 'On-premises AI platform' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="antialiased">{children}</body>
    </html>
  );
}

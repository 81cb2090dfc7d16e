import { redirect } from 'next/navigation';
import { APP_INFO } from '@platform/auth';
import { signedInRedirectTarget } from '@platform/api/next';
import { SignInForm } from '@platform/ui';

export const dynamic = 'force-dynamic';

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const target = await signedInRedirectTarget({ app: 'risk' });
  if (target) redirect(target);
  const { next } = await searchParams;
  return <SignInForm appTitle={APP_INFO.risk.title} next={next && next.startsWith('/') ? next : '/'} />;
}

'use client';
// The promote/restore form with the live progress of the re-scoring job; the page re-renders when it succeeds,
// showing the new champion.
import { useRouter } from 'next/navigation';
import { useCallback } from 'react';
import { JobProgress, PlatformTrpcProvider } from '@platform/api/client';
import { PromoteForm, type TPromoteFormState } from '@platform/finance/ui';

export function ModelSwitchForm({ versionId, label, action }: { versionId: string; label: string; action: (state: TPromoteFormState, form: FormData) => Promise<TPromoteFormState> }) {
  const router = useRouter();
  const onFinished = useCallback(
    (status: 'succeeded' | 'failed' | 'cancelled') => {
      if (status === 'succeeded') router.refresh();
    },
    [router],
  );
  return (
    <PlatformTrpcProvider>
      <PromoteForm versionId={versionId} label={label} action={action} progress={(jobId) => <JobProgress jobId={jobId} onFinished={onFinished} />} />
    </PlatformTrpcProvider>
  );
}

'use client';
// Browser entry: the tRPC + React Query provider and platform widgets. Types only from the server side.
import { QueryClient, QueryClientProvider, useMutation, useQuery } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { useEffect, useState, type ReactNode } from 'react';
import superjson from 'superjson';
import { ProgressBar, Badge } from '@platform/ui';
import type { TPlatformRouter } from './platform/router';

const platform = createTRPCContext<TPlatformRouter>();
export const usePlatformTrpc = platform.useTRPC;

/** Wraps an app in React Query and the platform tRPC client. */
export function PlatformTrpcProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, retry: 1 } } }));
  const [trpcClient] = useState(() => createTRPCClient<TPlatformRouter>({ links: [httpBatchLink({ url: '/api/trpc', transformer: superjson })] }));
  return (
    <QueryClientProvider client={queryClient}>
      <platform.TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </platform.TRPCProvider>
    </QueryClientProvider>
  );
}

const STATUS_TONE = { queued: 'slate', running: 'indigo', succeeded: 'green', failed: 'red', cancelled: 'amber' } as const;

/** Live progress of one background job: polls while it runs, stops when it ends (then tells `onFinished`). */
export function JobProgress({ jobId, onFinished }: { jobId: string; onFinished?: (status: 'succeeded' | 'failed' | 'cancelled') => void }) {
  const trpc = usePlatformTrpc();
  const job = useQuery(
    trpc.platform.jobs.get.queryOptions(
      { id: jobId },
      { refetchInterval: (q) => (q.state.data && ['succeeded', 'failed', 'cancelled'].includes(q.state.data.status) ? false : 1000) },
    ),
  );
  const cancel = useMutation(trpc.platform.jobs.cancel.mutationOptions({ onSuccess: () => job.refetch() }));
  const status = job.data?.status;
  useEffect(() => {
    if (status === 'succeeded' || status === 'failed' || status === 'cancelled') onFinished?.(status);
  }, [status, onFinished]);
  if (job.isPending) return <p className="text-sm text-slate-500">Loading job…</p>;
  if (job.isError) return <p role="alert" className="text-sm text-red-700">{job.error.message}</p>;
  const data = job.data;
  const active = data.status === 'queued' || data.status === 'running';
  return (
    <div className="space-y-2" data-testid="job-progress" data-status={data.status}>
      <div className="flex items-center justify-between text-sm">
        <span className="font-medium">{data.title}</span>
        <Badge tone={STATUS_TONE[data.status]}>{data.status}</Badge>
      </div>
      <ProgressBar value={data.progress} label={data.message ?? 'Waiting for a worker'} tone={data.status === 'failed' ? 'red' : data.status === 'succeeded' ? 'green' : 'indigo'} />
      {data.error ? <p className="text-xs text-red-700">{data.error}</p> : null}
      {data.attempts > 1 ? <p className="text-xs text-slate-500">Attempt {data.attempts}</p> : null}
      {active ? (
        <button type="button" className="text-xs text-slate-600 underline" onClick={() => cancel.mutate({ id: jobId })}>
          Cancel
        </button>
      ) : null}
    </div>
  );
}

/** Starts the data-verification job (admin) and shows its progress. */
export function VerifyDataPanel({ recentJobIds }: { recentJobIds: string[] }) {
  const trpc = usePlatformTrpc();
  const [started, setStarted] = useState<string[]>([]);
  const start = useMutation(trpc.platform.jobs.verifyData.mutationOptions({ onSuccess: (job) => setStarted((s) => [job.id, ...s]) }));
  const ids = [...started, ...recentJobIds.filter((id) => !started.includes(id))].slice(0, 5);
  return (
    <div className="space-y-4">
      <button
        type="button"
        disabled={start.isPending}
        onClick={() => start.mutate({})}
        className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-50"
      >
        Verify data sets
      </button>
      {start.isError ? <p role="alert" className="text-sm text-red-700">{start.error.message}</p> : null}
      {ids.map((id) => (
        <JobProgress key={id} jobId={id} />
      ))}
    </div>
  );
}

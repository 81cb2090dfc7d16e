import { Badge, Card, EmptyState, ProgressBar } from '@platform/ui';
import type { getAppOverview } from '../platform/overview-service';

type TOverview = Awaited<ReturnType<typeof getAppOverview>>;

const JOB_TONE = { queued: 'slate', running: 'indigo', succeeded: 'green', failed: 'red', cancelled: 'amber' } as const;

/** Home-page sections every app shares: the domain's models, recent jobs, and the user's own activity. */
export function OverviewSections({ overview, modelsTitle }: { overview: TOverview; modelsTitle: string }) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Card title={modelsTitle}>
        {overview.models.length === 0 ? (
          <EmptyState title="No models registered yet">Models appear here once a training job registers a version.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm" data-testid="model-list">
            {overview.models.map((m) => (
              <li key={m.id} className="flex items-center justify-between py-2">
                <span>
                  <span className="font-medium">{m.name}</span> <span className="text-slate-500">· {m.task}</span>
                </span>
                {m.champion ? <Badge tone="green">champion v{m.champion.version}</Badge> : <Badge>{m.versions} versions</Badge>}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Recent jobs">
        {overview.jobs.length === 0 ? (
          <EmptyState title="No background jobs yet">Imports, training and batch scoring run as jobs and show their progress here.</EmptyState>
        ) : (
          <ul className="space-y-3" data-testid="job-list">
            {overview.jobs.map((j) => (
              <li key={j.id}>
                <div className="mb-1 flex justify-between text-sm">
                  <span>{j.title}</span>
                  <Badge tone={JOB_TONE[j.status]}>{j.status}</Badge>
                </div>
                <ProgressBar value={j.progress} label={j.message ?? j.kind} />
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Your recent activity">
        <p className="mb-2 text-sm text-slate-600" data-testid="my-actions-week">
          {overview.myActionsThisWeek} audited action{overview.myActionsThisWeek === 1 ? '' : 's'} in the last 7 days
        </p>
        {overview.myRecent.length === 0 ? (
          <EmptyState title="Nothing recorded yet">Every change you make is written to the audit log.</EmptyState>
        ) : (
          <ul className="text-sm">
            {overview.myRecent.map((r) => (
              <li key={r.id} className="flex justify-between py-1">
                <span>{r.action}</span>
                <span className="text-slate-500">{r.at.toISOString().slice(0, 16).replace('T', ' ')}</span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

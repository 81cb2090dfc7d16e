import { APP_INFO, appUrls, canOpenApp } from '@platform/auth';
import { resolveCreditRiskRange } from '@platform/strategy';
import { CreditRiskFigures, CreditRiskRangePicker } from '@platform/strategy/ui';
import { ErrorState, PageHeader } from '@platform/ui';
import { serverCaller } from '../../../server/router';

type TSearch = Record<string, string | string[] | undefined>;
const single = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function CreditRiskPage({ searchParams }: { searchParams: Promise<TSearch> }) {
  const raw = await searchParams;
  const resolved = resolveCreditRiskRange({ search: { range: single(raw.range), from: single(raw.from), to: single(raw.to) }, now: new Date() });
  const caller = await serverCaller();
  const me = await caller.platform.me();
  // Executives may not open the risk app: the link is only offered to roles it would let in.
  const riskDetailUrl = canOpenApp({ role: me.role, app: 'risk' }) ? `${appUrls().risk}/applications` : null;
  const header = <PageHeader title="Credit risk" subtitle="Applications scored, decisions, overrides and expected loss avoided, from the credit-risk app." />;
  if (!resolved.ok) {
    return (
      <>
        {header}
        <CreditRiskRangePicker current={null} values={resolved.values} fieldErrors={resolved.fieldErrors} />
        <ErrorState title="The period is not valid">
          <ul>
            {(['range', 'from', 'to'] as const).flatMap((field) =>
              (resolved.fieldErrors[field] ?? []).map((message) => (
                // Each message names its field ("From date is not a calendar date").
                <li key={`${field}-${message}`} data-field={field}>
                  {message}
                </li>
              )),
            )}
          </ul>
        </ErrorState>
      </>
    );
  }
  const { range } = resolved;
  const kpis = await caller.finance.kpis({ from: range.from, to: range.to });
  return (
    <>
      {header}
      <CreditRiskRangePicker current={range.preset} values={{ from: range.fromDay, to: range.toDay }} />
      <CreditRiskFigures kpis={kpis} />
      <p className="mt-6 text-sm text-slate-600">
        {riskDetailUrl ? (
          <a href={riskDetailUrl} className="text-indigo-700 underline">
            Open the applications in {APP_INFO.risk.title} →
          </a>
        ) : (
          `Application-level detail stays in the ${APP_INFO.risk.title} app, which risk officers use.`
        )}
      </p>
    </>
  );
}

import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CreditRiskFigures, type TCreditRiskKpis } from './credit-risk-figures';

const base: TCreditRiskKpis = {
  from: new Date('2025-01-01T00:00:00.000Z'),
  to: new Date('2025-01-31T23:59:59.999Z'),
  applicationsScored: 0,
  decisions: { approve: 0, decline: 0, refer: 0, total: 0 },
  overrideRate: 0,
  expectedLossAvoided: 0,
  expectedLossIfAllApproved: 0,
};
const text = (kpis: TCreditRiskKpis) => renderToStaticMarkup(<CreditRiskFigures kpis={kpis} />).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('CreditRiskFigures', () => {
  it('says so when nothing was scored or decided, without a 0% override rate', () => {
    const t = text(base);
    expect(t).toContain('Nothing scored or decided in this period');
    expect(t).toContain('1 Jan 2025 – 31 Jan 2025');
    expect(t).not.toContain('%');
  });

  it('shows scoring volume but no decision figures when nothing was decided', () => {
    const t = text({ ...base, applicationsScored: 1000, expectedLossIfAllApproved: 123456 });
    expect(t).toContain('No decisions in this period');
    expect(t).toContain('1,000 applications were scored');
    expect(t).not.toContain('Override rate');
    expect(t).not.toContain('Expected loss avoided');
  });

  it('shows counts, shares of decisions and Deutsche Mark amounts', () => {
    const t = text({ ...base, applicationsScored: 1200, decisions: { approve: 6, decline: 3, refer: 1, total: 10 }, overrideRate: 0.2, expectedLossAvoided: 2345.6, expectedLossIfAllApproved: 501234 });
    expect(t).toContain('Override rate 20.0%');
    expect(t).toContain('Expected loss avoided 2,346 DM');
    // 3 of 10 decisions were declines.
    expect(t).toContain('Declined 3 30.0%');
    expect(t).toContain('501,234 DM');
    expect(t).toContain('Deutsche Mark');
  });
});

// The tester's forged request: a risk officer's cookie and a decision posted from another site. It must be
// refused before the procedure runs, and nothing recorded; the same request from the app itself goes through.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Db } from '@platform/db';
import { postMutation, signInByRequest } from '@platform/testing';

const urls = inject('appUrls');
let db: Db;
beforeAll(() => {
  db = createDb({ url: inject('e2eDatabaseUrl') });
});
afterAll(async () => db.$disconnect());

describe('forged decisions', () => {
  it('refuses a decision posted with a foreign Origin (403, nothing stored), and records it from the risk app', async () => {
    const { status, cookie } = await signInByRequest({ baseUrl: urls.risk, email: 'risk@platform.local', password: 'risk-demo-pass' });
    expect(status).toBe(200);
    const application = await db.loanApplication.findFirstOrThrow({ select: { id: true } });
    const decisions = () => db.creditDecision.count({ where: { applicationId: application.id } });
    const before = await decisions();
    const decide = (headers: Record<string, string>) =>
      postMutation({
        baseUrl: urls.risk,
        path: 'finance.applications.decide',
        input: { applicationId: application.id, outcome: 'refer', reason: 'Origin check e2e' },
        headers: { cookie, ...headers },
      });

    const forged = await decide({ origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(forged.status).toBe(403);
    expect(forged.body).toEqual({ code: 'INVALID_ORIGIN', message: "Invalid origin: http://evil.example is not one of this platform's apps." });
    expect(await decisions()).toBe(before);

    const genuine = await decide({ origin: urls.risk, 'sec-fetch-site': 'same-origin' });
    expect(genuine.status).toBe(200);
    expect(await decisions()).toBe(before + 1);
  });
});

// The executive's portfolio: create an initiative, add a cost and a benefit, and see NPV, ROI and payback move
// to the hand-worked values; change the discount rate; see the tornado, the cash-flow waterfall, the ledger
// CSV, and the compute the job system measured for a real job run charged to the risk initiative.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { createDb, type Db } from '@platform/db';
import { defineJob, executeJob } from '@platform/jobs';
import { seedStrategy } from '@platform/strategy';
import { launchBrowser, newClient, signIn } from '@platform/testing';

const urls = inject('appUrls');
const EXEC = { email: 'exec@platform.local', password: 'exec-demo-pass' };

let browser: Browser;
let db: Db;
beforeAll(async () => {
  browser = await launchBrowser();
  db = createDb({ url: inject('e2eDatabaseUrl') });
  // The e2e setup seeds users and finance; the strategy app's demo initiatives are seeded here.
  await seedStrategy({ db });
});
afterAll(async () => {
  await browser.close();
  await db.$disconnect();
});

/** "−1,234 DM" → -1234 (the page writes a true minus sign). */
const dmIn = (text: string | null) => {
  const t = text ?? '';
  const n = Number(t.replace(/[^0-9.]/g, ''));
  return /[−-]/.test(t) ? -n : n;
};

async function waitForText(locator: Locator, ok: (text: string) => boolean, timeoutMs = 20_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const text = (await locator.textContent()) ?? '';
    if (ok(text)) return text;
    if (Date.now() > until) throw new Error(`Timed out; last text: ${text}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const stat = (page: Page, name: string) => page.getByTestId(`stat-${name}`);

describe('strategy portfolio', () => {
  it('an initiative’s NPV, ROI and payback follow its cost, benefit and discount rate', async () => {
    const context = await newClient(browser);
    try {
      const page = await context.newPage();
      await signIn({ page, baseUrl: urls.strategy, ...EXEC });
      await page.getByRole('heading', { name: 'Welcome, Eve Executive' }).waitFor();
      await page.getByTestId('stat-portfolio-npv').waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Initiatives' }).click();
      await page.getByRole('heading', { name: 'Initiatives', exact: true }).waitFor();
      // The three verticals are there out of the box.
      for (const name of ['Credit risk scoring', 'Imaging triage assist', 'Retail demand planning']) await page.getByRole('link', { name }).waitFor();

      const name = `Claims triage ${Date.now()}`;
      const year = new Date().getUTCFullYear();
      const create = page.getByRole('form', { name: 'Create initiative' });
      await create.getByLabel('Name').fill(name);
      await create.getByLabel('Owner').fill('COO');
      await create.getByLabel('Start date').fill(`${year}-01-01`);
      await create.getByLabel('Horizon (years)').fill('3');
      await create.getByLabel('Discount rate (% a year)').fill('10');
      await create.getByRole('button', { name: 'Create initiative' }).click();
      await page.getByRole('heading', { name }).waitFor();
      await page.getByTestId('npv-convention').getByText('first period’s flow is at t = 0').waitFor();
      expect(await stat(page, 'roi').textContent()).toBe('n/a');

      // A bad cost is refused with the field named, and nothing changes.
      const cost = page.getByRole('form', { name: 'Add a cost' });
      await cost.getByLabel('Category').selectOption('hardware');
      await cost.getByLabel('Description').fill('Servers');
      await cost.getByLabel('Amount (DM, each time it falls due)').fill('-5');
      await cost.getByRole('button', { name: 'Add cost' }).click();
      await cost.getByRole('alert').getByText('Amount must be above 0').waitFor();
      // What was typed stays, so only the amount needs fixing.
      expect(await cost.getByLabel('Description').inputValue()).toBe('Servers');
      expect(await cost.getByLabel('Category').inputValue()).toBe('hardware');

      await cost.getByLabel('Amount (DM, each time it falls due)').fill('1000');
      await cost.getByRole('button', { name: 'Add cost' }).click();
      await cost.getByRole('status').getByText('Cost added.').waitFor();
      // Flows −1000, 0, 0: NPV −1000, ROI −100%, no payback.
      await waitForText(stat(page, 'npv'), (t) => dmIn(t) === -1000);
      expect(await stat(page, 'roi').textContent()).toBe('-100.0%');
      expect(await stat(page, 'payback').textContent()).toBe('not within the horizon');

      const benefit = page.getByRole('form', { name: 'Add a benefit' });
      await benefit.getByLabel('Type').selectOption('indirect');
      await benefit.getByLabel('Description').fill('Hours saved');
      await benefit.getByLabel('Amount (DM, each time it falls due)').fill('600');
      await benefit.getByLabel('Recurrence').selectOption('yearly');
      await benefit.getByRole('button', { name: 'Add benefit' }).click();
      await benefit.getByRole('status').getByText('Benefit added.').waitFor();
      // Net −400, 600, 600 at 10%: −400 + 600/1.1 + 600/1.21; ROI (1800 − 1000) / 1000; payback 400/600 of year 1.
      const npv10 = -400 + 600 / 1.1 + 600 / 1.21;
      await waitForText(stat(page, 'npv'), (t) => dmIn(t) === Math.round(npv10));
      expect(await stat(page, 'roi').textContent()).toBe('80.0%');
      expect(await stat(page, 'payback').textContent()).toBe(`${(400 / 600).toFixed(1)} years`);
      expect(await stat(page, 'irr').textContent()).toMatch(/%$/);

      // The tornado has a bar per assumption and the waterfall a step per year and the total.
      expect(await page.getByTestId('npv-tornado').getByTestId('tornado-bar').count()).toBe(3);
      expect(await page.getByTestId('cash-flow-waterfall').locator('[data-testid="waterfall-step"]').count()).toBe(4);

      // Change the discount rate: NPV moves to the hand-worked value at 20%, and the history says what changed.
      const assumptions = page.getByRole('form', { name: 'Save assumptions' });
      await assumptions.getByLabel('Discount rate (% a year)').fill('20');
      await assumptions.getByRole('button', { name: 'Save assumptions' }).click();
      await assumptions.getByRole('status').waitFor();
      await waitForText(stat(page, 'npv'), (t) => dmIn(t) === Math.round(-400 + 600 / 1.2 + 600 / 1.44));
      await page.getByTestId('initiative-history').getByText('discountRate: 0.1 → 0.2').waitFor();

      // The ledger CSV carries the new lines.
      const csv = await (await page.request.get(`${urls.strategy}/api/ledger-csv`)).text();
      expect(csv).toContain(`"${name}","cost","hardware","Servers",1000,"one_off","${year}-01-01"`);
    } finally {
      await context.close();
    }
  });

  it('a risk raised in the register lands in its heat-map cell and tops the home page', async () => {
    const context = await newClient(browser);
    try {
      const page = await context.newPage();
      await signIn({ page, baseUrl: urls.strategy, ...EXEC });
      await page.getByRole('heading', { name: 'Welcome, Eve Executive' }).waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Risks' }).click();
      await page.getByRole('heading', { name: 'Risk register' }).waitFor();
      const cell = page.getByTestId('risk-heat-map').locator('[data-cell="5x4"]');
      const before = Number(await cell.getAttribute('data-count'));
      const title = `Scorecard drift ${Date.now()}`;
      const form = page.getByRole('form', { name: 'Raise a risk' });
      await form.getByLabel('Title').fill(title);
      await form.getByLabel('Initiative').selectOption({ label: 'Credit risk scoring' });
      await form.getByLabel('Likelihood (1–5)').selectOption('5');
      await form.getByLabel('Impact (1–5)').selectOption('4');
      await form.getByLabel('Owner').fill('CRO');
      await form.getByLabel('Mitigation').fill('Weekly PSI review');
      await form.getByRole('button', { name: 'Raise risk' }).click();
      await form.getByRole('status').getByText('Risk raised.').waitFor();
      await page.getByRole('cell', { name: title }).waitFor();
      await waitForText(cell, (t) => Number(t) === before + 1);
      await page.goto(urls.strategy);
      await page.getByTestId('top-risks').getByText(title).waitFor();
    } finally {
      await context.close();
    }
  });

  it('measured compute: a job run in the risk app shows on the risk initiative, priced, never typed', async () => {
    const job = defineJob({
      kind: 'e2e.compute',
      parse: (p) => p,
      settings: { expireInSeconds: 60, retryLimit: 0, retryDelaySeconds: 1 },
      run: async () => {
        const until = Date.now() + 300;
        let x = 0;
        while (Date.now() < until) x = (x + 1) % 101;
        return { result: { x } };
      },
    });
    const run = await db.jobRun.create({ data: { kind: 'e2e.compute', app: 'risk', title: 'e2e compute', payload: {} }, select: { id: true } });
    await executeJob({ db, definition: job, jobRunId: run.id, retriesLeft: 0 });
    const initiative = await db.initiative.findUniqueOrThrow({ where: { app: 'risk' }, select: { id: true, startDate: true } });
    const sums = await db.jobRun.aggregate({ where: { app: 'risk', finishedAt: { gte: initiative.startDate } }, _sum: { cpuSeconds: true } });
    const cpu = sums._sum.cpuSeconds ?? 0;
    expect(cpu).toBeGreaterThan(0);

    const context = await newClient(browser);
    try {
      const page = await context.newPage();
      await signIn({ page, baseUrl: urls.strategy, ...EXEC });
      await page.getByRole('heading', { name: 'Welcome, Eve Executive' }).waitFor();
      await page.goto(`${urls.strategy}/initiatives/${initiative.id}`);
      await page.getByRole('heading', { name: 'Credit risk scoring' }).waitFor();
      const shown = Number(await page.getByTestId('compute-cpu-seconds').textContent());
      expect(shown).toBeCloseTo(cpu, 2);
      expect(dmIn(await stat(page, 'measured-compute').textContent())).toBeGreaterThanOrEqual(0);
      // The risk vertical's direct benefit is read live from finance.kpis; imaging has none published.
      await page.getByTestId('live-kpis').getByText('from finance.kpis').waitFor();
      await page.goto(`${urls.strategy}/compute`);
      await page.getByRole('heading', { name: 'Measured compute' }).waitFor();
      await page.getByRole('cell', { name: 'Credit risk scoring' }).waitFor();
      const imaging = await db.initiative.findUniqueOrThrow({ where: { app: 'imaging' }, select: { id: true } });
      await page.goto(`${urls.strategy}/initiatives/${imaging.id}`);
      await page.getByTestId('live-kpis').getByText('No KPIs published yet', { exact: true }).waitFor();
    } finally {
      await context.close();
    }
  });
});

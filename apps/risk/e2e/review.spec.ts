// Credit Risk review: the highest-PD application, its reason codes, a decline with a reason, the audit trail;
// a radiologist is refused.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newClient, signIn } from '@platform/testing';

const urls = inject('appUrls');
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser.close());

describe('risk review', () => {
  it('a risk officer opens the highest-PD application, sees 5 reasons, declines with a reason and finds it in the audit view', async () => {
    const context = await newClient(browser);
    const page = await context.newPage();
    await signIn({ page, baseUrl: urls.risk, email: 'risk@platform.local', password: 'risk-demo-pass' });
    await page.getByRole('link', { name: 'Applications' }).click();
    await page.getByRole('heading', { name: 'Applications' }).waitFor();
    // Sorted by PD, highest first: the first row is the riskiest application.
    const rows = page.locator('table tbody tr');
    const firstPd = Number.parseFloat((await rows.nth(0).locator('td').nth(4).textContent()) ?? '');
    const secondPd = Number.parseFloat((await rows.nth(1).locator('td').nth(4).textContent()) ?? '');
    expect(firstPd).toBeGreaterThanOrEqual(secondPd);
    const reference = (await rows.nth(0).getByRole('link').textContent()) ?? '';
    await rows.nth(0).getByRole('link').click();
    await page.getByRole('heading', { name: `Application ${reference}` }).waitFor();
    expect(Number.parseFloat((await page.getByTestId('pd').textContent()) ?? '')).toBe(firstPd);

    const reasons = page.getByTestId('reason-code');
    expect(await reasons.count()).toBe(5);
    for (const text of await reasons.allTextContents()) expect(text).toMatch(/raised the risk/);
    expect(await page.getByTestId('contribution-bar').count()).toBeGreaterThan(5);
    expect(await page.getByTestId('scored-by').textContent()).toMatch(/by credit-scorecard v1, served by onnxruntime-node \(CPU\)/);

    await page.getByRole('radio', { name: /Decline/ }).check();
    await page.getByRole('textbox', { name: /Reason/ }).fill('Arrears on existing credits, no savings to fall back on');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByRole('status').filter({ hasText: 'Decision recorded: decline' }).waitFor();
    await page.getByRole('table', { name: 'Decision history' }).getByText('Arrears on existing credits').waitFor();

    await page.getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('heading', { name: 'Finance audit' }).waitFor();
    const row = page.locator('table tbody tr').filter({ hasText: 'finance.application.decide' }).first();
    await row.waitFor();
    expect(await row.textContent()).toContain(reference);
    expect(await row.textContent()).toContain('Arrears on existing credits');
    expect(await row.textContent()).toContain('risk@platform.local');

    await page.getByRole('link', { name: 'Monitoring' }).click();
    await page.getByRole('heading', { name: 'Monitoring' }).waitFor();
    await page.getByRole('img', { name: 'ROC curve' }).waitFor();
    await page.getByText(/Champion credit-scorecard v1, served by onnxruntime-node \(CPU\)/).waitFor();
    expect(Number(await page.getByTestId('monitoring-auc').textContent())).toBeGreaterThan(0.79);
    const champion = page.getByRole('table', { name: 'Model comparison' }).locator('tr').filter({ hasText: 'credit-scorecard v1' });
    expect(Number((await champion.locator('td').nth(1).textContent()) ?? '')).toBeGreaterThanOrEqual(0.79);
    await context.close();
  });

  it('an override without a reason is refused, nothing is recorded and the form keeps the choice; with a reason the chosen outcome is saved', async () => {
    const context = await newClient(browser);
    const page = await context.newPage();
    await signIn({ page, baseUrl: urls.risk, email: 'risk@platform.local', password: 'risk-demo-pass' });
    await page.getByRole('heading', { name: 'Welcome, Rita Risk' }).waitFor();
    await page.goto(`${urls.risk}/applications?status=pending`);
    await page.locator('table tbody tr').nth(0).getByRole('link').click();
    await page.getByRole('heading', { name: /^Application / }).waitFor();
    // The riskiest pending application is recommended for decline: approving it is an override.
    await page.getByRole('radio', { name: /Approve/ }).check();
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByRole('alert').filter({ hasText: 'A reason is required when overriding the recommendation' }).waitFor();
    await page.getByText('No decision yet').waitFor();
    // The refused submit keeps the user's choice: React's form reset after an action once moved the radios back
    // to the recommendation, and the next submit then saved "decline" with the override text.
    expect(await page.getByRole('radio', { name: /Approve/ }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: /Decline/ }).isChecked()).toBe(false);
    await page.getByText('Reason (required: this overrides the recommendation)').waitFor();
    await page.getByRole('textbox', { name: /Reason/ }).fill('Long-standing customer, collateral outside the file');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByRole('status').filter({ hasText: 'Decision recorded: approve (override)' }).waitFor();
    const history = page.getByRole('table', { name: 'Decision history' });
    await history.getByText('Long-standing customer').waitFor();
    expect(await history.locator('tbody tr').first().textContent()).toMatch(/approve.*override/);
    await context.close();
  });

  it('a risk officer compares champion and challenger and promotes the challenger MLP, which then scores', async () => {
    const context = await newClient(browser);
    const page = await context.newPage();
    await signIn({ page, baseUrl: urls.risk, email: 'risk@platform.local', password: 'risk-demo-pass' });
    await page.getByRole('heading', { name: 'Welcome, Rita Risk' }).waitFor();
    await page.goto(`${urls.risk}/monitoring`);
    const table = page.getByRole('table', { name: 'Model comparison' });
    const challenger = table.locator('tr').filter({ hasText: 'credit-mlp v1' });
    await challenger.waitFor();
    expect(await challenger.textContent()).toContain('challenger');
    expect(Number((await challenger.locator('td').nth(1).textContent()) ?? '')).toBeGreaterThan(0.7);
    // The gradient-boosted trees line stands beside it, with its own CV figures and its own promote form.
    const trees = table.locator('tr').filter({ hasText: 'credit-gbdt v1' });
    expect(await trees.textContent()).toContain('Gradient-boosted trees challenger');
    expect(Number((await trees.locator('td').nth(1).textContent()) ?? '')).toBeGreaterThan(0.7);
    await page.getByRole('button', { name: 'Promote credit-gbdt v1' }).waitFor();
    await page.getByRole('textbox', { name: /Reason for promoting credit-mlp v1/ }).fill('Comparable AUC, lower expected cost at threshold');
    await page.getByRole('button', { name: 'Promote credit-mlp v1' }).click();
    // The request is audited at once; a background job re-scores every application with the MLP (progress bar)
    // and the switch commits when it is done, re-rendering the page with the new champion.
    await page.getByRole('status').filter({ hasText: 'Promotion of credit-mlp v1 requested' }).waitFor();
    await page.getByTestId('job-progress').waitFor();
    await table.locator('tr').filter({ hasText: 'credit-mlp v1' }).filter({ hasText: 'champion, scoring applications' }).waitFor({ timeout: 150_000 });
    await page.reload();
    await table.locator('tr').filter({ hasText: 'credit-mlp v1' }).filter({ hasText: 'champion, scoring applications' }).waitFor();
    await page.getByRole('heading', { name: 'Model card: credit-mlp v1' }).waitFor();

    // A promotion can be withdrawn: the scorecard serves again after the same audited, reasoned step.
    await page.getByRole('textbox', { name: /Reason for promoting credit-scorecard v1/ }).fill('Back to the explainable scorecard while the MLP is reviewed');
    await page.getByRole('button', { name: 'Promote credit-scorecard v1' }).click();
    await page.getByRole('status').filter({ hasText: 'Return to credit-scorecard v1 requested' }).waitFor();
    // The job re-scores everything, then the page re-renders with the challenger promotable again.
    await page.getByRole('button', { name: 'Promote credit-mlp v1' }).waitFor({ timeout: 150_000 });
    await page.reload();
    await page.getByRole('heading', { name: 'Model card: credit-scorecard v1' }).waitFor();
    await table.locator('tr').filter({ hasText: 'credit-scorecard v1' }).filter({ hasText: 'champion, scoring applications' }).waitFor();
    await context.close();
  }, 330_000);

  it('a radiologist is refused the queue, its API and the upload endpoint', async () => {
    const context = await newClient(browser);
    const page = await context.newPage();
    await signIn({ page, baseUrl: urls.risk, email: 'radiology@platform.local', password: 'radiology-demo-pass' });
    await page.getByRole('heading', { name: /You don't have access to Credit Risk/ }).waitFor();
    await page.goto(`${urls.risk}/applications`);
    await page.getByRole('heading', { name: /You don't have access to Credit Risk/ }).waitFor();
    const api = await page.request.get(`${urls.risk}/api/trpc/finance.applications.queue?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`);
    expect(api.status()).toBe(403);
    // The upload endpoint is gated like the procedures: another app's role, and nobody signed in, are refused.
    const upload = (request: typeof page.request) =>
      request.post(`${urls.risk}/api/uploads?purpose=finance.applications&name=a.csv`, { data: 'a,b\n1,2\n', headers: { 'content-type': 'text/csv', origin: urls.risk } });
    const denied = await upload(page.request);
    expect(denied.status()).toBe(403);
    expect(await denied.json()).toEqual({ error: 'Your role may not upload files to this app' });
    const forged = await page.request.post(`${urls.risk}/api/uploads?purpose=finance.applications&name=a.csv`, { data: 'a\n1\n', headers: { 'content-type': 'text/csv', origin: 'http://evil.example' } });
    expect(forged.status()).toBe(403);
    expect((await forged.json()) as unknown).toEqual({ error: 'Invalid origin: http://evil.example is not one of this platform\'s apps.' });
    const anonymous = await newClient(browser);
    expect((await upload(anonymous.request)).status()).toBe(401);
    await anonymous.close();
    await context.close();
  });
});

// Charts with scales: on Monitoring the ROC curve, calibration and score distribution have labelled axes with
// numeric tick values (the distribution a count axis), and hovering a point or a column shows its values; the
// review page's contribution chart has a points axis and a tooltip per bar. Screenshots go to test-results/.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchBrowser, newClient, signIn } from '@platform/testing';

const urls = inject('appUrls');
const shots = path.resolve('test-results', 'screenshots');

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  fs.mkdirSync(shots, { recursive: true });
});
afterAll(async () => browser.close());

async function signedInOfficer(): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await newClient(browser);
  const page = await context.newPage();
  await page.setViewportSize({ width: 1360, height: 1000 });
  await signIn({ page, baseUrl: urls.risk, email: 'risk@platform.local', password: 'risk-demo-pass' });
  await page.getByRole('heading', { name: 'Welcome, Rita Risk' }).waitFor();
  return { page, close: () => context.close() };
}

/** "0.25", "−12.5", "+20", "40%", "1,200" → number (NaN when it is not one). */
const toNumber = (text: string) => Number(text.replace(/−/g, '-').replace(/[+,%\s]/g, '').replace(/pts$/, ''));

/** The tick labels of one axis of a chart, as shown. */
async function ticks(chart: Locator, axis: 'x' | 'y'): Promise<string[]> {
  const texts = await chart.locator(`.recharts-${axis}Axis-tick-labels .recharts-cartesian-axis-tick-value`).allTextContents();
  return texts.map((t) => t.trim()).filter(Boolean);
}

async function axisLabel(chart: Locator, axis: 'x' | 'y'): Promise<string> {
  return ((await chart.locator(`.chart-axis-label-${axis}`).textContent()) ?? '').trim();
}

function expectAscendingNumbers(values: readonly string[], { min }: { min: number }) {
  const numbers = values.map(toNumber);
  expect(numbers.length).toBeGreaterThanOrEqual(min);
  for (const n of numbers) expect(Number.isFinite(n)).toBe(true);
  for (let i = 1; i < numbers.length; i += 1) expect(numbers[i]).toBeGreaterThan(numbers[i - 1] ?? -Infinity);
  return numbers;
}

/** Hovers `target` and returns the tooltip's rows as { name: shown value }, with its heading. */
async function hoverTooltip(page: Page, chart: Locator, target: Locator) {
  await page.mouse.move(0, 0);
  await target.hover({ force: true });
  const tooltip = chart.getByTestId('chart-tooltip');
  await tooltip.waitFor();
  const names = (await tooltip.locator('dt').allTextContents()).map((t) => t.trim());
  const values = (await tooltip.locator('dd').allTextContents()).map((t) => t.trim());
  // Single-series curves have no heading: read it only when there is one (textContent would wait for it).
  const heading = (await tooltip.locator('p').count()) > 0 ? ((await tooltip.locator('p').first().textContent()) ?? '').trim() : '';
  return { heading, rows: Object.fromEntries(names.map((n, i) => [n, values[i] ?? ''])) as Record<string, string> };
}

describe('risk charts', () => {
  it('monitoring: ROC, calibration and score distribution have numeric axes, a count axis and tooltips', async () => {
    const { page, close } = await signedInOfficer();
    try {
      await page.getByRole('link', { name: 'Monitoring' }).click();
      await page.getByRole('heading', { name: 'Monitoring' }).waitFor();

      // ROC: named image, both axes labelled, ticks 0 … 1.
      await page.getByRole('img', { name: 'ROC curve' }).waitFor();
      const roc = page.getByTestId('roc-chart');
      expect(await axisLabel(roc, 'x')).toBe('False positive rate');
      expect(await axisLabel(roc, 'y')).toBe('True positive rate');
      for (const axis of ['x', 'y'] as const) {
        const values = expectAscendingNumbers(await ticks(roc, axis), { min: 5 });
        expect(values[0]).toBe(0);
        expect(values[values.length - 1]).toBe(1);
      }
      // Hovering a point on the curve shows both rates.
      const rocDots = roc.locator('.recharts-curve-dot');
      expect(await rocDots.count()).toBeGreaterThan(10);
      const rocTip = await hoverTooltip(page, roc, rocDots.nth(Math.floor((await rocDots.count()) / 2)));
      const fpr = toNumber(rocTip.rows['False positive rate'] ?? '');
      const tpr = toNumber(rocTip.rows['True positive rate'] ?? '');
      expect(fpr).toBeGreaterThan(0);
      expect(fpr).toBeLessThan(1);
      expect(tpr).toBeGreaterThanOrEqual(fpr); // a model better than chance lies above the diagonal

      // Calibration: percentages on both axes, hover gives predicted PD and observed bad rate.
      await page.getByRole('img', { name: 'Calibration' }).waitFor();
      const calibration = page.getByTestId('calibration-chart');
      expect(await axisLabel(calibration, 'x')).toBe('Predicted PD');
      expect(await axisLabel(calibration, 'y')).toBe('Observed bad rate');
      const calTicks = await ticks(calibration, 'x');
      expect(calTicks.every((t) => t.endsWith('%'))).toBe(true);
      expect(expectAscendingNumbers(calTicks, { min: 5 }).at(-1)).toBe(100);
      const calDots = calibration.locator('.recharts-curve-dot');
      expect(await calDots.count()).toBeGreaterThanOrEqual(3);
      const calTip = await hoverTooltip(page, calibration, calDots.first());
      expect(calTip.rows['Predicted PD']).toMatch(/^\d+\.\d%$/);
      expect(calTip.rows['Observed bad rate']).toMatch(/^\d+\.\d%$/);

      // Score distribution: score bands on x, a count axis ("Applications") from 0 on y.
      await page.getByRole('img', { name: 'Score distribution' }).waitFor();
      const distribution = page.getByTestId('score-distribution-chart');
      expect(await axisLabel(distribution, 'y')).toBe('Applications');
      const counts = expectAscendingNumbers(await ticks(distribution, 'y'), { min: 3 });
      expect(counts[0]).toBe(0);
      for (const c of counts) expect(Number.isInteger(c)).toBe(true);
      expect(await axisLabel(distribution, 'x')).toMatch(/^Score/);
      expectAscendingNumbers(await ticks(distribution, 'x'), { min: 3 });
      // Hover the tallest column: its counts by outcome add up to the total, which the count axis covers.
      const columns = distribution.locator('.recharts-bar-rectangle');
      expect(await columns.count()).toBeGreaterThan(5);
      const heights = await columns.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
      const tallest = heights.indexOf(Math.max(...heights));
      const barTip = await hoverTooltip(page, distribution, columns.nth(tallest));
      expect(barTip.heading).toMatch(/^Score \d+ to under \d+$/);
      const [good, bad, unknown, total] = ['Good', 'Bad', 'No outcome yet', 'Total'].map((k) => toNumber(barTip.rows[k] ?? ''));
      expect(total).toBeGreaterThan(0);
      expect((good ?? NaN) + (bad ?? NaN) + (unknown ?? NaN)).toBe(total);
      expect(counts.at(-1)).toBeGreaterThanOrEqual(total ?? Infinity);

      await page.mouse.move(0, 0);
      await page.getByRole('heading', { name: /^Performance on/ }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(shots, 'risk-monitoring-charts.png'), fullPage: true });
      await distribution.hover();
      await distribution.screenshot({ path: path.join(shots, 'risk-score-distribution-hover.png') });
    } finally {
      await close();
    }
  });

  it('review: the contribution chart has a points axis, one labelled bar per attribute and a tooltip per bar', async () => {
    const { page, close } = await signedInOfficer();
    try {
      await page.getByRole('link', { name: 'Applications' }).click();
      await page.getByRole('heading', { name: 'Applications' }).waitFor();
      await page.locator('table tbody tr').nth(0).getByRole('link').click();
      await page.getByRole('heading', { name: /^Application / }).waitFor();

      await page.getByRole('img', { name: 'Score contributions' }).waitFor();
      const chart = page.getByTestId('contribution-bars');
      const rows = page.getByTestId('contribution-bar'); // the table beside the chart, one row per attribute
      const attributes = await rows.count();
      expect(attributes).toBeGreaterThan(5);
      expect(await axisLabel(chart, 'x')).toMatch(/^Points/);
      const pointTicks = expectAscendingNumbers(await ticks(chart, 'x'), { min: 3 });
      expect(pointTicks).toContain(0);
      // One category label per attribute, in the order of the bars.
      expect(await ticks(chart, 'y')).toHaveLength(attributes);
      const bars = chart.getByTestId('contribution-chart-bar');
      expect(await bars.count()).toBe(attributes);

      // The most negative bar (first: sorted ascending) names its attribute and its points in the tooltip.
      const first = bars.first();
      const label = (await first.getAttribute('data-label')) ?? '';
      const value = Number(await first.getAttribute('data-value'));
      expect(label).not.toBe('');
      const tip = await hoverTooltip(page, chart, first.locator('path'));
      expect(tip.heading).toBe(label);
      const shown = Object.values(tip.rows)[0] ?? '';
      expect(toNumber(shown)).toBeCloseTo(value, 1);
      // The same figure as the table row for that attribute.
      const row = rows.filter({ hasText: label }).first();
      expect(Number(await row.getAttribute('data-points'))).toBeCloseTo(value, 6);

      await chart.screenshot({ path: path.join(shots, 'risk-contributions-hover.png') });
    } finally {
      await close();
    }
  });
});

import type { Page } from 'playwright-core';
import type { ChromiumSession } from '../support/chromium';
import { DmpWalker } from '../support/dmp-flows';
import type { FixtureServer } from '../support/fixture-server';
import { clearData, seedYears } from './seed';

const appeared = (page: Page, selector: string) =>
  page
    .waitForFunction(
      (s) => (window as unknown as { __appeared: Record<string, number> }).__appeared[s],
      selector,
    )
    .then((h) => h.jsonValue() as Promise<number>);

/** Confirmation page's DOMContentLoaded to the overlay showing the count, per deposit (ms). */
export async function overlayLatencies(
  session: ChromiumSession,
  server: FixtureServer,
  deposits: number,
): Promise<number[]> {
  const page = await session.context.newPage();
  const walker = new DmpWalker(page, server);
  await walker.openPatientList();
  await walker.openRecord(0);
  const result: number[] = [];
  for (let i = 0; i < deposits; i++) {
    await walker.deposit('CR ou fiche de consultation ou de visite', i);
    const ready = await appeared(page, 'suivi-dmp-overlay[data-ready="1"]');
    const dcl = await page.evaluate(
      () =>
        (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming)
          .domContentLoadedEventEnd,
    );
    result.push(ready - dcl);
    await walker.backToRecord();
  }
  await page.close();
  return result;
}

/** Popup opened `runs` times: navigation start to today's figures on screen (ms). */
export async function popupReadyTimes(session: ChromiumSession, runs: number): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < runs; i++) {
    const popup = await session.openExtensionPage('popup.html', { width: 400, height: 700 });
    result.push(await appeared(popup, '[data-testid="today-uploads"] dd'));
    await popup.close();
  }
  return result;
}

/** Seeds `years` of data (after emptying the stores) from an extension page. */
export async function withData(
  session: ChromiumSession,
  years: number,
): Promise<{ events: number; spans: number }> {
  const page = await session.openExtensionPage('popup.html');
  await clearData(page);
  const counts = await seedYears(page, years);
  await page.close();
  return counts;
}

/** Dashboard opened `runs` times: navigation start to the month's figures and charts drawn (ms). */
export async function dashboardReadyTimes(session: ChromiumSession, runs: number): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < runs; i++) {
    const page = await session.openExtensionPage('dashboard.html', { width: 1100, height: 900 });
    result.push(await appeared(page, 'dashboard'));
    await page.close();
  }
  return result;
}

/** The month's synthèse exported `runs` times from the dashboard: click to file handed over (ms). */
export async function exportTimes(session: ChromiumSession, runs: number): Promise<number[]> {
  const page = await session.openExtensionPage('dashboard.html', { width: 1100, height: 900 });
  await appeared(page, 'dashboard');
  const button = page.getByTestId('export-synthese');
  for (let i = 0; i < runs; i++) {
    const download = page.waitForEvent('download');
    await button.click();
    await (await download).cancel();
  }
  const times = await page.evaluate(() => (window as unknown as { __exports: number[] }).__exports);
  await page.close();
  return times;
}

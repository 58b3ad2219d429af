import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** The page beside the popup in the benchmark's copy of the build: its only script writes one figure. */
export const FLOOR_PAGE = 'bench-floor.html';

/**
 * Adds the floor page to a copy of the build: what any extension page with a script costs on
 * this machine, measured beside the popup so that the machine's load shows in both.
 */
export function addFloorPage(buildDir: string): void {
  writeFileSync(
    join(buildDir, FLOOR_PAGE),
    '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>floor</title>' +
      '<script type="module" src="/bench-floor.js"></script></head><body><div id="app"></div></body></html>',
  );
  writeFileSync(
    join(buildDir, 'bench-floor.js'),
    "document.getElementById('app').innerHTML = '<div data-testid=\"today-uploads\"><dl><dd>0</dd></dl></div>';\n",
  );
}

/** Opens an extension page of the session; navigation start to today's figures on screen (ms). */
export async function figuresShownAt(session: ChromiumSession, path: string): Promise<number> {
  const page = await session.openExtensionPage(path, { width: 400, height: 700 });
  const at = await appeared(page, '[data-testid="today-uploads"] dd');
  await page.close();
  return at;
}

/**
 * Pages opened `runs` times each, in turns, `[session, path]` by `[session, path]`: the times of
 * each (ms). Two turns first, not counted: the first openings after a bulk write meet the
 * database still settling.
 */
export async function inTurns(
  pages: ReadonlyArray<readonly [ChromiumSession, string]>,
  runs: number,
): Promise<number[][]> {
  const result = pages.map(() => [] as number[]);
  for (let i = 0; i < runs + 2; i++) {
    for (const [k, [session, path]] of pages.entries()) {
      const at = await figuresShownAt(session, path);
      if (i >= 2) result[k]!.push(at);
    }
  }
  return result;
}

/** The popup and the floor page opened `runs` times each, in turns (ms). */
export async function popupReadyTimes(
  session: ChromiumSession,
  runs: number,
): Promise<{ popup: number[]; floor: number[] }> {
  const [popup, floor] = await inTurns(
    [
      [session, 'popup.html'],
      [session, FLOOR_PAGE],
    ],
    runs,
  );
  return { popup: popup!, floor: floor! };
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
  // A bulk write of years of data leaves the database compacting for a moment: a doctor's
  // popup never opens in that moment, so the timings wait it out.
  await new Promise((r) => setTimeout(r, 3000));
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

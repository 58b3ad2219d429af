import type { Frame, Page } from 'puppeteer-core';
import type { CorpusPage, Step } from '../fixtures/programs/corpus';
import { pageResult, snapshotOf, type PageResult } from './corpus-runner';
import { OVERLAY_READY, readAllStorage, type FirefoxSession } from './firefox';
import type { FixtureServer } from './fixture-server';

/**
 * The practice-program corpus in Firefox (puppeteer-core over WebDriver BiDi): the same steps as
 * tests/support/corpus-runner.ts runs in Chromium, with trusted input (BiDi input actions), for
 * pages of built-in sites (no site to add: Firefox would ask for the permission in a prompt).
 */
async function overlayReady(page: Page): Promise<void> {
  await page.waitForSelector(OVERLAY_READY, { timeout: 10_000 });
}

/** The page, or the frame shown by the iframe matching `frame` (a selector). */
async function target(page: Page, frame?: string): Promise<Page | Frame> {
  if (!frame) return page;
  const element = await page.waitForSelector(frame, { timeout: 10_000 });
  const inner = await element?.contentFrame();
  if (!inner) throw new Error(`no frame ${frame}`);
  // The frame's own document, loaded (its content script reads it once it is idle).
  await inner.waitForFunction(() => document.readyState === 'complete', { timeout: 10_000 });
  return inner;
}

async function runStep(page: Page, server: FixtureServer, host: string, step: Step): Promise<void> {
  if ('goto' in step) {
    await page.goto(server.url(host, step.goto));
    await overlayReady(page);
  } else if ('click' in step) {
    const where = await target(page, step.frame);
    const elements = await where.$$(step.click);
    const element = elements[step.nth ?? 0];
    if (!element) throw new Error(`no element ${step.click}`);
    if (step.nav) {
      // A new document, even at the same URL (a WebForms postback answered in place).
      await Promise.all([page.waitForNavigation({ waitUntil: 'load', timeout: 15_000 }), element.click()]);
      await overlayReady(page);
    } else await element.click();
  } else if ('syntheticClick' in step) {
    await page.evaluate((sel) => (document.querySelector(sel) as HTMLElement).click(), step.syntheticClick);
  } else if ('select' in step) {
    await (await target(page, step.frame)).select(step.select, step.value);
  } else if ('waitText' in step) {
    await (
      await target(page, step.frame)
    ).waitForFunction((text) => document.body.innerText.includes(text), { timeout: 10_000 }, step.waitText);
  } else if ('reload' in step) {
    await page.reload({ waitUntil: 'load' });
    await overlayReady(page);
  } else if ('wait' in step) {
    await new Promise((r) => setTimeout(r, step.wait));
  } else {
    throw new Error(`step not run in Firefox: ${JSON.stringify(step)}`);
  }
}

/** Runs each page in its own tab and compares what was stored with what it expects. */
export async function runCorpusInFirefox(
  session: FirefoxSession,
  server: FixtureServer,
  corpus: CorpusPage[],
  ext: Page,
): Promise<PageResult[]> {
  const results: PageResult[] = [];
  for (const item of corpus) {
    if (item.userSite) throw new Error(`${item.id}: user sites are not run in Firefox`);
    const started = Date.now();
    const before = snapshotOf(await readAllStorage(ext));
    const page = await session.newPage();
    try {
      for (const step of item.steps) await runStep(page, server, item.host, step);
      await new Promise((r) => setTimeout(r, item.settleMs));
    } finally {
      await page.close();
    }
    results.push(pageResult(item, before, snapshotOf(await readAllStorage(ext)), Date.now() - started));
  }
  return results;
}

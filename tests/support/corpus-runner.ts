import type { FrameLocator, Page } from 'playwright-core';
import type { DmpEvent } from '../../lib/domain/events';
import type { CorpusPage, ExpectedEvent, Step } from '../fixtures/programs/corpus';
import { fileEvidence, pageEvidence, wedaTagCounts } from '../fixtures/programs/evidence';
import type { ChromiumSession } from './chromium';
import { readAllStorage } from './extension-data';
import type { FixtureServer } from './fixture-server';
import { addSite } from './sites';
import { overlayReady } from './overlay-probe';

export interface PageResult {
  id: string;
  markup: string;
  expected: ExpectedEvent[];
  counted: ExpectedEvent[];
  /** The encounter each counted event joined (same order as `counted`; random ids). */
  encounters: Array<string | undefined>;
  /** Signals of the rules the page exercises: "evidenced / supposed" (Weda), or "—". */
  evidence: string;
  misses: ExpectedEvent[];
  falsePositives: ExpectedEvent[];
  unconfirmedExpected: number;
  unconfirmed: number;
  ms: number;
}

const label = (e: ExpectedEvent) =>
  e.docClass ? `${e.kind}(${e.docClass})` : e.mode ? `${e.kind}(${e.mode})` : e.kind;

/** Multiset difference of events by kind and class (a class not asked for is not compared). */
function diff(
  expected: ExpectedEvent[],
  counted: ExpectedEvent[],
): { misses: ExpectedEvent[]; falsePositives: ExpectedEvent[] } {
  const left = [...counted];
  const misses: ExpectedEvent[] = [];
  for (const e of expected) {
    const i = left.findIndex(
      (c) =>
        c.kind === e.kind &&
        (e.docClass === undefined || c.docClass === e.docClass) &&
        (e.mode === undefined || c.mode === e.mode),
    );
    if (i >= 0) left.splice(i, 1);
    else misses.push(e);
  }
  return { misses, falsePositives: left };
}

/** What a page's run is judged on: the stored events and the number of unconfirmed attempts. */
export interface StoreSnapshot {
  events: DmpEvent[];
  unconfirmed: number;
}

/** The snapshot in everything the extension stores (as the browsers' storage dumps give it). */
export function snapshotOf(all: Record<string, unknown>): StoreSnapshot {
  return {
    events: (all['idb:suivi-dmp:events'] ?? []) as DmpEvent[],
    unconfirmed: ((all['idb:suivi-dmp:unconfirmed'] ?? []) as unknown[]).length,
  };
}

async function snapshot(ext: Page): Promise<StoreSnapshot> {
  return snapshotOf(await readAllStorage(ext));
}

/** A corpus page's result: the events stored during its run against those it expects. */
export function pageResult(
  item: CorpusPage,
  before: StoreSnapshot,
  after: StoreSnapshot,
  ms: number,
  tags = wedaTagCounts(),
): PageResult {
  const known = new Set(before.events.map((e) => e.id));
  const fresh = after.events.filter((e) => !known.has(e.id) && !e.undone).sort((a, b) => a.at - b.at);
  const counted = fresh.map((e) => ({
    kind: e.kind,
    ...(e.docClass ? { docClass: e.docClass } : {}),
    ...(e.mode ? { mode: e.mode } : {}),
  }));
  return {
    id: item.id,
    markup: item.markup,
    expected: item.expected,
    counted,
    encounters: fresh.map((e) => e.encounter),
    evidence: item.evidenceFile ? fileEvidence(item.evidenceFile) : pageEvidence(item.rules, tags),
    ...diff(item.expected, counted),
    unconfirmedExpected: item.unconfirmed ?? 0,
    unconfirmed: after.unconfirmed - before.unconfirmed,
    ms,
  };
}

/** The page, or the frame shown by the iframe matching `frame` (a selector). */
function target(page: Page, frame?: string): Page | FrameLocator {
  return frame ? page.frameLocator(frame) : page;
}

async function runStep(page: Page, server: FixtureServer, host: string, step: Step): Promise<void> {
  if ('goto' in step) {
    await page.goto(server.url(host, step.goto));
    await overlayReady(page);
  } else if ('click' in step) {
    const where = target(page, step.frame);
    const locator = where.locator(step.click).nth(step.nth ?? 0);
    if (step.nav) {
      // A new document, even at the same URL (a WebForms postback answered in place).
      const loaded = page.waitForEvent('domcontentloaded', { timeout: 15_000 });
      await locator.click({ force: step.force ?? false });
      await loaded;
      await overlayReady(page);
    } else await locator.click({ force: step.force ?? false });
  } else if ('syntheticClick' in step) {
    await page.evaluate((sel) => (document.querySelector(sel) as HTMLElement).click(), step.syntheticClick);
  } else if ('select' in step) {
    await target(page, step.frame).locator(step.select).selectOption(step.value);
  } else if ('fill' in step) {
    await page.locator(step.fill).fill(step.value);
  } else if ('file' in step) {
    await page.setInputFiles(step.file, {
      name: step.name,
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4 fake'),
    });
  } else if ('waitText' in step) {
    await target(page, step.frame).getByText(step.waitText).first().waitFor({ timeout: 10_000 });
  } else if ('reload' in step) {
    await page.reload();
    await overlayReady(page);
  } else if ('wait' in step) {
    await page.waitForTimeout(step.wait);
  }
}

/**
 * Runs the corpus in one browser (user sites added first, through the dashboard), each page in
 * its own tab, and compares what was stored with what each page expects.
 */
export async function runCorpus(
  session: ChromiumSession,
  server: FixtureServer,
  corpus: CorpusPage[],
  ext: Page,
): Promise<PageResult[]> {
  for (const host of new Set(corpus.filter((p) => p.userSite).map((p) => p.host)))
    await addSite(session, host);
  const results: PageResult[] = [];
  const tags = wedaTagCounts();
  for (const item of corpus) {
    const started = Date.now();
    const before = await snapshot(ext);
    const page = await session.context.newPage();
    try {
      for (const step of item.steps) await runStep(page, server, item.host, step);
      await page.waitForTimeout(item.settleMs);
    } finally {
      await page.close();
    }
    results.push(pageResult(item, before, await snapshot(ext), Date.now() - started, tags));
  }
  return results;
}

/** The report's table (Markdown, so it pastes into the README or an issue as it is). */
export function formatReport(results: PageResult[]): string {
  const rows = results.map((r) => {
    const un =
      r.unconfirmed === r.unconfirmedExpected
        ? String(r.unconfirmed)
        : `${r.unconfirmed} (attendu ${r.unconfirmedExpected})`;
    return `| ${r.id} | ${r.evidence} | ${r.expected.length} | ${r.counted.length} | ${r.misses.map(label).join(', ') || '0'} | ${r.falsePositives.map(label).join(', ') || '0'} | ${un} | ${r.misses.length || r.falsePositives.length || r.unconfirmed !== r.unconfirmedExpected ? 'ÉCHEC' : 'ok'} |`;
  });
  const sum = (f: (r: PageResult) => number) => results.reduce((n, r) => n + f(r), 0);
  const total = `| **total** | | ${sum((r) => r.expected.length)} | ${sum((r) => r.counted.length)} | ${sum((r) => r.misses.length)} | ${sum((r) => r.falsePositives.length)} | ${sum((r) => r.unconfirmed)} | ${results.every((r) => !r.misses.length && !r.falsePositives.length && r.unconfirmed === r.unconfirmedExpected) ? 'ok' : 'ÉCHEC'} |`;
  return [
    '| page | signaux prouvés / supposés | attendus | comptés | manqués | faux positifs | non confirmés | résultat |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    total,
  ].join('\n');
}

import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { DB_VERSION, MIGRATIONS } from '../../lib/storage/db';
import type { DmpEvent } from '../../lib/domain/events';
import { docClassFromTypeValue } from '../../lib/domain/doc-class-of-type';
import { CHROMIUM_FLAGS, freshProfileDir, launchChromium, type ChromiumSession } from '../support/chromium';
import { DmpWalker } from '../support/dmp-flows';
import { active, readAllStorage, readEvents } from '../support/extension-data';
import { FIXTURE_HOSTS, WEDA_HOST, startFixtureServer, type FixtureServer } from '../support/fixture-server';
import { overlayText, overlayReady } from '../support/overlay-probe';
import { CHROME_BUILD, CHROMIUM_PATH, ROOT } from '../support/paths';

/**
 * Fault tolerance of the production build in Chromium: the background service worker stopped
 * in the middle of a deposit, the same message delivered twice, a full disk, and an update to
 * a build with a newer database version.
 */

/** Stops the extension's service worker through the DevTools protocol (the browser may do it at any time). */
async function stopServiceWorker(context: BrowserContext, extensionPage: Page): Promise<string[]> {
  const cdp = await context.newCDPSession(extensionPage);
  const statuses: string[] = [];
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) =>
    statuses.push(...versions.map((v) => v.runningStatus)),
  );
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await new Promise((r) => setTimeout(r, 300));
  await cdp.detach();
  return statuses;
}

/**
 * Runs an expression in the content script's isolated world of a page's top frame (where
 * `chrome.runtime.sendMessage` is the extension's own), as if the content script sent it.
 */
async function inContentScript<T>(page: Page, extensionId: string, expression: string): Promise<T> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  try {
    const contexts: Array<{
      id: number;
      name: string;
      origin: string;
      auxData?: { type?: string; frameId?: string };
    }> = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) =>
      contexts.push(context as (typeof contexts)[number]),
    );
    await cdp.send('Runtime.enable');
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const world = contexts.find(
      (c) =>
        c.auxData?.type === 'isolated' &&
        c.auxData.frameId === frameTree.frame.id &&
        (c.origin.includes(extensionId) || c.name.includes('Suivi DMP')),
    );
    if (!world)
      throw new Error(
        `no isolated world of the extension in ${page.url()}: ${JSON.stringify(contexts.map((c) => [c.name, c.origin, c.auxData]))}`,
      );
    const result = await cdp.send('Runtime.evaluate', {
      expression,
      contextId: world.id,
      awaitPromise: true,
      returnByValue: true,
    });
    if (result.exceptionDetails) throw new Error(JSON.stringify(result.exceptionDetails).slice(0, 500));
    return result.result.value as T;
  } finally {
    await cdp.detach();
  }
}

/**
 * Makes the page's next message of this type lost, as a message sent while the page unloads to
 * a stopped worker can be: the content script's `sendMessage` drops it (in its isolated world,
 * for this page only) and notes in the tab's sessionStorage that it did, for the test to check.
 */
async function loseNextMessage(page: Page, extensionId: string, type: string): Promise<void> {
  const patched = await inContentScript<boolean>(
    page,
    extensionId,
    `(() => {
      const drop = (original) => function (message, ...rest) {
        if (message && message.type === ${JSON.stringify(type)}) {
          sessionStorage.setItem('suivi-dmp-test:lost', ${JSON.stringify(type)});
          return new Promise(() => {});
        }
        return original.call(this, message, ...rest);
      };
      const apis = [globalThis.chrome?.runtime, globalThis.browser?.runtime].filter(Boolean);
      for (const api of apis) api.sendMessage = drop(api.sendMessage);
      return apis.length > 0;
    })()`,
  );
  expect(patched).toBe(true);
}

/** The type of the message `loseNextMessage` dropped in this tab since the last call, if any. */
async function lostMessage(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const lost = sessionStorage.getItem('suivi-dmp-test:lost');
    sessionStorage.removeItem('suivi-dmp-test:lost');
    return lost;
  });
}

describe('fault tolerance (Chromium, production build)', () => {
  let server: FixtureServer;
  let session: ChromiumSession;
  let page: Page;
  let walker: DmpWalker;
  let ext: Page;

  const uploads = async () => active(await readEvents(ext), 'dmp_upload');

  beforeAll(async () => {
    server = await startFixtureServer();
    session = await launchChromium();
    page = await session.context.newPage();
    walker = new DmpWalker(page, server);
    ext = await session.openExtensionPage('popup.html');
    await walker.openPatientList();
    await walker.openRecord(0);
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('counts a deposit exactly once when the service worker is stopped between submit and confirmation', async () => {
    const before = (await uploads()).length;
    const accepted = server.accepted;
    await walker.fillDepositForm('CR ou fiche de consultation ou de visite', 0);
    // Stopped while the form is filled in (the browser stops an idle worker after 30 s).
    const first = await stopServiceWorker(session.context, ext);
    expect(first).toContain('stopped');
    await page.locator('#submit').click();
    await page.waitForURL(/demandeconfirmationactiondocument/);
    await walker.overlayReady();
    await stopServiceWorker(session.context, ext);
    // The signature runs by itself: held here, to act while it is shown.
    server.holdNextSignature();
    await page.locator('#accept').click();
    await page.waitForURL(/signature/);
    await walker.overlayReady();
    // Stopped again right before the page that confirms the deposit.
    await stopServiceWorker(session.context, ext);
    await walker.finishSignature();
    await page.waitForURL(/confirmationajout/);
    await walker.overlayReady();
    expect(server.accepted).toBe(accepted + 1);
    const after = await uploads();
    expect(after, `overlay: ${await overlayText(page)}`).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ docClass: '11488-4', source: 'auto', site: 'dmp-web' });
    expect(await overlayText(page)).toContain('Dépôt DMP compté');
    // A reload of the confirmation after another stop does not count it again.
    await stopServiceWorker(session.context, ext);
    await page.reload();
    await walker.overlayReady();
    expect(await uploads()).toHaveLength(before + 1);
    await walker.backToRecord();
  });

  /**
   * The lost submit (issue 10, item 7). A doctor takes more than 30 s on the form, so the worker
   * is asleep when it is sent; the submit and accept messages are sent while their page unloads.
   * Measured on an earlier build: stopped before the submit, the deposit was lost 1 run in 4;
   * stopped there and again on the confirmation page, 4 in 4. The worker is stopped here at every
   * step of a deposit, in every combination of the four; a message sent while a page unloads
   * after a stop is made lost for sure (the measured worst case). Each time exactly one deposit,
   * of the right class, must be counted. Without a stop both the submit message and the kept
   * submit arrive: still one.
   */
  describe('the worker stopped at every step of a deposit, in every combination', () => {
    const STOPS = ['before-submit', 'on-confirmation', 'on-signature', 'before-confirmationajout'] as const;
    type Stop = (typeof STOPS)[number];
    const LABELS = [
      'CR ou fiche de consultation ou de visite',
      "CR d'imagerie médicale",
      'Synthèse médicale',
      'Certificat médical',
      "CR d'examens biologiques",
    ];
    const combinations: Stop[][] = Array.from({ length: 1 << STOPS.length }, (_, mask) =>
      STOPS.filter((_, i) => mask & (1 << i)),
    );
    const durations: number[] = [];
    let totalBefore = 0;

    beforeAll(async () => {
      totalBefore = (await uploads()).length;
    });
    afterAll(() => {
      console.info(
        `[faults] ${combinations.length} worker-stop combinations, ${(durations.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s (longest ${(Math.max(...durations) / 1000).toFixed(1)} s)`,
      );
    });

    it.each(combinations.map((stops, i) => [stops.join(' + ') || 'no stop', stops, i] as const))(
      'stopped %s: one deposit, of the right class',
      async (_, stops, i) => {
        const started = Date.now();
        const stopped = new Set<Stop>(stops);
        const stop = async (at: Stop) => {
          if (stopped.has(at)) await stopServiceWorker(session.context, ext);
        };
        const label = LABELS[i % LABELS.length]!;
        const docClass = docClassFromTypeValue(label);
        const before = (await uploads()).length;
        const accepted = server.accepted;

        await walker.fillDepositForm(label, i);
        await stop('before-submit');
        // Stopped: the submit message, sent as the form unloads, is lost (the worst case).
        if (stopped.has('before-submit')) await loseNextMessage(page, session.extensionId, 'dmp_submitted');
        await page.locator('#submit').click();
        await page.waitForURL(/demandeconfirmationactiondocument/);
        await walker.overlayReady();
        expect(await lostMessage(page)).toBe(stopped.has('before-submit') ? 'dmp_submitted' : null);
        // The tab keeps the submit for the pages that follow: a flow id and the class, nothing else.
        const kept = JSON.parse(
          (await page.evaluate(() => sessionStorage.getItem('suivi-dmp:pending'))) ?? 'null',
        ) as Record<string, unknown> | null;
        expect(kept && Object.keys(kept).sort()).toEqual(['docClass', 'flowId']);
        expect(kept?.docClass).toBe(docClass);

        await stop('on-confirmation');
        // Stopped: the accept message, sent as this page unloads, is lost too.
        if (stopped.has('on-confirmation')) await loseNextMessage(page, session.extensionId, 'dmp_decision');
        const hold = stopped.has('on-signature') || stopped.has('before-confirmationajout');
        if (hold) server.holdNextSignature();
        await page.locator('#accept').click();
        if (hold) {
          // As the signature page comes in, before its script has spoken.
          await page.waitForURL(/signaturedocument/, { waitUntil: 'commit' });
          await stop('on-signature');
          await walker.overlayReady();
          await stop('before-confirmationajout');
          await walker.finishSignature();
        } else {
          // The signature runs by itself.
          await page.waitForURL(/confirmationajout/);
          await walker.overlayReady();
        }

        expect(await lostMessage(page)).toBe(stopped.has('on-confirmation') ? 'dmp_decision' : null);
        expect(server.accepted).toBe(accepted + 1);
        const after = await uploads();
        expect(after, `overlay: ${await overlayText(page)}`).toHaveLength(before + 1);
        expect(after.at(-1)).toMatchObject({ docClass, source: 'auto', site: 'dmp-web' });
        expect(await overlayText(page)).toContain('Dépôt DMP compté');
        // Its work done, the kept submit is gone from the tab.
        expect(await page.evaluate(() => sessionStorage.getItem('suivi-dmp:pending'))).toBeNull();
        await walker.backToRecord();
        durations.push(Date.now() - started);
      },
    );

    it('counted each deposit once in all', async () => {
      expect(await uploads()).toHaveLength(totalBefore + combinations.length);
    });
  });

  it('counts nothing twice when the same message is delivered twice', async () => {
    const id = session.extensionId;
    // A deposit accepted, waiting on the signature page: the confirmation message arrives twice.
    const before = (await uploads()).length;
    await walker.fillDepositForm("CR d'imagerie médicale", 1);
    await page.locator('#submit').click();
    await page.waitForURL(/demandeconfirmationactiondocument/);
    await walker.overlayReady();
    // The signature runs by itself: held here, to act while it is shown.
    server.holdNextSignature();
    await page.locator('#accept').click();
    await page.waitForURL(/signature/);
    await walker.overlayReady();
    const message = JSON.stringify({
      type: 'dmp_page',
      page: 'upload_confirmed',
      navType: 'navigate',
      pageLoadId: 'f00dcafe-0000-4000-8000-000000000001',
    });
    const replies = await inContentScript<Array<{ ok: boolean; counted?: unknown[] }>>(
      page,
      id,
      `(async () => { const m = ${message}; return [await chrome.runtime.sendMessage(m), await chrome.runtime.sendMessage(m)]; })()`,
    );
    expect(replies.map((r) => r.ok)).toEqual([true, true]);
    expect(replies.map((r) => r.counted?.length ?? 0)).toEqual([1, 0]);
    // The real confirmation page that follows counts nothing more either.
    await walker.finishSignature();
    await page.waitForURL(/confirmationajout/);
    await walker.overlayReady();
    expect(await uploads()).toHaveLength(before + 1);
    await walker.backToRecord();

    // A record read delivered twice (same page load) is one read.
    const reads = active(await readEvents(ext), 'dmp_consult').length;
    const read = JSON.stringify({
      type: 'dmp_page',
      page: 'record_summary',
      navType: 'navigate',
      pageLoadId: 'f00dcafe-0000-4000-8000-000000000002',
      fromOtherSite: true,
    });
    await inContentScript(
      page,
      id,
      `(async () => { const m = ${read}; await chrome.runtime.sendMessage(m); await chrome.runtime.sendMessage(m); })()`,
    );
    expect(active(await readEvents(ext), 'dmp_consult')).toHaveLength(reads + 1);

    // A practice program's confirmed attempt delivered twice is one event.
    const weda = await session.context.newPage();
    await weda.goto(server.url(WEDA_HOST, '/FolderMedical/CourrierForm.aspx?PatDk=1'));
    await overlayReady(weda);
    const attempt = JSON.stringify({
      type: 'engine_attempt',
      attemptId: 'f00dcafe-0000-4000-8000-000000000003',
      site: 'weda',
      ruleId: 'dmp-share',
      kind: 'dmp_upload',
      source: 'auto',
      outcome: 'confirmed',
      docClass: '11490-0',
    });
    const weUploads = (await uploads()).length;
    const twice = await inContentScript<Array<{ ok: boolean; counted?: unknown[] }>>(
      weda,
      id,
      `(async () => { const m = ${attempt}; return [await chrome.runtime.sendMessage(m), await chrome.runtime.sendMessage(m)]; })()`,
    );
    expect(twice.map((r) => [r.ok, r.counted?.length])).toEqual([
      [true, 1],
      [true, 0],
    ]);
    expect(await uploads()).toHaveLength(weUploads + 1);
    await weda.close();
  });
});

// ---------------------------------------------------------------------------------------------
// Storage full

/**
 * `Storage.overrideQuotaForOrigin` has no effect on an extension's origin (the quota stays at
 * Chromium's 10 GB cap, and writes go on succeeding), so the disk is made really full: the
 * profile lives on a small tmpfs, and one of the extension's own pages fills the origin's
 * quota with a scratch database until IndexedDB answers QuotaExceededError. Mounting needs
 * root (CI runs as root); elsewhere this part is skipped and says so.
 */
const TMPFS = join(tmpdir(), `suivi-dmp-full-${process.pid}`);
function mountSmallDisk(): boolean {
  try {
    mkdirSync(TMPFS, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=96m', 'tmpfs', TMPFS], { stdio: 'ignore' });
    return true;
  } catch {
    console.warn('[faults] storage full: cannot mount a small tmpfs (not root?): skipped');
    return false;
  }
}
const canFill = process.getuid?.() === 0;

/** Fills the extension origin's quota from one of its pages; returns the error that stopped it. */
function fillQuota(): Promise<string> {
  return (async () => {
    const db: IDBDatabase = await new Promise((resolve, reject) => {
      const q = indexedDB.open('suivi-dmp-filler', 1);
      q.onupgradeneeded = () => q.result.createObjectStore('b');
      q.onsuccess = () => resolve(q.result);
      q.onerror = () => reject(q.error);
    });
    let n = 0;
    let last = '';
    for (const size of [4 << 20, 1 << 20, 64 << 10, 4 << 10, 256, 16]) {
      for (let i = 0; i < 1000; i++) {
        try {
          await new Promise<void>((resolve, reject) => {
            const tx = db.transaction('b', 'readwrite');
            const data = new Uint8Array(size);
            crypto.getRandomValues(data.subarray(0, Math.min(size, 65_536)));
            tx.objectStore('b').put(data, n++);
            tx.oncomplete = () => resolve();
            tx.onabort = () => reject(tx.error);
          });
        } catch (error) {
          last = (error as Error).name;
          break;
        }
      }
    }
    db.close();
    return last;
  })();
}

describe.skipIf(!canFill)('storage full (Chromium, production build, a small disk)', () => {
  let server: FixtureServer;
  let session: ChromiumSession;
  let mounted = false;

  beforeAll(async () => {
    mounted = mountSmallDisk();
    if (!mounted) return;
    server = await startFixtureServer();
    session = await launchChromium({ userDataDir: join(TMPFS, 'profile') });
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
    if (mounted) execFileSync('umount', ['-l', TMPFS], { stdio: 'ignore' });
    rmSync(TMPFS, { recursive: true, force: true });
  });

  it('says "Espace de stockage plein", writes nothing half, and counts again once there is room', async (ctx) => {
    // Without a small disk the quota is Chromium's 10 GB cap: too much to fill in a test.
    if (!mounted) ctx.skip();
    const page = await session.context.newPage();
    const walker = new DmpWalker(page, server);
    const ext = await session.openExtensionPage('popup.html');
    await walker.openPatientList();
    await walker.openRecord(0);
    await walker.fillDepositForm('Synthèse médicale', 2);
    await page.locator('#submit').click();
    await page.waitForURL(/demandeconfirmationactiondocument/);
    await walker.overlayReady();
    // The signature runs by itself: held here, to act while it is shown.
    server.holdNextSignature();
    await page.locator('#accept').click();
    await page.waitForURL(/signature/);
    await walker.overlayReady();
    const before = await readEvents(ext);

    expect(await ext.evaluate(fillQuota)).toBe('QuotaExceededError');
    await walker.finishSignature();
    await page.waitForURL(/confirmationajout/);
    await walker.overlayReady();
    expect(await overlayText(page)).toContain('Espace de stockage plein');
    // Nothing half-written: no event, and the tab's deposit still waiting (a retry can count it).
    // (Read store by store: a dump of every database would load the filler's 60 MB.)
    const { ids, session: stored } = await ext.evaluate(async () => {
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        const q = indexedDB.open('suivi-dmp');
        q.onsuccess = () => resolve(q.result);
        q.onerror = () => reject(q.error);
      });
      const keys: IDBValidKey[] = await new Promise((resolve) => {
        const q = db.transaction('events').objectStore('events').getAllKeys();
        q.onsuccess = () => resolve(q.result);
      });
      db.close();
      const api = (
        globalThis as unknown as {
          chrome: { storage: { session: { get(k: null): Promise<Record<string, unknown>> } } };
        }
      ).chrome;
      return { ids: keys.map(String), session: await api.storage.session.get(null) };
    });
    expect(ids.sort()).toEqual(before.map((e) => e.id).sort());
    const tabStates = Object.entries(stored as Record<string, { pending?: { stage: string } }>).filter(
      ([k]) => k.startsWith('dmpTab:'),
    );
    expect(tabStates.some(([, s]) => s.pending?.stage === 'accepted')).toBe(true);

    // Room again: the next deposit counts normally, and only it.
    await ext.evaluate(
      () => new Promise((resolve) => (indexedDB.deleteDatabase('suivi-dmp-filler').onsuccess = resolve)),
    );
    await walker.backToRecord();
    await walker.deposit('Certificat médical', 0);
    expect(await overlayText(page)).toContain('Dépôt DMP compté');
    const after = await readEvents(ext);
    expect(active(after, 'dmp_upload')).toHaveLength(active(before, 'dmp_upload').length + 1);
    expect(after.at(-1)).toMatchObject({ kind: 'dmp_upload', docClass: expect.any(String) });
  });
});

// ---------------------------------------------------------------------------------------------
// Update to a build with a newer database version

const stepsIn = (source: string) => (source.match(/^\s*\/\/ v\d+:/gm) ?? []).length;

/** Where the database module has lived, newest first (it moved into lib/storage/). */
const DB_MODULE_PATHS = ['lib/storage/db.ts', 'lib/db.ts'];

/** The source of the database module at a commit, wherever it lived then. */
function dbSourceAt(commit: string): string | undefined {
  for (const path of DB_MODULE_PATHS) {
    try {
      return execFileSync('git', ['show', `${commit}:${path}`], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch {
      // Not at this path in that commit: try the older one.
    }
  }
  return undefined;
}

/** The latest commit whose database module has fewer migration steps than the working tree. */
function olderSchemaCommit(): { commit: string; steps: number } {
  const commits = execFileSync('git', ['log', '--format=%H'], { cwd: ROOT, encoding: 'utf8' })
    .trim()
    .split('\n');
  for (const commit of commits) {
    const source = dbSourceAt(commit);
    if (source === undefined) continue;
    const steps = stepsIn(source);
    if (steps > 0 && steps < MIGRATIONS.length) return { commit, steps };
  }
  throw new Error('no commit with an older database version');
}

async function launchFrom(
  extensionDir: string,
  userDataDir: string,
): Promise<{ context: BrowserContext; extensionId: string }> {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    ignoreHTTPSErrors: true,
    locale: 'fr-FR',
    env: { ...process.env, LANGUAGE: 'fr_FR', LANG: 'fr_FR.UTF-8' },
    args: [
      ...CHROMIUM_FLAGS,
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      `--host-resolver-rules=${FIXTURE_HOSTS.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`,
      '--lang=fr-FR',
    ],
  });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 15_000 });
  return { context, extensionId: new URL(worker.url()).host };
}

describe('update to a build with a newer database version (Chromium)', () => {
  let server: FixtureServer;
  let worktree = '';
  let extensionDir = '';
  let profile = '';
  let older: { commit: string; steps: number };
  let buildSeconds = 0;

  beforeAll(async () => {
    server = await startFixtureServer();
    older = olderSchemaCommit();
    worktree = mkdtempSync(join(tmpdir(), 'suivi-dmp-older-'));
    rmSync(worktree, { recursive: true, force: true });
    execFileSync('git', ['worktree', 'add', '--detach', worktree, older.commit], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    symlinkSync(join(ROOT, 'node_modules'), join(worktree, 'node_modules'));
    const started = Date.now();
    execFileSync('npx', ['wxt', 'build'], { cwd: worktree, stdio: 'ignore', timeout: 120_000 });
    buildSeconds = (Date.now() - started) / 1000;
    extensionDir = join(mkdtempSync(join(tmpdir(), 'suivi-dmp-ext-')), 'suivi-dmp');
    cpSync(join(worktree, '.output/chrome-mv3'), extensionDir, { recursive: true });
    profile = freshProfileDir();
  }, 150_000);

  afterAll(async () => {
    await server?.close();
    if (worktree && existsSync(worktree))
      execFileSync('git', ['worktree', 'remove', '--force', worktree], { cwd: ROOT, stdio: 'ignore' });
    execFileSync('git', ['worktree', 'prune'], { cwd: ROOT, stdio: 'ignore' });
    if (extensionDir) rmSync(join(extensionDir, '..'), { recursive: true, force: true });
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('migrates the data in place: nothing lost, new stores there, the popup shows the old counts', async () => {
    console.info(
      `[faults] older build: ${older.commit.slice(0, 7)} (${older.steps} migration steps), built in ${buildSeconds.toFixed(1)} s`,
    );

    // The older build: real activity (a read, two deposits).
    const first = await launchFrom(extensionDir, profile);
    const page = await first.context.newPage();
    const walker = new DmpWalker(page, server);
    await walker.openPatientList();
    await walker.openRecord(1);
    await walker.deposit('CR ou fiche de consultation ou de visite', 0);
    await walker.backToRecord();
    await walker.deposit("CR d'examens biologiques", 1);
    let ext = await first.context.newPage();
    await ext.goto(`chrome-extension://${first.extensionId}/popup.html`);
    const old = await readAllStorage(ext);
    const oldEvents = (old['idb:suivi-dmp:events'] ?? []) as DmpEvent[];
    expect(active(oldEvents, 'dmp_upload')).toHaveLength(2);
    expect(active(oldEvents, 'dmp_consult')).toHaveLength(1);
    expect((old['idb:suivi-dmp:meta'] as Array<{ version: number }>)[0]!.version).toBe(older.steps);
    // The store the newest migration step adds is not there yet.
    expect(old['idb:suivi-dmp:days']).toBeUndefined();
    await first.context.close();

    // The update: same folder (same extension id), the current build's files.
    rmSync(extensionDir, { recursive: true, force: true });
    cpSync(CHROME_BUILD, extensionDir, { recursive: true });
    // An update always carries a higher version (that is what makes the browser swap the worker).
    const manifestPath = join(extensionDir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version: string };
    manifest.version = `${manifest.version}.1`;
    writeFileSync(manifestPath, JSON.stringify(manifest));
    // Chromium keeps the previous worker script of an unpacked extension whose files changed
    // between two runs (it went on answering as the old build, holding the database at the old
    // version). A store update unregisters the old version's worker: so does removing the
    // profile's worker registrations here. The data (IndexedDB, extension storage) stays.
    rmSync(join(profile, 'Default', 'Service Worker'), { recursive: true, force: true });
    const second = await launchFrom(extensionDir, profile);
    try {
      expect(second.extensionId).toBe(first.extensionId);
      ext = await second.context.newPage();
      const consoleLines: string[] = [];
      ext.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
      ext.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
      await ext.goto(`chrome-extension://${second.extensionId}/popup.html`);
      // The new build answers a message the old one did not know (time accounting).
      expect(
        await ext.evaluate(() =>
          (
            globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }
          ).chrome.runtime.sendMessage({ type: 'timer_state' }),
        ),
      ).toMatchObject({ ok: true });
      await ext
        .getByTestId('today-uploads')
        .waitFor({ timeout: 10_000 })
        .catch(async (error: unknown) => {
          throw new Error(
            `popup not ready: ${String(error)}\n${consoleLines.join('\n')}\n${(await ext.content()).slice(0, 2000)}`,
          );
        });
      const now = await readAllStorage(ext);
      const meta = (
        now['idb:suivi-dmp:meta'] as Array<{ version: number; migratedAt: Record<string, number> }>
      )[0]!;
      expect(meta.version).toBe(DB_VERSION);
      expect(Object.keys(meta.migratedAt).map(Number).sort()).toEqual(
        Array.from({ length: DB_VERSION }, (_, i) => i + 1),
      );
      const events = (now['idb:suivi-dmp:events'] ?? []) as DmpEvent[];
      expect(events.sort((a, b) => a.at - b.at)).toEqual(oldEvents.sort((a, b) => a.at - b.at));
      for (const store of ['spans', 'sites', 'taughtRules', 'unconfirmed', 'days'])
        expect(now[`idb:suivi-dmp:${store}`], store).toBeDefined();
      // Version 4 built the day summaries from the events already there.
      const days = now['idb:suivi-dmp:days'] as Array<{ counts: Record<string, number> }>;
      expect(days).toHaveLength(1);
      expect(days[0]!.counts).toMatchObject({ dmp_upload: 2, dmp_consult: 1 });
      await expect
        .poll(async () => (await ext.getByTestId('today-uploads').locator('dd').textContent())?.trim())
        .toBe('2');
      expect((await ext.getByTestId('today-reads').locator('dd').textContent())?.trim()).toBe('1');

      // And it goes on counting with the new build.
      const page2 = await second.context.newPage();
      const walker2 = new DmpWalker(page2, server);
      await walker2.openPatientList();
      await walker2.openRecord(2);
      await walker2.deposit('Synthèse médicale', 2);
      expect(active(await readEvents(ext), 'dmp_upload')).toHaveLength(3);
    } finally {
      await second.context.close();
    }
  });
});

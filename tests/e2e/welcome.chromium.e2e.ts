import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { axeViolations } from '../support/axe';
import { launchChromium, type ChromiumSession } from '../support/chromium';
import { readLocal } from '../support/extension-data';
import { CHROME_BUILD, ROOT, SCREENSHOT_DIR, STORE_SCREENSHOT_DIR } from '../support/paths';

/**
 * The first run, as a newcomer gets it: the Chrome zip installed in a fresh profile opens
 * the welcome page once, in French; a restart opens nothing. Its screenshots (README, light and
 * dark) and the store listings' (1280×800, French and English) are taken here.
 */

async function welcomeTab(context: BrowserContext): Promise<Page> {
  const open = context.pages().find((p) => p.url().includes('/welcome.html'));
  return (
    open ??
    context.waitForEvent('page', { predicate: (p) => p.url().includes('/welcome.html'), timeout: 10_000 })
  );
}

const local = readLocal;

/**
 * What a newcomer installs: the Chrome zip, unzipped, when it is as new as the build (`npm run
 * zip`, `npm test` and `npm run release` make it); otherwise the build folder itself.
 */
function installedCopy(): string {
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
  const zip = join(ROOT, `.output/suivi-dmp-${version}-chrome.zip`);
  const built = statSync(join(CHROME_BUILD, 'manifest.json')).mtimeMs;
  if (!existsSync(zip) || statSync(zip).mtimeMs < built) {
    console.warn(`[welcome.chromium] ${zip} missing or older than the build: the build folder is installed`);
    return CHROME_BUILD;
  }
  const dir = join(mkdtempSync(join(tmpdir(), 'suivi-dmp-zip-')), 'suivi-dmp');
  execFileSync('unzip', ['-q', zip, '-d', dir]);
  return dir;
}

/** A few entries through the popup's own buttons, so the store's dashboard is not all zeros. */
async function someEntries(s: ChromiumSession, labels: { deposit: string; read: string }): Promise<void> {
  const popup = await s.openExtensionPage('popup.html', { width: 380, height: 600 });
  for (const docClass of ['11488-4', 'VSM', '18761-7', '11488-4']) {
    await popup.locator('#manual-doc-class').selectOption(docClass);
    await popup.getByRole('button', { name: labels.deposit, exact: true }).click();
  }
  for (let i = 0; i < 3; i++) await popup.getByRole('button', { name: labels.read, exact: true }).click();
  await expect.poll(() => popup.getByTestId('today-uploads').locator('dd').textContent()).toBe('4');
  await popup.close();
}

let installed = '';
let session: ChromiumSession;
let welcome: Page;
beforeAll(async () => {
  installed = installedCopy();
  session = await launchChromium({ welcome: 'keep', extensionDir: installed });
  welcome = await welcomeTab(session.context);
  await welcome.getByRole('heading', { level: 1 }).waitFor();
});
afterAll(async () => {
  await session?.close();
  if (installed !== CHROME_BUILD) rmSync(dirname(installed), { recursive: true, force: true });
});

describe('first run (Chromium, French)', () => {
  it('opens the welcome page once on install, in French, with the privacy promise', async () => {
    expect(session.context.pages().filter((p) => p.url().includes('/welcome.html'))).toHaveLength(1);
    await expect(welcome.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Bienvenue dans Suivi DMP',
    );
    const text = await welcome.locator('main').innerText();
    expect(text).toContain('Ce qui ne l');
    expect(text).toContain("Rien n'est envoyé");
    expect(text).toContain('wps-psc.dmp.monespacesante.fr');
    expect(text).toContain('secure.weda.fr');
    // The shortcuts as the browser has them now.
    expect(text).toMatch(/raccourci : Alt\+(Shift|Maj)\+D/);
    expect(text).toContain('« +1 dépôt »');
  });

  it('has no accessibility violation, light or dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await welcome.emulateMedia({ colorScheme: scheme });
      expect(await axeViolations(welcome), scheme).toEqual([]);
    }
    await welcome.emulateMedia({ colorScheme: 'light' });
  });

  it('choosing a profile saves it, by keyboard', async () => {
    const radio = welcome.getByRole('radio', { name: /PLFSS 2026/ });
    await radio.focus();
    await welcome.keyboard.press('Space');
    await expect
      .poll(async () => ((await local(welcome, 'settings')) as { profileId?: string })?.profileId)
      .toBe('plfss-2026');
    await expect(welcome.getByRole('status').first().textContent()).resolves.toBe('Profil enregistré.');
    // Back to the default, so the screenshots show a fresh install.
    await welcome.getByRole('radio', { name: /Obligation en vigueur/ }).check();
    await expect
      .poll(async () => ((await local(welcome, 'settings')) as { profileId?: string })?.profileId)
      .toBe('in-force');
  });

  it('refuses a malformed program address, as the dashboard does, and asks for nothing', async () => {
    await welcome.getByLabel('Adresse du logiciel').fill('pas une adresse');
    await welcome.getByRole('button', { name: 'Ajouter le site' }).click();
    await expect
      .poll(() => welcome.locator('.site-add + .status').textContent())
      .toContain('Adresse non reconnue');
  });

  it('screenshots: README (light and dark) and the store (1280×800)', async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    mkdirSync(STORE_SCREENSHOT_DIR, { recursive: true });
    await welcome.reload();
    await welcome.getByRole('radio', { checked: true }).waitFor();
    for (const scheme of ['light', 'dark'] as const) {
      await welcome.emulateMedia({ colorScheme: scheme });
      await welcome.screenshot({ path: join(SCREENSHOT_DIR, `welcome-${scheme}.png`), fullPage: true });
    }
    await welcome.emulateMedia({ colorScheme: 'light' });
    await welcome.screenshot({ path: join(STORE_SCREENSHOT_DIR, 'fr-1-welcome.png') });
    await someEntries(session, { deposit: '+1 dépôt', read: '+1 lecture' });
    const dashboard = await session.openExtensionPage('dashboard.html');
    await dashboard.getByRole('heading', { level: 1 }).waitFor();
    await dashboard.waitForTimeout(500); // the charts draw after the figures
    await dashboard.screenshot({ path: join(STORE_SCREENSHOT_DIR, 'fr-2-dashboard.png') });
    await dashboard.close();
  });

  it("the what-changed note after an update lists the doctor's notes and can be turned off", async () => {
    const note = await session.openExtensionPage('welcome.html#whats-new=0.0.1');
    const section = note.getByTestId('whats-new');
    await expect(section.innerText()).resolves.toContain('Version 0.1.0');
    const box = note.getByRole('checkbox', { name: /Afficher ce qui a changé/ });
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await expect.poll(() => local(note, 'whatsNew')).toBe(false);
    await note.close();
    // The same switch in the dashboard's settings, and back on from there.
    const dashboard = await session.openExtensionPage('dashboard.html#settings');
    const setting = dashboard.getByRole('checkbox', { name: /Afficher ce qui a changé/ });
    expect(await setting.isChecked()).toBe(false);
    await setting.check();
    await expect.poll(() => local(dashboard, 'whatsNew')).toBe(true);
    await dashboard.close();
  });

  it('"Passer" closes the page', async () => {
    const page = await session.openExtensionPage('welcome.html');
    const closed = page.waitForEvent('close', { timeout: 5000 });
    await page.getByRole('button', { name: 'Passer' }).click();
    await closed;
    expect(page.isClosed()).toBe(true);
  });

  it('a restart of the browser opens nothing', async () => {
    const dir = session.userDataDir;
    await session.close();
    session = await launchChromium({ userDataDir: dir, welcome: 'keep', extensionDir: installed });
    await new Promise((r) => setTimeout(r, 1500));
    expect(
      session.context
        .pages()
        .map((p) => p.url())
        .filter((u) => u.includes('/welcome.html')),
    ).toEqual([]);
  });
});

describe('first run (Chromium, English)', () => {
  it('speaks English to an English browser; store screenshots', async () => {
    const en = await launchChromium({ locale: 'en-US', welcome: 'keep' });
    try {
      const page = await welcomeTab(en.context);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'Welcome to Suivi DMP',
      );
      await page.getByRole('radio', { checked: true }).waitFor();
      mkdirSync(STORE_SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(STORE_SCREENSHOT_DIR, 'en-1-welcome.png') });
      await someEntries(en, { deposit: '+1 deposit', read: '+1 read' });
      const dashboard = await en.openExtensionPage('dashboard.html');
      await dashboard.getByRole('heading', { level: 1 }).waitFor();
      await dashboard.waitForTimeout(500);
      await dashboard.screenshot({ path: join(STORE_SCREENSHOT_DIR, 'en-2-dashboard.png') });
    } finally {
      await en.close();
    }
  });
});

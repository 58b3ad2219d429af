import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROME_BUILD, CHROMIUM_PATH } from './paths';
import { FIXTURE_HOSTS } from './fixture-server';

export interface ChromiumSession {
  context: BrowserContext;
  extensionId: string;
  userDataDir: string;
  /** Opens an extension page (popup.html...) in a tab. */
  openExtensionPage(path: string, viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/** Flags this machine needs (closed network, no sandbox as root), as the README says. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function freshProfileDir(): string {
  return mkdtempSync(join(tmpdir(), 'suivi-dmp-chromium-'));
}

/**
 * Debian's Chromium with the production build loaded, the fixture hosts resolved to the
 * loopback fixture server, and its self-signed certificate accepted.
 */
export async function launchChromium(
  options: {
    userDataDir?: string;
    headless?: boolean;
    colorScheme?: 'light' | 'dark';
    locale?: string;
    /** False: the same browser without the extension (the benchmark's baseline). */
    extension?: boolean;
    /** More command-line switches (e.g. a network log). */
    extraArgs?: string[];
    /** Another copy of the build (its path sets the extension's id: tests/support/extension-id.ts). */
    extensionDir?: string;
    /**
     * The welcome page the extension opens on install (fresh profile): closed once it opened, so
     * that suites find the browser as before it existed (it would take the focus from their
     * pages); `keep` for the suites about it.
     */
    welcome?: 'close' | 'keep';
  } = {},
): Promise<ChromiumSession> {
  const withExtension = options.extension ?? true;
  const userDataDir = options.userDataDir ?? freshProfileDir();
  const installing = !existsSync(join(userDataDir, 'Default'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: options.headless ?? true,
    ignoreHTTPSErrors: true,
    colorScheme: options.colorScheme ?? 'light',
    locale: options.locale ?? 'fr-FR',
    viewport: { width: 1280, height: 800 },
    // On Linux the browser's interface language (which picks the extension's locale) follows these.
    env: {
      ...process.env,
      LANGUAGE: (options.locale ?? 'fr-FR').replace('-', '_'),
      LANG: `${(options.locale ?? 'fr-FR').replace('-', '_')}.UTF-8`,
    },
    args: [
      ...CHROMIUM_FLAGS,
      ...(withExtension
        ? [
            `--disable-extensions-except=${options.extensionDir ?? CHROME_BUILD}`,
            `--load-extension=${options.extensionDir ?? CHROME_BUILD}`,
          ]
        : []),
      `--host-resolver-rules=${FIXTURE_HOSTS.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`,
      `--lang=${options.locale ?? 'fr-FR'}`,
      ...(options.extraArgs ?? []),
    ],
  });
  let extensionId = '';
  if (withExtension) {
    let [worker] = context.serviceWorkers();
    worker ??= await context.waitForEvent('serviceworker', { timeout: 15_000 });
    extensionId = new URL(worker.url()).host;
    if (installing && options.welcome !== 'keep') {
      // The install opens the welcome tab. Suites start from a browser without it: once it has
      // shown (or 10 s went by), the browser is closed and started again on the same profile,
      // where the extension is installed already and nothing opens. A fresh start also leaves
      // nothing of the install moment behind (on a loaded machine, pages opened then were seen
      // to show message keys instead of texts).
      const isWelcome = (p: Page) => p.url().startsWith(`chrome-extension://${extensionId}/welcome.html`);
      for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
        if (context.pages().some(isWelcome)) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await context.close();
      return launchChromium({ ...options, userDataDir });
    }
  }
  return {
    context,
    extensionId,
    userDataDir,
    async openExtensionPage(path, viewport) {
      const page = await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    close: () => context.close(),
  };
}

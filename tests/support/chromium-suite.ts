import { afterAll, beforeAll } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from './chromium';
import { startFixtureServer, type FixtureServer } from './fixture-server';

export interface ChromiumSuite {
  server: FixtureServer;
  session: ChromiumSession;
  /** An extension page (the popup), to read the stores from. */
  ext: Page;
}

/**
 * The usual frame of a Chromium e2e file: the fixture server and Chromium with the extension,
 * started before the file's tests and closed after them. Read its fields inside tests.
 */
export function chromiumSuite(): ChromiumSuite {
  const suite = {} as ChromiumSuite;
  beforeAll(async () => {
    suite.server = await startFixtureServer();
    suite.session = await launchChromium();
    suite.ext = await suite.session.openExtensionPage('popup.html');
  });
  afterAll(async () => {
    await suite.session?.close();
    await suite.server?.close();
  });
  return suite;
}

import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const CHROME_BUILD = resolve(ROOT, '.output/chrome-mv3');
export const FIREFOX_BUILD = resolve(ROOT, '.output/firefox-mv2');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/**
 * Where end-to-end tests put their screenshots: test-output/ (ignored by git), or the README's
 * docs/screenshots/ when asked with `npm run screenshots` (UPDATE_SCREENSHOTS=1).
 */
export const SCREENSHOT_DIR = resolve(
  ROOT,
  process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-output/screenshots',
);

/** The store listings' screenshots (1280×800): docs/store/screenshots/ with UPDATE_SCREENSHOTS. */
export const STORE_SCREENSHOT_DIR = resolve(
  ROOT,
  process.env.UPDATE_SCREENSHOTS ? 'docs/store/screenshots' : 'test-output/store-screenshots',
);

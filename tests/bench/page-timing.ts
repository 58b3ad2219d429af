import type { BrowserContext } from 'playwright-core';

/**
 * Installed in every page before its own scripts: records, in the page's own clock
 * (ms since navigation start), when an element matching a selector first appears.
 * Written as one string: a bundler's helpers (such as keep-names wrappers) would not exist in
 * the page.
 */
const PROBE = `(() => {
  // tsx keeps function names with an __name() helper that functions passed to page.evaluate
  // carry along: give pages a no-op one.
  window.__name = window.__name || ((f) => f);
  const appeared = (window.__appeared = {});
  const selectors = ['[data-testid="today-uploads"] dd', 'suivi-dmp-overlay[data-ready="1"]'];
  new MutationObserver(() => {
    for (const s of selectors) if (!(s in appeared) && document.querySelector(s)) appeared[s] = performance.now();
  }).observe(document, { subtree: true, childList: true, attributes: true });
})();`;

export async function installAppearanceProbe(context: BrowserContext): Promise<void> {
  await context.addInitScript(PROBE);
}

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
    // The dashboard's month view is ready when its figures and its three charts are drawn.
    if (!('dashboard' in appeared) && document.querySelector('[data-testid="report-rate"]') && document.querySelectorAll('.chart-box canvas').length >= 3) {
      appeared.dashboard = performance.now();
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
  // Export: from the click on a button to the file handed to the browser (the download link's click).
  const exports = (window.__exports = []);
  let clickedAt = 0;
  document.addEventListener('click', (e) => {
    if (e.isTrusted && e.target instanceof Element && e.target.closest('[data-testid^="export-"]')) clickedAt = performance.now();
  }, true);
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () {
    if (this.hasAttribute('download') && clickedAt) exports.push(performance.now() - clickedAt);
    return click.call(this);
  };
})();`;

export async function installAppearanceProbe(context: BrowserContext): Promise<void> {
  await context.addInitScript(PROBE);
}

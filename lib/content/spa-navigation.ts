/**
 * Single-page apps change the URL without a load. The isolated world cannot patch the page's
 * history API, so: the Navigation API where there is one (Chromium), and otherwise
 * popstate/hashchange plus a cheap check after each trusted click (Firefox).
 * Calls `onUrl` when the URL may have changed, until `signal` aborts.
 */
export function watchUrlChanges(win: Window, onUrl: () => void, signal: AbortSignal): void {
  const nav = (win as unknown as { navigation?: EventTarget }).navigation;
  const options = { signal };
  nav?.addEventListener('currententrychange', onUrl, options);
  win.addEventListener('popstate', onUrl, options);
  win.addEventListener('hashchange', onUrl, options);
  if (!nav)
    win.document.addEventListener(
      'click',
      (e) => {
        if (e.isTrusted) setTimeout(onUrl, 0);
      },
      { capture: true, signal },
    );
}

// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchUrlChanges } from '@/lib/content/spa-navigation';

/** happy-dom's events are untrusted: mark one as the browser would. */
function click(trusted: boolean): void {
  const event = new MouseEvent('click', { bubbles: true });
  if (trusted) Object.defineProperty(event, 'isTrusted', { value: true });
  document.body.dispatchEvent(event);
}

let controller: AbortController;
afterEach(() => {
  controller.abort();
  delete (window as { navigation?: unknown }).navigation;
  vi.useRealTimers();
});

function watch() {
  controller = new AbortController();
  const onUrl = vi.fn();
  watchUrlChanges(window, onUrl, controller.signal);
  return onUrl;
}

describe('SPA URL changes', () => {
  it('with the Navigation API (Chromium): each entry change, popstate and hashchange; clicks are not checked', () => {
    const navigation = new EventTarget();
    (window as { navigation?: unknown }).navigation = navigation;
    vi.useFakeTimers();
    const onUrl = watch();
    navigation.dispatchEvent(new Event('currententrychange'));
    window.dispatchEvent(new Event('popstate'));
    window.dispatchEvent(new Event('hashchange'));
    expect(onUrl).toHaveBeenCalledTimes(3);
    click(true);
    vi.runAllTimers();
    expect(onUrl).toHaveBeenCalledTimes(3);
  });

  it('without it (Firefox): popstate, hashchange, and a check after each trusted click', () => {
    vi.useFakeTimers();
    const onUrl = watch();
    window.dispatchEvent(new Event('popstate'));
    window.dispatchEvent(new Event('hashchange'));
    expect(onUrl).toHaveBeenCalledTimes(2);
    click(true);
    // After the click: the page's own handler changes the URL first.
    expect(onUrl).toHaveBeenCalledTimes(2);
    vi.runAllTimers();
    expect(onUrl).toHaveBeenCalledTimes(3);
    click(false);
    vi.runAllTimers();
    expect(onUrl).toHaveBeenCalledTimes(3);
  });

  it('stops watching when the signal aborts', () => {
    const navigation = new EventTarget();
    (window as { navigation?: unknown }).navigation = navigation;
    const onUrl = watch();
    controller.abort();
    navigation.dispatchEvent(new Event('currententrychange'));
    window.dispatchEvent(new Event('popstate'));
    window.dispatchEvent(new Event('hashchange'));
    expect(onUrl).not.toHaveBeenCalled();
  });

  it('stops checking clicks when the signal aborts (Firefox)', () => {
    vi.useFakeTimers();
    const onUrl = watch();
    controller.abort();
    click(true);
    vi.runAllTimers();
    expect(onUrl).not.toHaveBeenCalled();
  });
});

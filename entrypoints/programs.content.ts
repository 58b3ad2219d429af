import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { mountOverlay } from '@/components/overlay/mount';
import { flashMatches } from '@/components/picker/test-rule';
import { sendMessage } from '@/lib/messaging/client';
import { loadPicker } from '@/lib/content/picker-slot';
import { startProgramPage } from '@/lib/content/program-page';
import { PROGRAM_MATCHES } from '@/lib/sites';

/**
 * Practice-program pages: built-in ones (Weda) from the manifest, sites the user added through
 * a content script registered at run time (same file). Runs in every frame, so a DMP widget in
 * an iframe is seen; the overlay lives in the top frame only. What runs: lib/content/program-page.ts.
 */
export default defineContentScript({
  matches: PROGRAM_MATCHES,
  allFrames: true,
  runAt: 'document_idle',
  main: (ctx) =>
    startProgramPage({
      win: window,
      isReload:
        (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.type ===
        'reload',
      ownId: browser.runtime.id,
      send: sendMessage,
      messages: browser.runtime.onMessage as never,
      signal: ctx.signal,
      mountOverlay,
      // The picker is injected on first use (lib/content/picker-slot.ts).
      pick: async (doc, site) => (await loadPicker(() => sendMessage('picker_load', { site })))(doc),
      flash: flashMatches,
    }),
});

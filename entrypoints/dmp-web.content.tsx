import { defineContentScript } from 'wxt/utils/define-content-script';
import { mountOverlay, type OverlayHandle } from '@/components/overlay/mount';
import { startActivityReporter } from '@/lib/content/activity-reporter';
import { settingsItem } from '@/lib/storage/items';
import { ERROR_BLOCK } from '@/lib/sites/dmp-web-selectors';
import { loadAdapters } from '@/lib/domain/rules';
import { RuleEngine } from '@/lib/content/engine/runtime';
import { DMP_WEB_ADAPTER } from '@/lib/sites/dmp-web';
import type { NavigationKind } from '@/lib/sites/dmp-web-flow';
import {
  classifyDmpPath,
  DMP_WEB_MATCHES,
  DMP_WEB_SITE,
  isDmpWebHost,
  type DmpPage,
} from '@/lib/sites/dmp-web-pages';
import { sendMessage } from '@/lib/messaging/client';
import type { EventReply } from '@/lib/messaging/replies';

export default defineContentScript({
  matches: DMP_WEB_MATCHES,
  runAt: 'document_idle',
  async main(ctx) {
    let overlay: OverlayHandle | null = null;

    const show = (reply: EventReply) => {
      if (!overlay) return;
      if (!reply.ok) {
        overlay.update({ error: reply.error });
        return;
      }
      const last = reply.counted?.at(-1);
      overlay.update({
        error: null,
        ...(reply.today ? { depositsToday: reply.today.dmp_upload } : {}),
        ...(last ? { notice: { event: last, undone: false } } : {}),
      });
    };

    const page = currentPage();
    // The page's rules run on the engine (lib/sites/dmp-web.ts): trusted clicks and submits
    // only, one delegated listener per event type; the chain of pages is the background's.
    const engine = new RuleEngine({
      doc: document,
      adapters: loadAdapters([DMP_WEB_ADAPTER]).adapters,
      host: {
        report: (r) => {
          if (r.type !== 'flow_step') return;
          if (r.step === 'submitted')
            void sendMessage('dmp_submitted', { flowId: r.attemptId, docClass: r.docClass ?? 'other' });
          else void sendMessage('dmp_decision', { decision: r.step });
        },
      },
    });
    engine.start();
    const stopActivity = startActivityReporter(() => 'dmp', settingsItem);
    ctx.onInvalidated(() => {
      stopActivity();
      engine.stop();
      overlay?.remove();
    });

    overlay = await mountOverlay(DMP_WEB_SITE, async (id) => {
      const reply = await sendMessage('undo', { id });
      if (reply.ok && reply.event)
        overlay?.update({
          notice: { event: reply.event, undone: true },
          depositsToday: reply.today?.dmp_upload ?? 0,
        });
      else show(reply);
    });
    show(
      await sendMessage('dmp_page', {
        page,
        navType: navigationKind(),
        pageLoadId: crypto.randomUUID(),
        fromOtherSite: arrivedFromOtherSite(),
      }),
    );
  },
});

/** Where this page stands in the chain: its path, or an error block shown instead. */
function currentPage(): DmpPage {
  if (document.querySelector(ERROR_BLOCK)) return 'error';
  return classifyDmpPath(location.pathname);
}

function navigationKind(): NavigationKind {
  const entry = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  const type = entry?.type;
  return type === 'reload' || type === 'back_forward' || type === 'prerender' ? type : 'navigate';
}

/**
 * Whether the previous page was on another site (the practice program opening a record).
 * Only the referrer's host is looked at. No referrer (typed address, strict referrer policy)
 * says nothing: the tab's own history decides then.
 */
function arrivedFromOtherSite(): boolean {
  if (!document.referrer) return false;
  try {
    return !isDmpWebHost(new URL(document.referrer).hostname);
  } catch {
    return false;
  }
}

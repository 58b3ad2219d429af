import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { mountOverlay, type OverlayHandle } from '@/components/overlay/mount';
import { docClassFromTypeValue } from '@/lib/doc-classes';
import { classifyActionElement } from '@/lib/dmp-web/actions';
import { ACTION_CONTROL, ERROR_BLOCK, TYPE_SELECT } from '@/lib/dmp-web/dom';
import type { NavigationKind } from '@/lib/dmp-web/flow';
import { classifyDmpPath, DMP_WEB_MATCHES, DMP_WEB_SITE, isDmpWebHost, type DmpPage } from '@/lib/dmp-web/pages';
import type { Message } from '@/lib/messages';
import type { Reply } from '@/lib/recorder';

/** A submit counts as the user's only if a trusted click or Enter on its form came just before. */
const INTENT_WINDOW_MS = 2000;

export default defineContentScript({
  matches: DMP_WEB_MATCHES,
  runAt: 'document_idle',
  async main(ctx) {
    let overlay: OverlayHandle | null = null;

    const send = async (message: Message): Promise<Reply> => {
      try {
        return (await browser.runtime.sendMessage(message)) as Reply;
      } catch {
        return { ok: false, error: 'unreachable' };
      }
    };
    const show = (reply: Reply) => {
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
    let intent: { form: HTMLFormElement; at: number } | null = null;
    const fromOverlay = (event: Event) => event.composedPath().some((n) => n instanceof Element && n.localName === 'suivi-dmp-overlay');

    // One delegated listener per event type, in the capture phase so the page cannot hide it.
    const onClick = (event: MouseEvent) => {
      if (!event.isTrusted || fromOverlay(event)) return;
      const control = (event.target as Element | null)?.closest?.(ACTION_CONTROL);
      if (!control) return;
      if (page === 'add_document') {
        const form = (control as HTMLButtonElement).form ?? control.closest('form');
        if (form?.querySelector(TYPE_SELECT) && isSubmitControl(control)) intent = { form, at: performance.now() };
      } else if (page === 'confirm_action') {
        const decision = classifyActionElement(describeControl(control));
        if (decision) void send({ type: 'dmp_decision', decision });
      }
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.isTrusted || event.key !== 'Enter' || page !== 'add_document') return;
      const form = (event.target as Element | null)?.closest?.('form');
      if (form?.querySelector(TYPE_SELECT)) intent = { form, at: performance.now() };
    };
    const onSubmit = (event: SubmitEvent) => {
      const form = event.target as HTMLFormElement;
      const select = form.querySelector<HTMLSelectElement>(TYPE_SELECT);
      const trusted = intent?.form === form && performance.now() - intent.at < INTENT_WINDOW_MS;
      intent = null;
      if (!select || !trusted) return;
      // The select's value is the only field read: never the title, the file or the patient.
      void send({ type: 'dmp_submitted', flowId: crypto.randomUUID(), docClass: docClassFromTypeValue(select.value) });
    };
    document.addEventListener('click', onClick, true);
    document.addEventListener('keydown', onKeyDown, true);
    document.addEventListener('submit', onSubmit, true);
    ctx.onInvalidated(() => {
      document.removeEventListener('click', onClick, true);
      document.removeEventListener('keydown', onKeyDown, true);
      document.removeEventListener('submit', onSubmit, true);
      overlay?.remove();
    });

    overlay = await mountOverlay(DMP_WEB_SITE, async (id) => {
      const reply = await send({ type: 'undo', id });
      if (reply.ok && reply.event) overlay?.update({ notice: { event: reply.event, undone: true }, depositsToday: reply.today?.dmp_upload ?? 0 });
      else show(reply);
    });
    show(
      await send({
        type: 'dmp_page',
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

function isSubmitControl(control: Element): boolean {
  if (control instanceof HTMLButtonElement) return control.type === 'submit';
  return control instanceof HTMLInputElement && control.type === 'submit';
}

/** The acted-on control's own attributes and label (page interface text, not user input). */
function describeControl(control: Element) {
  return {
    tag: control.localName,
    type: control.getAttribute('type'),
    id: control.id,
    name: control.getAttribute('name'),
    value: control instanceof HTMLInputElement ? control.value : control.getAttribute('value'),
    label: control.getAttribute('aria-label') ?? control.textContent?.trim().slice(0, 60),
  };
}

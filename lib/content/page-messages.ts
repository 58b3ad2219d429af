import {
  parsePageMessage,
  type PageMessage,
  type PageMessageName,
  type PageMessageOf,
  type PageReplyOf,
} from '../messaging/page-protocol';

/** One handler per message pushed to a page; only `test_rule` answers (maybe later: a promise). */
export type PageHandlers = {
  [N in PageMessageName]: (message: PageMessageOf<N>) => PageReplyOf<N> | Promise<PageReplyOf<N>> | void;
};

/** Who sent a message, as `runtime.onMessage` tells it. */
export interface PageSender {
  id?: string;
  tab?: unknown;
}

/**
 * The page's `runtime.onMessage` listener: only this extension's background and pages may push
 * (never another tab's content script), and a push is checked like any message: one of the
 * wrong shape is ignored. A handler's answer is sent back; the others get no reply.
 */
export function pageMessageListener(ownId: string, handlers: PageHandlers) {
  return (message: unknown, sender: PageSender): Promise<unknown> | undefined => {
    if (sender.id !== ownId || sender.tab) return;
    const m = parsePageMessage(message);
    if (!m) return;
    const reply = (handlers[m.type] as (message: PageMessage) => unknown)(m);
    return reply === undefined ? undefined : Promise.resolve(reply);
  };
}

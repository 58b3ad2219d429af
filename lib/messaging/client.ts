import * as v from 'valibot';
import { browser } from 'wxt/browser';
import {
  PAGE_PROTOCOL,
  type MessageName,
  type PageMessageName,
  type PageMessageOf,
  type PageReplyOf,
  type PayloadOf,
  type ReplyOf,
} from './protocol';
import type { Failure } from './replies';

/**
 * The typed way for content scripts and extension pages to talk: `sendMessage('undo', { id })`
 * answers the reply type the protocol gives `undo`. The browser's own sendMessage is injected
 * (tests pass a fake). A reply that is not an answer at all (no listener, a closed worker, a
 * thrown error) becomes a Failure: callers have one shape to handle.
 */

/** What the browser's `runtime.sendMessage` does. */
export type RuntimeSend = (message: unknown) => Promise<unknown>;

/** A message's fields: none to pass when it has none. */
type PayloadArgs<N extends MessageName> =
  Record<string, never> extends PayloadOf<N> ? [payload?: PayloadOf<N>] : [payload: PayloadOf<N>];

export type SendMessage = <N extends MessageName>(
  name: N,
  ...args: PayloadArgs<N>
) => Promise<ReplyOf<N> | Failure>;

function isReply(reply: unknown): boolean {
  return typeof reply === 'object' && reply !== null && typeof (reply as { ok?: unknown }).ok === 'boolean';
}

export function createClient(send: RuntimeSend): SendMessage {
  return async (name, ...[payload]) => {
    let reply: unknown;
    try {
      reply = await send({ ...payload, type: name });
    } catch {
      return { ok: false, error: 'unreachable' };
    }
    // Typed by the protocol; only the envelope is checked (the background built the rest).
    return isReply(reply) ? (reply as ReplyOf<typeof name>) : { ok: false, error: 'no_reply' };
  };
}

/** To the background, through the browser. */
export const sendMessage: SendMessage = createClient((message) => browser.runtime.sendMessage(message));

/** What the browser's `tabs.sendMessage` does. */
export type TabSend = (tabId: number, message: unknown, options?: { frameId?: number }) => Promise<unknown>;

export function createTabClient(send: TabSend) {
  /** To a tab's content script; its reply is checked, undefined when there is none (no script there). */
  return async <N extends PageMessageName>(
    tabId: number,
    message: PageMessageOf<N> & { type: N },
    options?: { frameId?: number },
  ): Promise<PageReplyOf<N> | undefined> => {
    let reply: unknown;
    try {
      reply = await send(tabId, message, options);
    } catch {
      return undefined;
    }
    const result = v.safeParse(PAGE_PROTOCOL[message.type].reply, reply);
    return result.success ? (result.output as PageReplyOf<N>) : undefined;
  };
}

/** To a tab's content script, through the browser. */
export const sendToTab = createTabClient((tabId, message, options) =>
  options ? browser.tabs.sendMessage(tabId, message, options) : browser.tabs.sendMessage(tabId, message),
);

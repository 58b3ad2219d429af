import * as v from 'valibot';
import { DOC_CLASSES } from '../domain/doc-classes';
import { EventIdSchema, MANUAL_KINDS } from '../domain/events';
import { DMP_PAGES } from '../sites/dmp-web-pages';

/**
 * Every message the background accepts. Anything else is refused with a reason and changes
 * nothing. `strictObject` refuses unknown fields: a detector cannot smuggle page text in.
 */
export const MessageSchema = v.variant('type', [
  // From the DMP web access content script.
  v.strictObject({
    type: v.literal('dmp_page'),
    page: v.picklist(DMP_PAGES),
    navType: v.picklist(['navigate', 'reload', 'back_forward', 'prerender']),
    pageLoadId: EventIdSchema,
    fromOtherSite: v.optional(v.boolean()),
  }),
  v.strictObject({
    type: v.literal('dmp_submitted'),
    flowId: EventIdSchema,
    docClass: v.picklist(DOC_CLASSES),
  }),
  v.strictObject({ type: v.literal('dmp_decision'), decision: v.picklist(['accept', 'cancel']) }),
  // From the overlay or the popup.
  v.strictObject({ type: v.literal('get_today') }),
  v.strictObject({ type: v.literal('undo'), id: EventIdSchema }),
  v.strictObject({ type: v.literal('redo'), id: EventIdSchema }),
  // From the popup only.
  v.strictObject({
    type: v.literal('add_manual'),
    id: EventIdSchema,
    kind: v.picklist(MANUAL_KINDS),
    docClass: v.optional(v.picklist(DOC_CLASSES)),
  }),
  v.strictObject({ type: v.literal('undo_last') }),
]);

export type Message = v.InferOutput<typeof MessageSchema>;
export type MessageType = Message['type'];

/** Types only a content script on a DMP web access page may send. */
export const DMP_PAGE_TYPES: ReadonlySet<MessageType> = new Set([
  'dmp_page',
  'dmp_submitted',
  'dmp_decision',
]);
/** Types only the extension's own pages (popup, dashboard) may send. */
export const EXTENSION_PAGE_TYPES: ReadonlySet<MessageType> = new Set(['add_manual', 'undo_last']);

export type ParseResult = { ok: true; message: Message } | { ok: false; reason: string };

/** Longest refusal reason: it goes to a log line and back to the sender. */
export const MAX_REASON_LENGTH = 300;

/**
 * The reason a message was refused, from its first schema issue: where, and what was expected.
 * A received text (a value, or an unknown key) is described by its length, never echoed: a
 * hostile or buggy page could put megabytes, or patient data, there. Bounded in length.
 */
export function issueReason(issue: v.BaseIssue<unknown>, withPath = true): string {
  const path = withPath ? (issue.path?.map((p) => String(p.key).slice(0, 40)).join('.') ?? '') : '';
  let message = issue.message;
  if (typeof issue.input === 'string' && issue.received && message.includes(issue.received)) {
    message = message.replace(issue.received, `a text of ${issue.input.length} characters`);
  }
  const reason = `invalid message${path ? ` at ${path}` : ''}: ${message}`;
  return reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason;
}

export function parseMessage(raw: unknown): ParseResult {
  const result = v.safeParse(MessageSchema, raw);
  if (result.success) return { ok: true, message: result.output };
  return { ok: false, reason: issueReason(result.issues[0]) };
}

/** Who sent a message, reduced to what the checks need (no tab title or favicon kept). */
export interface SenderInfo {
  /** The sending extension's id. */
  extensionId?: string;
  /** URL of the sending frame or page. */
  url?: string;
  tabId?: number;
  frameId?: number;
}

export type SenderKind = 'dmp_page' | 'extension_page';

/** Which kind of sender this is, or why it is not one the background talks to. */
export function classifySender(
  sender: SenderInfo,
  ownId: string,
  ownOrigin: string,
  isDmpHost: (host: string) => boolean,
): { ok: true; kind: SenderKind } | { ok: false; reason: string } {
  if (sender.extensionId !== ownId) return { ok: false, reason: 'sender is not this extension' };
  if (!sender.url) return { ok: false, reason: 'sender has no URL' };
  if (sender.url.startsWith(ownOrigin)) return { ok: true, kind: 'extension_page' };
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return { ok: false, reason: 'sender URL malformed' };
  }
  if (url.protocol === 'https:' && isDmpHost(url.hostname) && sender.tabId !== undefined) {
    return { ok: true, kind: 'dmp_page' };
  }
  return { ok: false, reason: `sender ${url.origin} is not a matched site` };
}

/** Whether a sender of this kind may send this message type. */
export function senderMaySend(kind: SenderKind, type: MessageType): boolean {
  if (DMP_PAGE_TYPES.has(type)) return kind === 'dmp_page';
  if (EXTENSION_PAGE_TYPES.has(type)) return kind === 'extension_page';
  return true;
}

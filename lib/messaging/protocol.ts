import * as v from 'valibot';
import { BACKUP_LIMITS } from '../domain/backup';
import { DOC_CLASSES } from '../domain/doc-classes';
import { EVENT_KINDS, EventIdSchema, MANUAL_KINDS, SiteIdSchema } from '../domain/events';
import { HostSchema, PatternSchema, RuleIdSchema, SelectorSchema, TaughtRuleSchema } from '../domain/rules';
import { HEARTBEAT_ACTIVITIES } from '../domain/time-accounting';
import { DMP_PAGES } from '../sites/dmp-web-pages';
import { message } from './message-schema';
import type { DataReply, EventReply, HelloReply, OkReply, TimeReply } from './replies';

/**
 * The one message protocol of the extension. Every message the background accepts is here:
 * its fields (a valibot schema), who may send it (channels, lib/messaging/channels.ts) and
 * what it is answered (a type). `strictObject` refuses unknown fields: a page cannot smuggle
 * text in. Messages the background (or an extension page) sends to pages are at the end.
 */

/** Which senders may send a message. Pages say from which frames: the top one, or any. */
export interface Channels {
  /** The extension's own pages (popup, dashboard). */
  extension?: true;
  /** The dashboard only. */
  dashboard?: true;
  /** A DMP web access page. */
  dmp?: 'top' | 'any';
  /** A page of an enabled practice-program site; the message names that site. */
  program?: 'top' | 'any';
  /** Any watched page (DMP web access or an enabled practice program). */
  watched?: 'top' | 'any';
}
export type ChannelName = keyof Channels;

/** Carries a reply type alongside a schema; never read at run time. */
export interface ReplyMarker<R> {
  readonly __reply?: R;
}
const replyOf = <R>(): ReplyMarker<R> => ({});

const Ms = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(24 * 3600 * 1000));
const RuleName = v.pipe(v.string(), v.maxLength(80));

/** Every message the background accepts, by name. */
export const PROTOCOL = {
  // The DMP web access pages' chain (the background keeps each tab's flow).
  dmp_page: {
    request: message('dmp_page', {
      page: v.picklist(DMP_PAGES),
      navType: v.picklist(['navigate', 'reload', 'back_forward', 'prerender']),
      pageLoadId: EventIdSchema,
      fromOtherSite: v.optional(v.boolean()),
      /**
       * The deposit's submit as the tab's page kept it (a random flow id and the class code,
       * nothing else), sent by the pages that follow the form: the submit message itself may
       * have been lost (lib/sites/dmp-web-flow.ts, KeptSubmit).
       */
      submitted: v.optional(v.strictObject({ flowId: EventIdSchema, docClass: v.picklist(DOC_CLASSES) })),
    }),
    from: { dmp: 'top' },
    reply: replyOf<EventReply>(),
  },
  dmp_submitted: {
    request: message('dmp_submitted', { flowId: EventIdSchema, docClass: v.picklist(DOC_CLASSES) }),
    from: { dmp: 'top' },
    reply: replyOf<EventReply>(),
  },
  dmp_decision: {
    request: message('dmp_decision', { decision: v.picklist(['accept', 'cancel']) }),
    from: { dmp: 'top' },
    reply: replyOf<EventReply>(),
  },

  // Events: today's counts, undo, redo, add by hand. A practice-program page names its site.
  get_today: {
    request: message('get_today', {}),
    from: { extension: true, dmp: 'top' },
    reply: replyOf<EventReply>(),
  },
  undo: {
    request: message('undo', { id: EventIdSchema, site: v.optional(SiteIdSchema) }),
    from: { extension: true, dmp: 'top', program: 'any' },
    reply: replyOf<EventReply>(),
  },
  redo: {
    request: message('redo', { id: EventIdSchema }),
    from: { extension: true, dmp: 'top' },
    reply: replyOf<EventReply>(),
  },
  undo_last: {
    request: message('undo_last', {}),
    from: { extension: true },
    reply: replyOf<EventReply>(),
  },
  add_manual: {
    request: message('add_manual', {
      id: EventIdSchema,
      kind: v.picklist(MANUAL_KINDS),
      docClass: v.optional(v.picklist(DOC_CLASSES)),
      site: v.optional(SiteIdSchema),
    }),
    from: { extension: true, program: 'any' },
    reply: replyOf<EventReply>(),
  },

  // The practice-program detectors (any frame: a DMP widget may live in an iframe).
  engine_hello: {
    request: message('engine_hello', { site: SiteIdSchema, topFrame: v.boolean() }),
    from: { program: 'any' },
    reply: replyOf<HelloReply>(),
  },
  engine_attempt: {
    request: message('engine_attempt', {
      attemptId: EventIdSchema,
      site: SiteIdSchema,
      ruleId: RuleIdSchema,
      kind: v.picklist(EVENT_KINDS),
      source: v.picklist(['auto', 'taught']),
      outcome: v.picklist(['pending', 'counted', 'confirmed', 'failed', 'cancelled', 'unconfirmed']),
      docClass: v.optional(v.picklist(DOC_CLASSES)),
      durationMs: v.optional(Ms),
      crossPage: v.optional(v.boolean()),
      timeoutMs: v.optional(Ms),
    }),
    from: { program: 'any' },
    reply: replyOf<EventReply>(),
  },
  engine_watch: {
    request: message('engine_watch', {
      attemptId: EventIdSchema,
      site: SiteIdSchema,
      watches: v.pipe(
        v.array(v.strictObject({ url: PatternSchema, status: v.picklist(['2xx', '4xx', '5xx']) })),
        v.minLength(1),
        v.maxLength(8),
      ),
      timeoutMs: Ms,
      /** When the trigger happened (epoch ms): a response before it is not this attempt's. */
      startedAt: v.pipe(v.number(), v.integer(), v.minValue(0)),
    }),
    from: { program: 'any' },
    reply: replyOf<OkReply>(),
  },
  engine_encounter: {
    request: message('engine_encounter', {
      attemptId: EventIdSchema,
      site: SiteIdSchema,
      ruleId: RuleIdSchema,
    }),
    from: { program: 'any' },
    reply: replyOf<OkReply>(),
  },
  // "Apprendre un bouton": the picker's script, injected into the asking tab's top frame.
  picker_load: {
    request: message('picker_load', { site: SiteIdSchema }),
    from: { program: 'top' },
    reply: replyOf<OkReply>(),
  },
  taught_save: {
    request: message('taught_save', {
      id: TaughtRuleSchema.entries.id,
      site: SiteIdSchema,
      name: RuleName,
      event: TaughtRuleSchema.entries.event,
      selector: v.optional(SelectorSchema),
      text: v.optional(PatternSchema),
      successText: v.optional(PatternSchema),
    }),
    from: { program: 'any' },
    reply: replyOf<OkReply>(),
  },

  // The dashboard's sites, taught rules and unconfirmed attempts.
  site_add: {
    request: message('site_add', { host: HostSchema }),
    from: { dashboard: true },
    reply: replyOf<OkReply>(),
  },
  site_remove: {
    request: message('site_remove', { id: SiteIdSchema }),
    from: { dashboard: true },
    reply: replyOf<OkReply>(),
  },
  site_toggle: {
    request: message('site_toggle', { id: SiteIdSchema, enabled: v.boolean() }),
    from: { dashboard: true },
    reply: replyOf<OkReply>(),
  },
  taught_rename: {
    request: message('taught_rename', { id: TaughtRuleSchema.entries.id, name: RuleName }),
    from: { dashboard: true },
    reply: replyOf<OkReply>(),
  },
  taught_delete: {
    request: message('taught_delete', { id: TaughtRuleSchema.entries.id }),
    from: { dashboard: true },
    reply: replyOf<OkReply>(),
  },
  unconfirmed_resolve: {
    request: message('unconfirmed_resolve', { id: EventIdSchema, confirm: v.boolean() }),
    from: { dashboard: true },
    reply: replyOf<OkReply>(),
  },

  // Time spent: heartbeats from watched pages, the popup's timer. Their refusals never named
  // the faulty field, and still do not.
  heartbeat: {
    request: message('heartbeat', { activity: v.picklist(HEARTBEAT_ACTIVITIES) }),
    from: { watched: 'top' },
    reply: replyOf<TimeReply>(),
    pathInReason: false,
  },
  activity_stop: {
    request: message('activity_stop', {}),
    from: { watched: 'top' },
    reply: replyOf<TimeReply>(),
    pathInReason: false,
  },
  timer_start: {
    request: message('timer_start', {}),
    from: { extension: true },
    reply: replyOf<TimeReply>(),
    pathInReason: false,
  },
  timer_stop: {
    request: message('timer_stop', {}),
    from: { extension: true },
    reply: replyOf<TimeReply>(),
    pathInReason: false,
  },
  timer_state: {
    request: message('timer_state', {}),
    from: { extension: true },
    reply: replyOf<TimeReply>(),
    pathInReason: false,
  },

  // The user's data as a whole. The backup text is parsed again by the background.
  restore_apply: {
    request: message('restore_apply', {
      text: v.pipe(v.string(), v.maxLength(BACKUP_LIMITS.maxTextLength)),
      mode: v.picklist(['replace', 'merge']),
    }),
    from: { extension: true },
    reply: replyOf<DataReply>(),
  },
  erase_all: {
    request: message('erase_all', {}),
    from: { extension: true },
    reply: replyOf<DataReply>(),
  },
} as const satisfies Record<
  string,
  {
    request: v.StrictObjectSchema<v.ObjectEntries, undefined>;
    from: Channels;
    reply: ReplyMarker<unknown>;
    pathInReason?: false;
  }
>;

export type MessageName = keyof typeof PROTOCOL;
export const MESSAGE_NAMES = Object.keys(PROTOCOL) as MessageName[];
/** A message as the background receives it, once checked. */
export type RequestOf<N extends MessageName> = v.InferOutput<(typeof PROTOCOL)[N]['request']>;
export type Request = { [N in MessageName]: RequestOf<N> }[MessageName];
/** The reply to a message (a refusal or a failure is `{ ok: false, error }`). */
export type ReplyOf<N extends MessageName> = NonNullable<(typeof PROTOCOL)[N]['reply']['__reply']>;
/** A message's fields but its type: what a sender passes to the client. */
export type PayloadOf<N extends MessageName> = Omit<RequestOf<N>, 'type'>;

/** All messages, told apart by `type`. */
export const RequestSchema = v.variant(
  'type',
  MESSAGE_NAMES.map((name) => PROTOCOL[name].request),
);

/** Longest refusal reason: it goes to a log line and back to the sender. */
export const MAX_REASON_LENGTH = 300;

/** A reason cut to MAX_REASON_LENGTH. */
export function bounded(reason: string): string {
  return reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason;
}

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
  return bounded(`invalid message${path ? ` at ${path}` : ''}: ${message}`);
}

export type ParseResult = { ok: true; message: Request } | { ok: false; reason: string };

/** Checks a raw message against the protocol: the message, or why it is refused. */
export function parseRequest(raw: unknown): ParseResult {
  const result = v.safeParse(RequestSchema, raw);
  if (result.success) return { ok: true, message: result.output as Request };
  const type = (raw as { type?: unknown } | null)?.type;
  const known = typeof type === 'string' && Object.prototype.hasOwnProperty.call(PROTOCOL, type);
  const withPath = !known || !('pathInReason' in PROTOCOL[type as MessageName]);
  return { ok: false, reason: issueReason(result.issues[0], withPath) };
}

import * as v from 'valibot';
import { DOC_CLASSES } from '../domain/doc-classes';
import { EVENT_KINDS, EventIdSchema, SiteIdSchema } from '../domain/events';
import type { DocClass } from '../domain/doc-classes';
import { HostSchema, PatternSchema, RuleIdSchema, SelectorSchema, TaughtRuleSchema } from '../domain/rules';

/**
 * Messages of the practice-program detectors and of the dashboard's sites and rules sections.
 * Checked like the others (lib/messages.ts): strict objects, so no page text can ride along.
 */
const Ms = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(24 * 3600 * 1000));

export const ProgramMessageSchema = v.variant('type', [
  // From a content script on a practice program page (any frame).
  v.strictObject({ type: v.literal('engine_hello'), site: SiteIdSchema, topFrame: v.boolean() }),
  v.strictObject({
    type: v.literal('engine_attempt'),
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
  v.strictObject({
    type: v.literal('engine_watch'),
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
  v.strictObject({
    type: v.literal('engine_encounter'),
    attemptId: EventIdSchema,
    site: SiteIdSchema,
    ruleId: RuleIdSchema,
  }),
  v.strictObject({ type: v.literal('page_undo'), id: EventIdSchema, site: SiteIdSchema }),
  v.strictObject({
    type: v.literal('page_manual'),
    id: EventIdSchema,
    site: SiteIdSchema,
    kind: v.picklist(['dmp_upload', 'dmp_consult']),
  }),
  v.strictObject({
    type: v.literal('taught_save'),
    id: TaughtRuleSchema.entries.id,
    site: SiteIdSchema,
    name: v.pipe(v.string(), v.maxLength(80)),
    event: TaughtRuleSchema.entries.event,
    selector: v.optional(SelectorSchema),
    text: v.optional(PatternSchema),
    successText: v.optional(PatternSchema),
  }),
  // From the dashboard.
  v.strictObject({ type: v.literal('site_add'), host: HostSchema }),
  v.strictObject({ type: v.literal('site_remove'), id: SiteIdSchema }),
  v.strictObject({ type: v.literal('site_toggle'), id: SiteIdSchema, enabled: v.boolean() }),
  v.strictObject({
    type: v.literal('taught_rename'),
    id: TaughtRuleSchema.entries.id,
    name: v.pipe(v.string(), v.maxLength(80)),
  }),
  v.strictObject({ type: v.literal('taught_delete'), id: TaughtRuleSchema.entries.id }),
  v.strictObject({ type: v.literal('unconfirmed_resolve'), id: EventIdSchema, confirm: v.boolean() }),
]);

export type ProgramMessage = v.InferOutput<typeof ProgramMessageSchema>;
export type ProgramMessageType = ProgramMessage['type'];

/** Sent by content scripts on practice-program pages. */
export const PROGRAM_PAGE_TYPES: ReadonlySet<string> = new Set([
  'engine_hello',
  'engine_attempt',
  'engine_watch',
  'engine_encounter',
  'page_manual',
  'page_undo',
  'taught_save',
]);
/** Sent by the dashboard only. */
export const DASHBOARD_TYPES: ReadonlySet<string> = new Set([
  'site_add',
  'site_remove',
  'site_toggle',
  'taught_rename',
  'taught_delete',
  'unconfirmed_resolve',
]);

/** Whether a raw message is one of these (the router hands it to the programs service). */
export function isProgramMessage(raw: unknown): boolean {
  const type = (raw as { type?: unknown } | null)?.type;
  return typeof type === 'string' && (PROGRAM_PAGE_TYPES.has(type) || DASHBOARD_TYPES.has(type));
}

/** Pushed by the background to a tab's top frame after a count, so the overlay shows it. */
export interface OverlayPush {
  type: 'overlay_push';
  counted?: {
    id: string;
    kind: (typeof EVENT_KINDS)[number];
    docClass?: (typeof DOC_CLASSES)[number];
    source: string;
  };
  waiting?: boolean;
  depositsToday?: number;
  encounterCounts?: Partial<Record<(typeof EVENT_KINDS)[number], number>>;
}

/** Pushed by the background to a tab's frames: a response seen for an attempt's request pattern. */
export interface ResponsePush {
  type: 'response_seen';
  attemptId: string;
  status: '2xx' | '4xx' | '5xx';
}

/** An attempt a page hands back to the background when it unloads, to finish on a later page load. */
export interface CarriedAttempt {
  attemptId: string;
  adapterId: string;
  ruleId: string;
  startedAt: number;
  docClass?: DocClass;
}

import * as v from 'valibot';
import { DOC_CLASSES } from '../domain/doc-classes';
import { EVENT_KINDS, EVENT_SOURCES, EventIdSchema } from '../domain/events';
import { PatternSchema, SelectorSchema } from '../domain/rules';
import { message } from './message-schema';

/**
 * Messages to pages, apart from the background's map (lib/messaging/protocol.ts) so that
 * content scripts carry these few schemas only, not every request the background accepts.
 */

// Messages to pages: from the background (counts, responses seen) or from the popup and the
// dashboard (start the picker, test a rule). Checked on receipt like the others.

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
/** RateGlance of lib/domain/feeding-rate.ts. */
const RateGlanceSchema = v.strictObject({
  basis: v.picklist(['documents', 'consultations', 'none']),
  numerator: Count,
  denominator: Count,
  rate: v.nullable(v.pipe(v.number(), v.minValue(0), v.maxValue(1))),
  meetsTarget: v.nullable(v.boolean()),
});
const CountedEventSchema = v.strictObject({
  id: EventIdSchema,
  kind: v.picklist(EVENT_KINDS),
  docClass: v.optional(v.picklist(DOC_CLASSES)),
  source: v.picklist(EVENT_SOURCES),
});

export const PAGE_PROTOCOL = {
  /** To a tab's top frame after a count, so the overlay shows it. */
  overlay_push: {
    request: message('overlay_push', {
      counted: v.optional(CountedEventSchema),
      waiting: v.optional(v.boolean()),
      depositsToday: v.optional(Count),
      month: v.optional(RateGlanceSchema),
      encounterCounts: v.optional(v.record(v.picklist(EVENT_KINDS), Count)),
    }),
    reply: v.undefined(),
  },
  /** To a tab's frames: a response seen for an attempt's request pattern. */
  response_seen: {
    request: message('response_seen', {
      attemptId: EventIdSchema,
      status: v.picklist(['2xx', '4xx', '5xx']),
    }),
    reply: v.undefined(),
  },
  /** From the popup: teach a button on this page. */
  start_picker: { request: message('start_picker', {}), reply: v.undefined() },
  /** From the dashboard: flash what a taught rule matches on this page. */
  test_rule: {
    request: message('test_rule', {
      selector: v.optional(SelectorSchema),
      text: v.optional(PatternSchema),
    }),
    reply: v.strictObject({ found: Count }),
  },
} as const;

export type PageMessageName = keyof typeof PAGE_PROTOCOL;
export type PageMessageOf<N extends PageMessageName> = v.InferOutput<(typeof PAGE_PROTOCOL)[N]['request']>;
export type PageMessage = { [N in PageMessageName]: PageMessageOf<N> }[PageMessageName];
export type PageReplyOf<N extends PageMessageName> = v.InferOutput<(typeof PAGE_PROTOCOL)[N]['reply']>;
export type OverlayPush = PageMessageOf<'overlay_push'>;
export type ResponsePush = PageMessageOf<'response_seen'>;

export const PageMessageSchema = v.variant(
  'type',
  (Object.keys(PAGE_PROTOCOL) as PageMessageName[]).map((name) => PAGE_PROTOCOL[name].request),
);

/** A message received by a page, checked; undefined (and ignored) when it is not one of these. */
export function parsePageMessage(raw: unknown): PageMessage | undefined {
  const result = v.safeParse(PageMessageSchema, raw);
  return result.success ? (result.output as PageMessage) : undefined;
}

import * as v from 'valibot';
import { DAY_PATTERN, localDay } from './calendar';
import { DOC_CLASSES } from './doc-classes';

/** Event kinds of the data contract (docs/design.md). */
export const EVENT_KINDS = [
  'dmp_upload',
  'dmp_upload_failed',
  'dmp_consult',
  'encounter',
  'document_produced',
  'eprescription',
  'sick_leave',
  'costly_act',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EVENT_SOURCES = ['auto', 'manual', 'taught'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/**
 * How a sick leave reached the health insurance: transmitted online, or a paper form printed
 * instead (Ameli Pro's online service tells them apart; docs/evidence.md). Absent: not known.
 */
export const SICK_LEAVE_MODES = ['online', 'paper'] as const;
export type SickLeaveMode = (typeof SICK_LEAVE_MODES)[number];

/** Kinds a user may add by hand from the popup. */
export const MANUAL_KINDS = ['dmp_upload', 'dmp_consult'] as const satisfies readonly EventKind[];

/** Adapter id: a built-in one, or `custom:<host>` for a site the user added. */
export const SiteIdSchema = v.pipe(
  v.string(),
  v.regex(/^(?:[a-z][a-z0-9-]{0,31}|custom:[a-z0-9.-]{1,253})$/, 'site id malformed'),
);

/** Ids come from the detector (random UUIDs, or derived from one): bounded, no free text. */
export const EventIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9:_-]{8,80}$/, 'event id malformed'));

export const DaySchema = v.pipe(v.string(), v.regex(DAY_PATTERN, 'day must be YYYY-MM-DD'));

export const EventSchema = v.strictObject({
  id: EventIdSchema,
  kind: v.picklist(EVENT_KINDS),
  at: v.pipe(v.number(), v.integer(), v.minValue(0)),
  day: DaySchema,
  site: SiteIdSchema,
  source: v.picklist(EVENT_SOURCES),
  docClass: v.optional(v.picklist(DOC_CLASSES)),
  encounter: v.optional(EventIdSchema),
  durationMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  undone: v.optional(v.boolean()),
  /** Sick leaves only: online or on paper. An optional field, so no database migration. */
  mode: v.optional(v.picklist(SICK_LEAVE_MODES)),
});

export type DmpEvent = v.InferOutput<typeof EventSchema>;

/** Builds a stored event, deriving `day` from `at` so both never disagree. */
export function makeEvent(fields: Omit<DmpEvent, 'day'>): DmpEvent {
  return v.parse(EventSchema, { ...fields, day: localDay(fields.at) });
}

import * as v from 'valibot';
import { localDay } from './calendar';
import { ControlSignalsSchema } from './control-signals';
import { DOC_CLASSES } from './doc-classes';
import { DaySchema, EVENT_KINDS, EVENT_SOURCES, EventIdSchema, SiteIdSchema } from './events';
import { RuleIdSchema } from './rules';

/** An attempt no confirmation followed: shown in the dashboard to confirm or dismiss. */
export const UnconfirmedSchema = v.strictObject({
  id: EventIdSchema,
  at: v.pipe(v.number(), v.integer(), v.minValue(0)),
  day: DaySchema,
  site: SiteIdSchema,
  ruleId: RuleIdSchema,
  kind: v.picklist(EVENT_KINDS),
  source: v.picklist(EVENT_SOURCES),
  docClass: v.optional(v.picklist(DOC_CLASSES)),
  encounter: v.optional(EventIdSchema),
  /** The clicked control's structure, for the diagnostic (records filed before it have none). */
  control: v.optional(ControlSignalsSchema),
});
export type UnconfirmedRecord = v.InferOutput<typeof UnconfirmedSchema>;

export function makeUnconfirmed(fields: Omit<UnconfirmedRecord, 'day'>): UnconfirmedRecord {
  return v.parse(UnconfirmedSchema, { ...fields, day: localDay(fields.at) });
}

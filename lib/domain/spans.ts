import * as v from 'valibot';
import { DaySchema, SiteIdSchema } from './events';

/** Span ids as time accounting makes them (`span:<site>:<activity>:<start>`) or similar. */
export const SpanIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9:_.-]{1,320}$/, 'span id malformed'));

/** A time span of activity (filled by time accounting); kept in its own store. */
export const TimeSpanSchema = v.pipe(
  v.strictObject({
    id: SpanIdSchema,
    site: SiteIdSchema,
    activity: v.picklist(['dmp', 'program', 'manual'] as const),
    start: v.pipe(v.number(), v.integer(), v.minValue(0)),
    end: v.pipe(v.number(), v.integer(), v.minValue(0)),
    day: DaySchema,
  }),
  v.check((s) => s.end >= s.start, 'a span ends before it starts'),
);

export type TimeSpan = v.InferOutput<typeof TimeSpanSchema>;

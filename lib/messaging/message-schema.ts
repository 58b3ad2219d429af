import * as v from 'valibot';

/**
 * A message's strict schema: its `type` and its fields, nothing else (an unknown field is
 * refused, so no page text can ride along). Shared by the background's map and the pages' one.
 */
export function message<const N extends string, const E extends v.ObjectEntries>(type: N, entries: E) {
  return v.strictObject({ type: v.literal(type), ...entries });
}

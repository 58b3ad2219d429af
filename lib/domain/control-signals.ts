import * as v from 'valibot';
import { SelectorSchema } from './rules';

/**
 * What a clicked control looked like, for whoever keeps the adapters: its stable selector and,
 * from the control up, each element's tag, role, stable id and stable classes. Structure only,
 * never text: no label, title, aria-label, value, href nor any attribute that could carry what
 * the page says. Kept with an unconfirmed attempt, so a rule that stopped matching its
 * confirmation can be fixed from the diagnostic (lib/domain/diagnostic.ts).
 */

/** An id or class as the stable-selector logic keeps it: a short identifier, no spaces. */
export const SIGNAL_TOKEN = /^[A-Za-z_][A-Za-z0-9_-]{0,39}$/;
const Token = v.pipe(v.string(), v.regex(SIGNAL_TOKEN, 'token malformed'));

export const NodeSignalSchema = v.strictObject({
  tag: v.pipe(v.string(), v.regex(/^[a-z][a-z0-9-]{0,39}$/, 'tag malformed')),
  role: v.optional(v.pipe(v.string(), v.regex(/^[a-z]{1,24}$/, 'role malformed'))),
  /** `type` of a button or input (submit, button, checkbox...). */
  type: v.optional(v.pipe(v.string(), v.regex(/^[a-z]{1,24}$/, 'type malformed'))),
  id: v.optional(Token),
  classes: v.optional(v.pipe(v.array(Token), v.minLength(1), v.maxLength(3))),
});
export type NodeSignal = v.InferOutput<typeof NodeSignalSchema>;

/** Elements kept: the control and up to six of its ancestors (body and html left out). */
export const MAX_CHAIN = 7;

export const ControlSignalsSchema = v.strictObject({
  /** The control's stable selector (lib/content/engine/selector.ts, as for a taught button). */
  selector: SelectorSchema,
  /** The control first, then its ancestors, nearest first (empty for a click on the body). */
  chain: v.pipe(v.array(NodeSignalSchema), v.maxLength(MAX_CHAIN)),
});
export type ControlSignals = v.InferOutput<typeof ControlSignalsSchema>;

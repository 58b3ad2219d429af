import * as v from 'valibot';
import { DOC_CLASSES } from './doc-classes';
import { EVENT_KINDS, SiteIdSchema } from './events';

/**
 * Site adapters as data: what a rule counts, what triggers it, how the page confirms it.
 * Everything here is checked when an adapter is loaded (built-in, user-added or taught), so a
 * malformed adapter is reported and skipped instead of breaking detection on the page.
 *
 * Patterns are regular expression sources, matched case-insensitively against interface text
 * (a button's label, a toast's message) or a URL path: never against what the user typed.
 */

function isRegexSource(source: string): boolean {
  try {
    new RegExp(source, 'i');
    return true;
  } catch {
    return false;
  }
}

export const PatternSchema = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(300),
  v.check(isRegexSource, 'invalid regular expression'),
);
/** A CSS selector; checked against the DOM in the page (a bad one skips its rule there). */
export const SelectorSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(500));
export const RuleIdSchema = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9_-]{1,63}$/, 'rule id malformed'));
export const HostSchema = v.pipe(
  v.string(),
  v.regex(
    /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)+$/,
    'host name malformed',
  ),
);

/** What starts an attempt. Clicks and submits count only when the browser says the user made them. */
export const TriggerSchema = v.variant('on', [
  v.strictObject({
    on: v.literal('click'),
    /** The acted-on control, or one of its ancestors, matches this selector. */
    selector: v.optional(SelectorSchema),
    /** The control's accessible text (aria-label, text, title, value) matches. */
    text: v.optional(PatternSchema),
    /** The label of the nearest labelled container (dialog, panel, custom element) matches. */
    container: v.optional(PatternSchema),
    /** Only while a checkbox matching this selector is checked ("send to the DMP" ticked). */
    checked: v.optional(SelectorSchema),
    /**
     * Whether a custom element's name labels its container (`dmp-share-document` reads "dmp
     * share document"); default yes. No where a program names all its components alike.
     */
    elementNames: v.optional(v.boolean()),
  }),
  v.strictObject({
    on: v.literal('submit'),
    /** The submitted form matches (for example `form:has(select[name=typeDocument])`). */
    selector: v.optional(SelectorSchema),
  }),
  v.strictObject({
    on: v.literal('url'),
    path: PatternSchema,
    /**
     * Not when the previous page's path matches: the same-origin referrer on a page load (a
     * postback, a return from a document of the same record), the previous route in a
     * single-page app. Only the path is matched, never kept.
     */
    notFrom: v.optional(PatternSchema),
  }),
  v.strictObject({
    on: v.literal('appear'),
    selector: SelectorSchema,
    text: v.optional(PatternSchema),
    /** Only while a checkbox matching this selector is checked. */
    checked: v.optional(SelectorSchema),
    /**
     * How long after a trusted click the element may still appear as that click's result
     * (default 3 s); a slow teleservice needs longer. Elements present at load always count.
     */
    windowMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(500), v.maxValue(5 * 60 * 1000))),
  }),
]);

/** A sign from the page that an attempt succeeded, failed or was cancelled. */
export const SignalSchema = v.variant('on', [
  /** An element (toast, message, dialog) appears, or its text changes, after the trigger. */
  v.strictObject({ on: v.literal('appear'), selector: SelectorSchema, text: v.optional(PatternSchema) }),
  /** An element seen after the trigger (a spinner) is gone again. */
  v.strictObject({ on: v.literal('disappear'), selector: SelectorSchema }),
  /** The URL path reached, on this page (SPA) or on a later page load in the same tab. */
  v.strictObject({ on: v.literal('url'), path: PatternSchema }),
  /** A trusted click on a control whose text and/or selector matches (a dialog's "Annuler"). */
  v.pipe(
    v.strictObject({
      on: v.literal('click'),
      text: v.optional(PatternSchema),
      selector: v.optional(SelectorSchema),
    }),
    v.check((s) => Boolean(s.text || s.selector), 'a click signal needs a text or a selector'),
  ),
  /** The status class of a response to a request whose URL matches, seen by the background. */
  v.strictObject({
    on: v.literal('response'),
    url: PatternSchema,
    status: v.picklist(['2xx', '4xx', '5xx']),
  }),
]);

export const ConfirmSchema = v.strictObject({
  success: v.pipe(v.array(SignalSchema), v.minLength(1), v.maxLength(8)),
  failure: v.optional(v.pipe(v.array(SignalSchema), v.maxLength(8))),
  cancel: v.optional(v.pipe(v.array(SignalSchema), v.maxLength(8))),
  /** With no success or failure within this time the attempt goes to the "non confirmés" list. */
  timeoutMs: v.pipe(v.number(), v.integer(), v.minValue(500), v.maxValue(30 * 60 * 1000)),
});

/** Where the document class comes from: read only a type select's value or a type label. */
/** The class of a page's documents, for pages where no type control is known. */
export const PageClassSchema = v.strictObject({ path: PatternSchema, docClass: v.picklist(DOC_CLASSES) });

export const DocClassSourceSchema = v.variant('from', [
  v.strictObject({
    from: v.literal('select'),
    selector: SelectorSchema,
    /** When the page has no such select: the first entry whose path matches gives the class. */
    pageClasses: v.optional(v.pipe(v.array(PageClassSchema), v.maxLength(16))),
  }),
  v.strictObject({ from: v.literal('text'), selector: SelectorSchema }),
  v.strictObject({ from: v.literal('fixed'), docClass: v.picklist(DOC_CLASSES) }),
]);

export const RuleSchema = v.pipe(
  v.strictObject({
    id: RuleIdSchema,
    /** What the rule counts; absent for a rule that only opens an encounter. */
    event: v.optional(v.picklist(EVENT_KINDS)),
    /** The trigger opens a new encounter (consultation) in this tab. */
    startsEncounter: v.optional(v.boolean()),
    /**
     * A step of a chain of pages whose state the background holds (the DMP web access: the
     * form submitted, the action accepted or cancelled). The engine reports the step; the
     * background's page-chain reducer (lib/sites/dmp-web-flow.ts) decides what it counts.
     */
    flowStep: v.optional(v.picklist(['submitted', 'accept', 'cancel'])),
    /** Only on pages whose URL path matches. */
    pages: v.optional(PatternSchema),
    trigger: TriggerSchema,
    /** Absent: the trigger alone counts (a URL reached, an element shown by the server). */
    confirm: v.optional(ConfirmSchema),
    docClass: v.optional(DocClassSourceSchema),
    /**
     * `costly-acts`: the trigger's text is the chosen obligation profile's list of costly acts
     * (lib/domain/costly-acts.ts) instead of its own, which stays as the default list; an empty
     * list turns the rule off.
     */
    textFrom: v.optional(v.literal('costly-acts')),
  }),
  v.check(
    (r) => r.event !== undefined || r.startsEncounter === true || r.flowStep !== undefined,
    'a rule counts an event, starts an encounter or is a flow step',
  ),
  v.check(
    (r) => r.trigger.on !== 'click' || Boolean(r.trigger.selector || r.trigger.text),
    'a click trigger needs a selector or a text',
  ),
);

export const AdapterSchema = v.strictObject({
  /** `weda`, `dmp-web`, `generic`, or `custom:<host>`. */
  id: SiteIdSchema,
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(80)),
  /** Hosts it runs on (built-in adapters); empty for the generic heuristic. */
  hosts: v.array(HostSchema),
  rules: v.pipe(v.array(RuleSchema), v.minLength(1), v.maxLength(64)),
  /**
   * How the safety net (the generic heuristic behind a built-in adapter's rules) reads this
   * program: `elementNames: false` when its custom element names say nothing about the DMP.
   */
  safetyNet: v.optional(v.strictObject({ elementNames: v.optional(v.boolean()) })),
});

/**
 * A rule the user taught with the picker, for one host. Stored in the database and exported
 * in backups (use this schema to validate imports).
 */
export const TaughtRuleSchema = v.strictObject({
  id: v.pipe(v.string(), v.regex(/^taught-[A-Za-z0-9-]{8,64}$/, 'taught rule id malformed')),
  host: HostSchema,
  /** The user's name for it (interface text the user wrote, not page content). */
  name: v.pipe(v.string(), v.maxLength(80)),
  event: v.picklist([
    'dmp_upload',
    'dmp_consult',
    'eprescription',
    'sick_leave',
    'encounter',
    'document_produced',
    // A button the doctor knows orders a costly act (a scanner, an MRI): no built-in rule can
    // tell one without reading the request's text, which the extension never reads.
    'costly_act',
  ]),
  selector: v.optional(SelectorSchema),
  /** Accessible text of the taught button, as a pattern (interface text, never page data). */
  text: v.optional(PatternSchema),
  /** Text that confirms success; absent: the click alone counts. */
  successText: v.optional(PatternSchema),
  createdAt: v.pipe(v.number(), v.integer(), v.minValue(0)),
  lastMatchedAt: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});

/** A site the user enabled (a host), or a built-in one turned off. Exported in backups. */
export const SiteRecordSchema = v.strictObject({
  /** `custom:<host>` for a user site, or the built-in adapter id (`weda`). */
  id: SiteIdSchema,
  host: v.optional(HostSchema),
  enabled: v.boolean(),
  addedAt: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

export type Trigger = v.InferOutput<typeof TriggerSchema>;
export type Signal = v.InferOutput<typeof SignalSchema>;
export type Rule = v.InferOutput<typeof RuleSchema>;
export type Confirm = v.InferOutput<typeof ConfirmSchema>;
export type Adapter = v.InferOutput<typeof AdapterSchema>;
export type TaughtRule = v.InferOutput<typeof TaughtRuleSchema>;
export type SiteRecord = v.InferOutput<typeof SiteRecordSchema>;

export interface AdapterProblem {
  adapter: string;
  reason: string;
}

function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0]!;
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return `${path ? `${path}: ` : ''}${issue.message}`;
}

/** Validates adapters one by one: the good ones are kept, each bad one is reported and skipped. */
export function loadAdapters(raw: readonly unknown[]): { adapters: Adapter[]; problems: AdapterProblem[] } {
  const adapters: Adapter[] = [];
  const problems: AdapterProblem[] = [];
  for (const candidate of raw) {
    const result = v.safeParse(AdapterSchema, candidate);
    const name = String((candidate as { id?: unknown } | null)?.id ?? '?');
    if (!result.success) {
      problems.push({ adapter: name, reason: describeIssues(result.issues) });
      continue;
    }
    const ids = new Set<string>();
    const duplicate = result.output.rules.find((r) => (ids.has(r.id) ? true : (ids.add(r.id), false)));
    if (duplicate) {
      problems.push({ adapter: name, reason: `duplicate rule id ${duplicate.id}` });
      continue;
    }
    adapters.push(result.output);
  }
  return { adapters, problems };
}

/** Escapes text for use as a literal inside a pattern. */
export function escapePattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A taught rule as an adapter rule: a trusted click, confirmed by a message when one was given. */
export function taughtToRule(taught: TaughtRule): Rule {
  return {
    id: taught.id.toLowerCase().slice(0, 64),
    event: taught.event,
    ...(taught.event === 'encounter' ? { startsEncounter: true } : {}),
    trigger: {
      on: 'click',
      ...(taught.selector ? { selector: taught.selector } : {}),
      ...(taught.text ? { text: taught.text } : {}),
    },
    ...(taught.successText
      ? {
          confirm: {
            success: [{ on: 'appear', selector: 'body *', text: taught.successText }],
            timeoutMs: 20_000,
          },
        }
      : {}),
  } as Rule;
}

/** The adapter of a user-added host: its taught rules first, then the generic heuristic's. */
export function customAdapter(host: string, taught: readonly TaughtRule[], generic: Adapter): Adapter {
  return {
    id: `custom:${host}`,
    name: host,
    hosts: [host],
    rules: [...taught.filter((t) => t.host === host).map(taughtToRule), ...generic.rules],
  };
}

/** Rule ids of the safety net start with this: health, diagnostics and the engine tell them apart. */
export const SAFETY_NET_PREFIX = 'net-';

export function isSafetyNetRule(ruleId: string): boolean {
  return ruleId.startsWith(SAFETY_NET_PREFIX);
}

/**
 * The safety net of a built-in adapter: the generic heuristic's rules under `net-` ids, read
 * the way the adapter says (`safetyNet`). They run behind the adapter's own rules: the engine
 * lets one of them count only a send no other rule of the same kind took (runtime.ts).
 */
export function safetyNetRules(builtin: Adapter, generic: Adapter): Rule[] {
  const elementNames = builtin.safetyNet?.elementNames;
  return generic.rules.map((rule) => ({
    ...rule,
    id: `${SAFETY_NET_PREFIX}${rule.id}`.slice(0, 64),
    trigger:
      rule.trigger.on === 'click' && elementNames === false
        ? { ...rule.trigger, elementNames }
        : rule.trigger,
  }));
}

/**
 * The adapter a page runs: for a user site, its taught rules then the generic heuristic; for a
 * built-in program, its taught rules, its own rules, then the safety net.
 */
export function adapterForHost(
  host: string,
  site: string,
  builtin: Adapter | undefined,
  generic: Adapter,
  taught: readonly TaughtRule[],
): Adapter | undefined {
  if (site.startsWith('custom:')) return customAdapter(host, taught, generic);
  if (!builtin) return undefined;
  return {
    ...builtin,
    rules: [
      ...taught.filter((t) => t.host === host).map(taughtToRule),
      ...builtin.rules,
      ...safetyNetRules(builtin, generic),
    ],
  };
}

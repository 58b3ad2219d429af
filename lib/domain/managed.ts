import * as v from 'valibot';
import type { PROFILE_IDS } from './obligations';
import { problem, type Problem } from './problem';
import { HostSchema } from './rules';
import type { Settings } from './settings';

/**
 * Per-workstation settings a group practice sets by policy (`storage.managed`: Chrome and Edge
 * read them from their policies, Firefox from `policies.json`, docs/release.md). They seed this
 * browser's settings: a value is applied when it first appears or when the practice changes it,
 * and the doctor may still change it afterwards, as with any other setting.
 */
/** The built-in profiles a practice may choose (the custom one is the doctor's own). */
const POLICY_PROFILES = ['in-force', 'plfss-2026', 'lfss-2026-art85'] as const satisfies ReadonlyArray<
  (typeof PROFILE_IDS)[number]
>;

export const ManagedSettingsSchema = v.strictObject({
  /** The obligation profile this workstation starts with. */
  profileId: v.optional(v.picklist(POLICY_PROFILES)),
  /** The practice's own program: offered, ready to add with one click (the browser asks the doctor). */
  programHost: v.optional(HostSchema),
  /** The monthly export reminder on or off. */
  exportReminder: v.optional(v.boolean()),
  /** False: the first-run page does not open on install (the practice has explained it). */
  showWelcome: v.optional(v.boolean()),
});

export type ManagedSettings = v.InferOutput<typeof ManagedSettingsSchema>;

/** The settings fields a policy seeds. */
const SEEDED = ['profileId', 'exportReminder'] as const;

/**
 * The policy's object, checked whole: a bad field refuses all of it (a half-applied policy
 * would be harder to explain than none). Nothing set is an empty policy.
 */
export function parseManaged(
  raw: unknown,
): { ok: true; managed: ManagedSettings } | { ok: false; problem: Problem<'firstRunManagedInvalid'> } {
  if (raw == null) return { ok: true, managed: {} };
  const result = v.safeParse(ManagedSettingsSchema, raw);
  if (result.success) return { ok: true, managed: result.output };
  const issue = result.issues[0];
  const where = issue.path?.map((p) => String(p.key)).join('.') || 'policy';
  // The field's name only: a policy value is the practice's, but it is never echoed back.
  return { ok: false, problem: problem('firstRunManagedInvalid', where) };
}

/**
 * The settings once a policy is applied over them: each seeded value that differs from the one
 * applied last time is written; the rest, and what the doctor changed since, stay as they are.
 */
export function seedFromManaged(
  settings: Settings,
  managed: ManagedSettings,
  lastApplied: ManagedSettings,
): { settings: Settings; changed: boolean } {
  let next = settings;
  for (const key of SEEDED) {
    const value = managed[key];
    if (value !== undefined && value !== lastApplied[key] && value !== next[key])
      next = { ...next, [key]: value };
  }
  return { settings: next, changed: next !== settings };
}

import * as v from 'valibot';

/**
 * What counts as a costly act: the kinds of exam a request may be for, each with the words that
 * name it on a practice program's interface (a request's type list, a template's label). The
 * law leaves the list to a decree not yet written (docs/domain.md); the default is heavy
 * imaging, CT, MRI and PET, and the doctor edits the list in a custom obligation profile.
 *
 * These patterns are matched in the page against interface labels only, never against what
 * the doctor typed; only the fact that a rule matched leaves the page.
 */
export const COSTLY_KINDS = ['ct', 'mri', 'pet', 'scintigraphy'] as const;
export type CostlyKind = (typeof COSTLY_KINDS)[number];

export const CostlyKindsSchema = v.pipe(
  v.array(v.picklist(COSTLY_KINDS)),
  v.maxLength(COSTLY_KINDS.length),
  v.check((kinds) => new Set(kinds).size === kinds.length, 'a costly kind is listed twice'),
);

/** The default list: the heavy imaging the bill's debate named (CT, MRI, PET). */
export const DEFAULT_COSTLY_KINDS: readonly CostlyKind[] = ['ct', 'mri', 'pet'];

/** Words for each kind, French first (interface labels), as regular expression sources. */
export const COSTLY_PATTERNS: Record<CostlyKind, string> = {
  // "scanner", "coroscanner", "angioscanner", TDM, tomodensitométrie; "CT" alone is too short.
  ct: 'scanner|\\btdm\\b|tomodensitom|\\bct[- ]?scan',
  // IRM / MRI, alone or in arthro-IRM, angio-IRM; not inside a word ("confirmé").
  mri: '\\b(?:arthro|angio|ent[ée]ro|cholangio)?-?irm\\b|\\bmri\\b|r[ée]sonance magn[ée]tique',
  // TEP / PET, TEP-scanner, PET-CT, tomographie par émission de positons.
  pet: '\\btep\\b|\\bpet\\b|\\bpet[- ]?(?:scan|ct)|tomographie par [ée]mission',
  scintigraphy: 'scintigraph',
};

/** One pattern for a list of kinds, or null when the list is empty (nothing can match). */
export function costlyPattern(kinds: readonly CostlyKind[]): string | null {
  const parts = COSTLY_KINDS.filter((k) => kinds.includes(k)).map((k) => `(?:${COSTLY_PATTERNS[k]})`);
  return parts.length ? parts.join('|') : null;
}

/** Whether an interface label names a kind on the list. */
export function isCostlyLabel(label: string, kinds: readonly CostlyKind[]): boolean {
  const pattern = costlyPattern(kinds);
  return pattern !== null && new RegExp(pattern, 'i').test(label);
}

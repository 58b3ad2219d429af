import * as v from 'valibot';
import { DOC_CLASSES, type DocClass } from './doc-classes';
import { isCalendarDay } from './calendar';
import { DaySchema } from './events';
import { CostlyKindsSchema, DEFAULT_COSTLY_KINDS, type CostlyKind } from './costly-acts';

/**
 * Obligation profiles: what the doctor is measured against. They are DATA, dated and sourced
 * (docs/domain.md), never code branches: the compliance functions read a
 * profile's fields and nothing else, so a profile edited by the user or restored from a backup
 * behaves exactly like a built-in one once it passes `ObligationProfileSchema`.
 *
 * A fact marked (?) in a note is uncertain, as in docs/domain.md: the user can correct it by
 * editing a custom profile.
 */

export const PROFILE_STATUSES = ['in_force', 'proposed', 'adopted', 'censured', 'custom'] as const;
export type ProfileStatus = (typeof PROFILE_STATUSES)[number];

const CalendarDaySchema = v.pipe(DaySchema, v.check(isCalendarDay, 'not a calendar date'));

const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));

/** A text in both interface languages (French first). */
export const LocalizedTextSchema = v.strictObject({ fr: text(2000), en: text(2000) });
export type LocalizedText = v.InferOutput<typeof LocalizedTextSchema>;

export const ProfileSourceSchema = v.strictObject({
  label: text(300),
  reference: text(300),
  /** Date of the text; null for a consolidated code article that has no single date. */
  date: v.nullable(CalendarDaySchema),
});
export type ProfileSource = v.InferOutput<typeof ProfileSourceSchema>;

/** One item of a document list (as the legal text names it) and the classes that stand for it. */
export const RequiredItemSchema = v.strictObject({
  label: LocalizedTextSchema,
  /** Empty when the vocabulary has no class for the item: it is listed but cannot be counted. */
  classes: v.pipe(v.array(v.picklist(DOC_CLASSES)), v.maxLength(DOC_CLASSES.length)),
});
export type RequiredItem = v.InferOutput<typeof RequiredItemSchema>;

export const RequiredPhaseSchema = v.strictObject({
  /** First day the phase's items are required; null when already required before any date given. */
  from: v.nullable(CalendarDaySchema),
  items: v.pipe(v.array(RequiredItemSchema), v.maxLength(50)),
});
export type RequiredPhase = v.InferOutput<typeof RequiredPhaseSchema>;

export const FineRulesSchema = v.strictObject({
  perFailureEur: v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1_000_000)),
  capPerYearEur: v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(10_000_000)),
  appliesFrom: CalendarDaySchema,
});
export type FineRules = v.InferOutput<typeof FineRulesSchema>;

/** Profile ids: the built-in ones, `custom`, and those a backup may carry. */
export const ProfileIdSchema = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'profile id malformed'),
);

export const ObligationProfileSchema = v.strictObject({
  id: ProfileIdSchema,
  label: LocalizedTextSchema,
  status: v.picklist(PROFILE_STATUSES),
  sources: v.pipe(v.array(ProfileSourceSchema), v.maxLength(20)),
  requiredClasses: v.pipe(v.array(RequiredPhaseSchema), v.maxLength(20)),
  /** Share of required documents that must reach the DMP, 0..1. */
  targetRate: v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1)),
  fine: v.nullable(FineRulesSchema),
  consultBeforeCostlyActs: v.boolean(),
  /**
   * The kinds of exam that count as costly acts (lib/domain/costly-acts.ts). Absent in
   * profiles made before it: the default list (costlyActsOf).
   */
  costlyActs: v.optional(CostlyKindsSchema),
  /** Text of a censure, shown with the profile; only for a censured text. */
  censure: v.optional(LocalizedTextSchema),
  /** Uncertain facts, each marked (?), and what the numbers assume. */
  note: LocalizedTextSchema,
});
export type ObligationProfile = v.InferOutput<typeof ObligationProfileSchema>;

/** The profile the user edits: the same shape, with id and status both `custom`. */
export const CustomProfileSchema = v.pipe(
  ObligationProfileSchema,
  v.check((p) => p.id === 'custom' && p.status === 'custom', 'a custom profile has id and status "custom"'),
);

export type ProfileParseResult = { ok: true; profile: ObligationProfile } | { ok: false; reason: string };

/**
 * Validates a profile from the settings page or a backup (`custom: true` also demands id and
 * status `custom`); a bad one is refused with a reason and nothing is changed.
 */
export function parseProfile(raw: unknown, options: { custom?: boolean } = {}): ProfileParseResult {
  const result = options.custom
    ? v.safeParse(CustomProfileSchema, raw)
    : v.safeParse(ObligationProfileSchema, raw);
  if (result.success) return { ok: true, profile: result.output };
  const issue = result.issues[0];
  const path = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return { ok: false, reason: `invalid profile${path ? ` at ${path}` : ''}: ${issue.message}` };
}

// ---------------------------------------------------------------------------------------------
// The document list of the arrêté of 26 April 2022 (docs/domain.md), by phase, mapped to the
// vocabulary of lib/doc-classes.ts. Shared by the in-force text and the texts that would add
// penalties to it (they penalise failures to feed these same documents).

const ARRETE_2022_PHASES: RequiredPhase[] = [
  {
    // "before 2022": already required when the arrêté was taken; no start date is given.
    from: null,
    items: [
      {
        label: {
          fr: "Lettre de liaison à l'entrée en établissement",
          en: 'Hospital entry letter (lettre de liaison)',
        },
        classes: ['18761-7'],
      },
      {
        label: { fr: 'Lettre de liaison à la sortie', en: 'Hospital discharge letter (lettre de liaison)' },
        classes: ['11490-0'],
      },
      {
        label: { fr: "Documents de sortie d'hospitalisation", en: 'Hospital discharge documents' },
        classes: ['11490-0', '34133-9'],
      },
      { label: { fr: 'Comptes rendus de biologie', en: 'Biology reports' }, classes: ['11502-2'] },
      {
        label: {
          fr: 'Volet de synthèse médicale (une fois par an)',
          en: 'Medical summary (VSM, once a year)',
        },
        classes: ['VSM', '60591-5'],
      },
    ],
  },
  {
    from: '2022-12-31',
    items: [
      {
        label: { fr: 'Comptes rendus de biologie hors séjour', en: 'Biology reports outside hospital stays' },
        classes: ['11502-2'],
      },
      { label: { fr: "Comptes rendus d'imagerie", en: 'Imaging reports' }, classes: ['18748-4'] },
      {
        label: { fr: 'Prescriptions de produits de santé', en: 'Prescriptions of health products' },
        classes: ['57833-6'],
      },
    ],
  },
  {
    from: '2023-12-31',
    items: [
      { label: { fr: 'Comptes rendus opératoires', en: 'Operative reports' }, classes: ['34874-8'] },
      // No class of the vocabulary stands for a biology prescription: listed, not counted.
      { label: { fr: 'Prescriptions de biologie', en: 'Biology prescriptions' }, classes: [] },
      { label: { fr: "Demandes d'actes d'imagerie", en: 'Imaging requests' }, classes: ['55115-0'] },
      {
        label: { fr: 'Certificats et déclarations', en: 'Certificates and declarations' },
        classes: ['89601-9'],
      },
      {
        label: { fr: 'Lettres aux autres professionnels', en: 'Letters to other professionals' },
        classes: ['18761-7'],
      },
    ],
  },
];

const SOURCE_L1111_15: ProfileSource = {
  label: 'Code de la santé publique, article L.1111-15 (obligation d’alimenter le DMP)',
  reference: 'CSP art. L.1111-15',
  date: null,
};

const SOURCE_ARRETE_2022: ProfileSource = {
  label: 'Arrêté du 26 avril 2022 (documents importants pour la coordination des soins), mis à jour depuis',
  reference: 'Arrêté du 26 avril 2022',
  date: '2022-04-26',
};

const MAPPING_NOTE_FR =
  'Correspondance avec les classes de documents : les documents de sortie d’hospitalisation sont comptés comme lettre de liaison de sortie et synthèse d’épisode (?) ; les prescriptions de biologie n’ont pas de classe et ne sont pas comptées ; la lettre d’entrée et les lettres aux confrères partagent la classe 18761-7. Le VSM est dû une fois par an et par patient : l’extension ne suit pas les patients et le compte comme tout autre document. La liste de l’arrêté a été mise à jour depuis 2022 (?).';
const MAPPING_NOTE_EN =
  'Mapping to document classes: hospital discharge documents count as discharge letter and episode summary (?); biology prescriptions have no class and are not counted; the entry letter and letters to colleagues share class 18761-7. The VSM is due once a year per patient: the extension does not follow patients and counts it as any other document. The arrêté’s list has been updated since 2022 (?).';

const IN_FORCE: ObligationProfile = {
  id: 'in-force',
  label: { fr: 'Obligation en vigueur (L.1111-15 CSP)', en: 'Obligation in force (L.1111-15 CSP)' },
  status: 'in_force',
  sources: [SOURCE_L1111_15, SOURCE_ARRETE_2022],
  requiredClasses: ARRETE_2022_PHASES,
  targetRate: 1,
  fine: null,
  consultBeforeCostlyActs: false,
  note: {
    fr: `Aucune pénalité financière n’est en vigueur pour un dépôt manquant. Le texte n’a pas de taux cible : chaque document important doit être versé, d’où 100 %. ${MAPPING_NOTE_FR}`,
    en: `No financial penalty is in force for a missing upload. The text sets no target rate: each important document must be uploaded, hence 100%. ${MAPPING_NOTE_EN}`,
  },
};

const PLFSS_2026: ObligationProfile = {
  id: 'plfss-2026',
  label: { fr: 'Projet PLFSS 2026, article 31', en: 'PLFSS 2026 bill, article 31' },
  status: 'proposed',
  sources: [
    {
      label: 'Projet de loi de financement de la sécurité sociale pour 2026, article 31',
      reference: 'PLFSS 2026, art. 31',
      date: null,
    },
    SOURCE_L1111_15,
    SOURCE_ARRETE_2022,
  ],
  requiredClasses: ARRETE_2022_PHASES,
  targetRate: 1,
  fine: { perFailureEur: 2500, capPerYearEur: 10000, appliesFrom: '2027-07-01' },
  consultBeforeCostlyActs: true,
  note: {
    fr: `Pénalité fixée par la caisse locale d’assurance maladie, jusqu’à 2 500 EUR par manquement, plafonnée à 10 000 EUR par an (jusqu’à 100 000 EUR pour un établissement, hors champ ici). Les manquements seraient jugés au regard de « seuils de report définis par activité », à fixer par arrêté (?) : le taux cible de 100 % est une hypothèse. Consultation du DMP obligatoire avant la prescription de certains actes ou produits coûteux, ou en cas de risque de mésusage ; liste à fixer par décret (?). Date d’application du projet (?) : le 1er juillet 2027 est supposé (la loi adoptée dit « au plus tard le 1er juillet 2028 »). Le montant calculé est un maximum théorique. ${MAPPING_NOTE_FR}`,
    en: `Penalty set by the local health-insurance fund, up to 2,500 EUR per failure, capped at 10,000 EUR a year (up to 100,000 EUR for an establishment, out of scope here). Failures would be judged against "reporting thresholds defined per activity", to be set by arrêté (?): the 100% target rate is an assumption. Consulting the DMP becomes mandatory before prescribing certain costly acts or products, or where there is a risk of misuse; list to come by decree (?). The bill's start date (?): 1 July 2027 is assumed (the adopted law says "1 July 2028 at the latest"). The amount computed is a theoretical maximum. ${MAPPING_NOTE_EN}`,
  },
};

const LFSS_2026_ART85: ObligationProfile = {
  id: 'lfss-2026-art85',
  label: {
    fr: 'LFSS 2026, article 85 (censuré)',
    en: 'LFSS 2026, article 85 (struck out)',
  },
  status: 'censured',
  sources: [
    {
      label:
        'Loi n° 2025-1403 du 30 décembre 2025 de financement de la sécurité sociale pour 2026, article 85',
      reference: 'Loi n° 2025-1403, art. 85',
      date: '2025-12-30',
    },
    {
      label: 'Conseil constitutionnel, décision n° 2025-899 DC du 30 décembre 2025',
      reference: 'Décision n° 2025-899 DC',
      date: '2025-12-30',
    },
    SOURCE_L1111_15,
    SOURCE_ARRETE_2022,
  ],
  requiredClasses: ARRETE_2022_PHASES,
  targetRate: 1,
  fine: { perFailureEur: 2500, capPerYearEur: 10000, appliesFrom: '2028-07-01' },
  consultBeforeCostlyActs: true,
  censure: {
    fr: 'Censuré par le Conseil constitutionnel le 30 décembre 2025 (décision n° 2025-899 DC) : disposition étrangère au domaine d’une loi de financement de la sécurité sociale (« cavalier social »). Ces sanctions ne s’appliquent pas ; la mesure pourrait revenir dans un texte ultérieur.',
    en: 'Struck out by the Conseil constitutionnel on 30 December 2025 (decision no. 2025-899 DC) as outside the scope of a social-security budget law ("cavalier social"). These sanctions do not apply; the measure may come back in a later bill.',
  },
  note: {
    fr: `Sanctions prévues au plus tard le 1er juillet 2028 (le ministre a dit « 2028 »). Montants repris du projet : 2 500 EUR par manquement, 10 000 EUR par an (?). Que l’obligation de consulter le DMP avant les actes coûteux soit tombée aussi avec la censure est incertain (?). Le taux cible de 100 % est une hypothèse (seuils par activité à fixer par arrêté) (?). ${MAPPING_NOTE_FR}`,
    en: `Sanctions were to start by 1 July 2028 at the latest (the minister said "2028"). Amounts taken from the bill: 2,500 EUR per failure, 10,000 EUR a year (?). Whether the obligation to consult the DMP before costly acts fell with the censure too is uncertain (?). The 100% target rate is an assumption (thresholds per activity to be set by arrêté) (?). ${MAPPING_NOTE_EN}`,
  },
};

const CUSTOM_TEMPLATE: ObligationProfile = {
  id: 'custom',
  label: { fr: 'Profil personnalisé', en: 'Custom profile' },
  status: 'custom',
  sources: [],
  requiredClasses: ARRETE_2022_PHASES,
  targetRate: 1,
  fine: null,
  consultBeforeCostlyActs: false,
  note: {
    fr: 'Modèle à adapter : classes requises, taux cible, pénalité et date d’application sont à votre main. Au départ, la liste de documents de l’obligation en vigueur, sans pénalité.',
    en: 'A template to adapt: required classes, target rate, penalty and start date are yours to set. It starts with the document list of the obligation in force, and no penalty.',
  },
};

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The built-in profiles, in the order the settings list them. Frozen: copy before editing.
 * Marked pure so that a bundle that does not use them (the content scripts) leaves them out.
 */
export const BUILTIN_PROFILES: readonly ObligationProfile[] = /* @__PURE__ */ deepFreeze([
  IN_FORCE,
  PLFSS_2026,
  LFSS_2026_ART85,
  CUSTOM_TEMPLATE,
]);

export const PROFILE_IDS = ['in-force', 'plfss-2026', 'lfss-2026-art85', 'custom'] as const;
export type BuiltinProfileId = (typeof PROFILE_IDS)[number];

export const DEFAULT_PROFILE_ID: BuiltinProfileId = 'in-force';

/** A built-in profile by id (the custom one is the template), or undefined. */
export function builtinProfile(id: string): ObligationProfile | undefined {
  return BUILTIN_PROFILES.find((p) => p.id === id);
}

/**
 * The profile the user chose: `custom` is the user's edited profile when there is one (else the
 * template); an unknown id falls back to the default.
 */
export function resolveProfile(id: string | undefined, custom?: ObligationProfile | null): ObligationProfile {
  if (id === 'custom' && custom) return custom;
  return (
    builtinProfile(id ?? DEFAULT_PROFILE_ID) ?? (builtinProfile(DEFAULT_PROFILE_ID) as ObligationProfile)
  );
}

/** What counts as a costly act under a profile: its own list, or the default one. */
export function costlyActsOf(profile: ObligationProfile): readonly CostlyKind[] {
  return profile.costlyActs ?? DEFAULT_COSTLY_KINDS;
}

/** A mutable copy of a profile turned into the user's custom profile (to edit from a base). */
export function customProfileFrom(base: ObligationProfile): ObligationProfile {
  const copy = structuredClone(base) as ObligationProfile;
  copy.id = 'custom';
  copy.status = 'custom';
  if (base.id !== 'custom') {
    copy.label = {
      fr: `Personnalisé (d’après : ${base.label.fr})`,
      en: `Custom (based on: ${base.label.en})`,
    };
  }
  delete copy.censure;
  return copy;
}

/**
 * Classes required on `day` (`YYYY-MM-DD`): the union of the items of every phase that has
 * started by then (a phase with no date always counts), in vocabulary order.
 */
export function requiredClassesOn(profile: ObligationProfile, day: string): DocClass[] {
  const found = new Set<DocClass>();
  for (const phase of profile.requiredClasses) {
    if (phase.from !== null && phase.from > day) continue;
    for (const item of phase.items) for (const cls of item.classes) found.add(cls);
  }
  return DOC_CLASSES.filter((cls) => found.has(cls));
}

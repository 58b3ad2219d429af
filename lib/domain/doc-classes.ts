/**
 * The fixed vocabulary of document classes (docs/design.md, data contract): LOINC type codes of
 * DMP documents, plus `VSM` (volet de synthèse médicale sent as SYNTH) and `other`.
 * Labels live in the i18n files under `docClass_<code with _>`; this module only knows codes.
 */
export const DOC_CLASSES = [
  '11488-4', // CR de consultation
  '11490-0', // lettre de liaison de sortie
  '18761-7', // lettre d'adressage / note de transfert
  '11502-2', // CR de biologie
  '18748-4', // CR d'imagerie
  '34133-9', // synthèse d'épisode
  '60591-5', // synthèse médicale
  'VSM', // volet de synthèse médicale (format SYNTH)
  '57833-6', // prescription de produits de santé
  '57832-8', // prescription de soins
  '57828-6', // autre prescription (dont arrêt de travail)
  '55115-0', // demande d'actes d'imagerie
  '87273-9', // note de vaccination
  '11369-6', // historique des vaccinations
  '89601-9', // certificat médical
  '34874-8', // CR opératoire
  'other',
] as const;

export type DocClass = (typeof DOC_CLASSES)[number];

const KNOWN = new Set<string>(DOC_CLASSES);

export function isDocClass(value: unknown): value is DocClass {
  return typeof value === 'string' && KNOWN.has(value);
}

/** `11488-4` → `11488_4`, as a type: message names allow only [A-Za-z0-9_]. */
type Underscored<S extends string> = S extends `${infer A}-${infer B}` ? `${A}_${Underscored<B>}` : S;

/** The i18n message key of each class label; the interface checks them against the locale files. */
export type DocClassMessageKey = `docClass_${Underscored<DocClass>}`;

/** i18n message key for a class label (message names allow only [A-Za-z0-9_]). */
export function docClassMessageKey(code: DocClass): DocClassMessageKey {
  // `replace` returns a plain string; the type above spells out the same rewrite.
  return `docClass_${code.replace(/-/g, '_')}` as DocClassMessageKey;
}

/** Lower case, no accents, straight apostrophes, single spaces: labels vary in these only. */
export function normalizeLabel(label: string): string {
  return label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2019\u2018`´]/g, "'")
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * French display names used as option values of the DMP web access's `typeDocument` select
 * (docs/domain.md), mapped to the vocabulary. Keys are normalised with `normalizeLabel`.
 */
const DMP_WEB_LABELS: Record<string, DocClass> = {
  'cr ou fiche de consultation ou de visite': '11488-4',
  'synthese medicale': '60591-5',
  'volet de synthese medicale': 'VSM',
  "lettre d'adressage": '18761-7',
  "lettre de liaison a l'entree d'un etablissement de soins": '18761-7',
  "lettre de liaison a la sortie d'un etablissement de soins": '11490-0',
  "cr d'examens biologiques": '11502-2',
  "cr d'imagerie medicale": '18748-4',
  "synthese d'episode de soins": '34133-9',
  'prescription de produits de sante': '57833-6',
  'prescription de soins': '57832-8',
  'prescription arret de travail': '57828-6',
  "demande d'actes d'imagerie": '55115-0',
  'note de vaccination': '87273-9',
  'historique des vaccinations': '11369-6',
  'certificat medical': '89601-9',
  'cr operatoire': '34874-8',
};

/**
 * Class of a document from the value of a type select. Accepts the DMP web access's French
 * labels and, as practice programs send them, the codes themselves. Anything else is `other`.
 */
export function docClassFromTypeValue(value: string | null | undefined): DocClass {
  if (!value) return 'other';
  const trimmed = value.trim();
  if (isDocClass(trimmed)) return trimmed;
  if (trimmed.toUpperCase() === 'SYNTH') return 'VSM';
  return DMP_WEB_LABELS[normalizeLabel(trimmed)] ?? 'other';
}

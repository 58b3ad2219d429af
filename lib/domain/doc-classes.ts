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
 * The document type labels of the DMP web access's deposit form, as its `#typeDocument` select
 * offers them (the option values are the labels), each with its class. Source of the labels:
 * Ophtao-Program/WebDMP-App-ajout-patient-de-StudioVision `src/doctypes.ts` @ d86310ad7a, code
 * that deposits through the real site. The site may offer more: an unknown label is `other`.
 * Why each label has its class (named by the label, or a judgement): docs/dmp-document-types.md.
 */
export const DMP_WEB_TYPE_LABELS: ReadonlyArray<readonly [label: string, docClass: DocClass]> = [
  // Synthèses
  ['Synthèse', 'VSM'],
  ["Synthèse d'épisode de soins", '34133-9'],
  ['Synthèse médicale', '60591-5'],
  ["Bilan de santé et de prévention de l'enfant", 'other'],
  ['Synthèse Salle de Naissance Mère', 'other'],
  ['Synthèse Salle de Naissance Enfant', 'other'],
  ['Synthèse Suites de Couches Mère', 'other'],
  ['Synthèse Enfant en Maternité', 'other'],
  ['Synthèse antepartum', 'other'],
  ['Synthèse psychiatrique', 'other'],
  ['Bilan psychologique', 'other'],
  ["Note de transfert (dont lettre de liaison à l'entrée en établissement de soins)", '18761-7'],
  ["Lettre de liaison d'entrée en structure sociale ou médico-sociale", '18761-7'],
  ['Bilan médicamenteux (Officine)', 'other'],
  ['Formulaire de conciliation médicamenteuse (Hôpital)', 'other'],
  ["Document de liaison d'urgence", 'other'],
  ['Fiche de transfert vers le service des urgences', '18761-7'],
  ['Fiche de retour du service des urgences', 'other'],
  ["Grille d'évaluation médico-social", 'other'],
  ['Schéma dentaire', 'other'],
  // Traitements et soins
  ["CR d'administration de médicaments", 'other'],
  ['CR ou fiche de suivi de soins par auxiliaire médical', 'other'],
  ['Dispensation médicamenteuse', 'other'],
  ['Dispensation (autre)', 'other'],
  ['Plan personnalisé de soins', 'other'],
  ["Projet personnalisé d'accompagnement", 'other'],
  ["Projet d'accueil individualisé", 'other'],
  ['Planification thérapeutique', 'other'],
  ['Prescription arrêt de travail', '57828-6'],
  ['Prescription de produits de santé', '57833-6'],
  ['Prescription de soins', '57832-8'],
  ["Demande d'actes d'imagerie", '55115-0'],
  ['Renouvellement ordonnance par pharmacien correspondant', '57833-6'],
  ['Intervention pharmaceutique', 'other'],
  ["Prescription d'actes de biologie médicale", '57828-6'],
  ["Prescription d'actes de kinésithérapie", '57832-8'],
  ["Prescription d'actes infirmiers", '57832-8'],
  ["Prescription d'actes de pédicurie", '57832-8'],
  ["Prescription d'actes d'orthophonie", '57832-8'],
  ["Prescription d'actes d'orthoptie", '57832-8'],
  ['Prescription (autre)', '57828-6'],
  ['Plan personnalisé de prévention', 'other'],
  ['Protocole de soins ALD', 'other'],
  // Comptes-rendus
  ['CR de grossesse', 'other'],
  ["CR d'accouchement", 'other'],
  ["CR d'acte diagnostique (autre)", 'other'],
  ["CR d'acte thérapeutique (autre)", 'other'],
  ["CR d'admission", 'other'],
  ["CR d'anesthésie", 'other'],
  ["CR de bilan d'évaluation de la perte d'autonomie", 'other'],
  ['Évaluation postopératoire et note de suivi', 'other'],
  ['CR de bilan fonctionnel', 'other'],
  ['CR de consultation pré-anesthésique', '11488-4'],
  ['CR de consultation en ophtalmologie', '11488-4'],
  ['CR de génétique moléculaire', 'other'],
  ['CR de passage aux urgences', 'other'],
  ['CR de consultation pharmaceutique', 'other'],
  ["CR d'entretien pharmaceutique", 'other'],
  ['CR de réunion de concertation pluridisciplinaire', 'other'],
  ['CR de télémédecine', '11488-4'],
  ["Demande d'acte de télémédecine", 'other'],
  ['CR hospitalier (séjour)', 'other'],
  ['Bilan bucco-dentaire', 'other'],
  ['CR opératoire', '34874-8'],
  ['Bilan par professionnel de santé', 'other'],
  ['Document du secteur social / médico-social', 'other'],
  ["Lettre d'adressage", '18761-7'],
  ['CR ou fiche de consultation ou de visite', '11488-4'],
  ["Lettre de liaison à la sortie d'une structure sociale ou médico-sociale", '11490-0'],
  ["Lettre de liaison à la sortie d'un établissement de soins", '11490-0'],
  ["CR d'examen de l'enfant", '11488-4'],
  ['Mesures de signes vitaux', 'other'],
  // Imagerie médicale
  ["CR d'imagerie médicale", '18748-4'],
  ["Document encapsulant une image d'illustration non DICOM", 'other'],
  // Biologie
  ["CR d'anatomie et de cytologie pathologiques", 'other'],
  ["CR d'examens biologiques", '11502-2'],
  // Prévention
  ["CR d'acte diagnostique à visée préventive ou de dépistage", 'other'],
  ["CR d'acte thérapeutique à visée préventive", 'other'],
  // Certificats, déclarations
  ['Certificat, déclaration', '89601-9'],
  ['Certificat médical', '89601-9'],
  ["Carte d'implant", 'other'],
  ["Test rapide d'orientation diagnostique", 'other'],
  ['COVID-19 Attestation de vaccination', '87273-9'],
  // Documents administratifs et de gestion
  ['Attestation de consentement', 'other'],
  ["Attestation de droits à l'assurance maladie", 'other'],
  ['Attestation assurance complémentaire', 'other'],
  ['Attestation de résidence', 'other'],
  ["Attestation d'hébergement", 'other'],
  ['Attestation de sortie', 'other'],
  ['Autorisation de soins et actes non usuels sanitaires', 'other'],
];

/**
 * A short key of a label, once normalised (FNV-1a, 32 bits, in base 36). The content scripts
 * recognise a type label by its key (lib/domain/doc-class-of-type.ts): they carry 90 keys
 * rather than 90 labels, and stay within their size budget.
 */
export function labelKey(label: string): string {
  let hash = 0x811c9dc5;
  for (const ch of normalizeLabel(label)) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

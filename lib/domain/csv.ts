import Papa from 'papaparse';
import type { DaySummary } from './day-summary';
import { pad } from './calendar';
import { monthDayStats, type DayStats } from './day-stats';
import { DOC_CLASSES, docClassMessageKey, type DocClass, type DocClassMessageKey } from './doc-classes';
import type { DmpEvent, EventKind } from './events';
import type { ObligationProfile } from './obligations';

/**
 * The monthly CSV files of the data contract (docs/design.md, docs/csv.md). A change of columns is
 * a new version, announced in docs/csv.md.
 */
export const CSV_FORMAT_VERSION = 3;

/** `excel-fr`: `;`, decimal comma, BOM (the default). `standard`: `,`, decimal point, no BOM. */
export type CsvDialect = 'excel-fr' | 'standard';
export const CSV_DIALECTS: readonly CsvDialect[] = ['excel-fr', 'standard'];

interface DialectSpec {
  delimiter: string;
  decimal: string;
  bom: string;
}

const DIALECTS: Record<CsvDialect, DialectSpec> = {
  'excel-fr': { delimiter: ';', decimal: ',', bom: '\uFEFF' },
  standard: { delimiter: ',', decimal: '.', bom: '' },
};

/** Both dialects end lines with CRLF (RFC 4180, and what Excel writes). */
export const CSV_NEWLINE = '\r\n';

export const SYNTHESE_COLUMNS = [
  'date',
  'consultations',
  'documents_produits',
  'depots_dmp',
  'echecs_depot_dmp',
  'lectures_dmp',
  'ordonnances_numeriques',
  'arrets_travail',
  'actes_couteux',
  'actes_couteux_apres_lecture_dmp',
  'minutes_dmp',
  'minutes_logiciel',
  'taux_alimentation',
  'documents_requis',
  'documents_requis_deposes',
  'consultations_avec_depot_requis',
] as const satisfies ReadonlyArray<keyof DayStats>;

export const JOURNAL_COLUMNS = [
  'horodatage',
  'type',
  'classe_document',
  'libelle_document',
  'site',
  'source',
  'rencontre',
  'duree_s',
  'annule',
] as const;

/** French ids of the event kinds, as the journal's `type` column writes them. */
export const KIND_FRENCH_ID: Readonly<Record<EventKind, string>> = {
  dmp_upload: 'depot_dmp',
  dmp_upload_failed: 'echec_depot_dmp',
  dmp_consult: 'lecture_dmp',
  encounter: 'consultation',
  document_produced: 'document_produit',
  eprescription: 'ordonnance_numerique',
  sick_leave: 'arret_travail',
  costly_act: 'acte_couteux',
};

/** Journal's `type` for a sick leave printed on paper instead of transmitted online (version 3). */
export const PAPER_SICK_LEAVE_ID = 'arret_travail_papier';

/** The journal's `type` cell: the kind's French id, a paper sick leave told apart. */
export function journalType(e: Pick<DmpEvent, 'kind' | 'mode'>): string {
  return e.kind === 'sick_leave' && e.mode === 'paper' ? PAPER_SICK_LEAVE_ID : KIND_FRENCH_ID[e.kind];
}

/** Journal's `annule` column: `oui` for an event the user undid, `non` otherwise. */
export const UNDONE_YES = 'oui';
export const UNDONE_NO = 'non';

/** Display label of each document class, as the journal's `libelle_document` writes it. */
export type DocClassLabels = Readonly<Record<DocClass, string>>;

/**
 * French labels, the same texts as the `docClass_*` entries of public/_locales/fr/messages.json
 * (a unit test keeps them equal). The extension passes labels from `browser.i18n` through
 * `docClassLabels`; this map is the default for a caller without i18n.
 */
export const DEFAULT_FR_DOC_CLASS_LABELS: DocClassLabels = {
  '11488-4': 'CR de consultation',
  '11490-0': 'Lettre de liaison de sortie',
  '18761-7': "Lettre d'adressage",
  '11502-2': 'CR de biologie',
  '18748-4': "CR d'imagerie",
  '34133-9': "Synthèse d'épisode",
  '60591-5': 'Synthèse médicale',
  VSM: 'Volet de synthèse médicale (VSM)',
  '57833-6': 'Prescription de produits de santé',
  '57832-8': 'Prescription de soins',
  '57828-6': 'Autre prescription (dont arrêt de travail)',
  '55115-0': "Demande d'imagerie",
  '87273-9': 'Note de vaccination',
  '11369-6': 'Historique des vaccinations',
  '89601-9': 'Certificat médical',
  '34874-8': 'CR opératoire',
  other: 'Autre document',
};

/**
 * Labels from an i18n lookup (e.g. `browser.i18n.getMessage`), falling back to the French
 * default for a missing message.
 */
export function docClassLabels(getMessage: (key: DocClassMessageKey) => string): DocClassLabels {
  return Object.fromEntries(
    DOC_CLASSES.map((code) => [
      code,
      getMessage(docClassMessageKey(code)) || DEFAULT_FR_DOC_CLASS_LABELS[code],
    ]),
  ) as Record<DocClass, string>;
}

/**
 * Cells a spreadsheet would run as a formula: starting with `=`, `+`, `-`, `@` (also after
 * leading spaces, and their full-width forms), or with a tab, CR or LF. papaparse's own
 * `escapeFormulae: true` pattern (`/^[=+\-@\t\r].*$/`) misses a cell such as `=1+1\nx` because
 * `.` stops at a line break; this one only looks at the start.
 */
export const FORMULA_START = /^(?:[\t\r\n]|[ \u00A0]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

/** A cell: text as is, a number written with the dialect's decimal mark, null as empty. */
export type CsvCell = string | number | null | undefined;

/** Writes a number with the dialect's decimal mark (`decimals` fixed, or as short as it is). */
export function formatNumber(value: number, dialect: CsvDialect, decimals?: number): string {
  const text = decimals === undefined ? String(value) : value.toFixed(decimals);
  return DIALECTS[dialect].decimal === '.' ? text : text.replace('.', DIALECTS[dialect].decimal);
}

/**
 * One CSV text: header and rows quoted and escaped by papaparse (quotes doubled, cells with the
 * separator, quotes or line breaks quoted), formula cells neutralised by a leading `'`,
 * CRLF line ends with one after the last row, and the BOM of the dialect.
 */
export function writeCsv(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<CsvCell>>,
  dialect: CsvDialect,
): string {
  const spec = DIALECTS[dialect];
  const data = rows.map((row) =>
    row.map((cell) =>
      cell === null || cell === undefined
        ? ''
        : typeof cell === 'number'
          ? formatNumber(cell, dialect)
          : cell,
    ),
  );
  // Header and rows as one array of arrays: papaparse joins them with the newline, without one
  // at the end, so the file's last line end is added here whatever the number of rows.
  const body = Papa.unparse([[...header], ...data], {
    delimiter: spec.delimiter,
    newline: CSV_NEWLINE,
    quotes: false,
    quoteChar: '"',
    escapeChar: '"',
    escapeFormulae: FORMULA_START,
  });
  return spec.bom + body + CSV_NEWLINE;
}

/** ISO 8601 local time with the offset of that instant, to the second: `2026-03-29T03:15:00+02:00`. */
export function isoLocal(at: number): string {
  const d = new Date(at);
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return (
    `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** The synthèse: one row per day as given (monthDayStats gives every day of the month). */
export function syntheseCsv(days: readonly DayStats[], dialect: CsvDialect): string {
  const rows = days.map((d) => [
    d.date,
    String(d.consultations),
    String(d.documents_produits),
    String(d.depots_dmp),
    String(d.echecs_depot_dmp),
    String(d.lectures_dmp),
    String(d.ordonnances_numeriques),
    String(d.arrets_travail),
    String(d.actes_couteux),
    String(d.actes_couteux_apres_lecture_dmp),
    formatNumber(d.minutes_dmp, dialect, 1),
    formatNumber(d.minutes_logiciel, dialect, 1),
    d.taux_alimentation === null ? '' : formatNumber(d.taux_alimentation, dialect, 2),
    String(d.documents_requis),
    String(d.documents_requis_deposes),
    String(d.consultations_avec_depot_requis),
  ]);
  return writeCsv(SYNTHESE_COLUMNS, rows, dialect);
}

/** The journal: one row per event, undone ones included (`annule` = `oui`), by time then id. */
export function journalCsv(
  events: readonly DmpEvent[],
  dialect: CsvDialect,
  labels: DocClassLabels = DEFAULT_FR_DOC_CLASS_LABELS,
): string {
  const sorted = [...events].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rows = sorted.map((e) => [
    isoLocal(e.at),
    journalType(e),
    e.docClass ?? '',
    e.docClass ? labels[e.docClass] : '',
    e.site,
    e.source,
    e.encounter ?? '',
    e.durationMs === undefined ? '' : formatNumber(e.durationMs / 1000, dialect, 1),
    e.undone ? UNDONE_YES : UNDONE_NO,
  ]);
  return writeCsv(JOURNAL_COLUMNS, rows, dialect);
}

export interface CsvFile {
  filename: string;
  content: string;
}

export function syntheseFilename(month: string): string {
  return `suivi-dmp_synthese_${month}.csv`;
}

export function journalFilename(month: string): string {
  return `suivi-dmp_journal_${month}.csv`;
}

/**
 * The two files of a month (`YYYY-MM`): the synthèse (every day of the month) and the journal
 * (every event of the month whose stored `day` is in it, undone ones included).
 */
export function monthCsvFiles(
  monthEvents: readonly DmpEvent[],
  monthDays: readonly DaySummary[],
  profile: ObligationProfile,
  month: string,
  dialect: CsvDialect = 'excel-fr',
  labels: DocClassLabels = DEFAULT_FR_DOC_CLASS_LABELS,
): CsvFile[] {
  const days = monthDayStats(monthDays, month, profile);
  const inMonth = monthEvents.filter((e) => e.day.slice(0, 7) === month);
  return [
    { filename: syntheseFilename(month), content: syntheseCsv(days, dialect) },
    { filename: journalFilename(month), content: journalCsv(inMonth, dialect, labels) },
  ];
}

/**
 * The DMP web access for professionals as a chain of pages (docs/domain.md). Only the URL path is
 * read to know where the user stands; nothing on the page that describes the patient.
 *
 * Evidence tags: "WD" is Ophtao-Program/WebDMP-App-ajout-patient-de-StudioVision, code that
 * drives the real site (docs/evidence.md, section "DMP web access").
 */
export const DMP_WEB_SITE = 'dmp-web';

export const DMP_WEB_HOSTS = [
  'wps-psc.dmp.monespacesante.fr', // evidence: WD src/replay.ts, src/main.ts d86310ad7a
  'www.dmp.fr', // supposition (WD only tests that a URL contains "dmp.fr/ps")
] as const;

export const DMP_WEB_MATCHES = DMP_WEB_HOSTS.map((host) => `https://${host}/*`);

export type DmpPage =
  /** Outside any patient record: login, patient list (`/mespatients/raz`), search. */
  | 'outside'
  /** A patient's record summary (`/dmp/recapitulatif`): opening it is a DMP read. */
  | 'record_summary'
  /** The deposit form (`/ajoutdocument`). */
  | 'add_document'
  /** The deposit form shown again with its errors (`ajoutdocument.formajoutdocument`). */
  | 'add_document_refused'
  /** The page asking to accept the action (`demandeconfirmationactiondocument`). */
  | 'confirm_action'
  /** The signature step of a deposit (runs by itself after the accept). */
  | 'signature'
  /** The deposit confirmed (`confirmationajout`). */
  | 'upload_confirmed'
  /** "Confirmation d'accès à un autre DMP": another patient's record is still open. */
  | 'confirm_other_record'
  /** An error page. */
  | 'error'
  /** Any other page inside the open record (documents list, history...). */
  | 'record_other';

export const DMP_PAGES: readonly DmpPage[] = [
  'outside',
  'record_summary',
  'add_document',
  'add_document_refused',
  'confirm_action',
  'signature',
  'upload_confirmed',
  'confirm_other_record',
  'error',
  'record_other',
];

/**
 * Page names of the site, as they appear as one segment of the path. The site is a Tapestry
 * application: a segment may carry an event after a dot (`ajoutdocument.formajoutdocument`, a
 * form posted), and a page may be followed by further segments (its context).
 */
const PAGE_NAMES: Array<[RegExp, DmpPage]> = [
  [/^recapitulatif$/, 'record_summary'], // evidence: WD src/replay.ts d86310ad7a
  [/^ajoutdocument$/, 'add_document'], // evidence: WD src/replay.ts d86310ad7a (URL "contains")
  [/^demandeconfirmationactiondocument$/, 'confirm_action'], // evidence: WD src/replay.ts d86310ad7a
  // evidence: WD src/replay.ts d86310ad7a, header comment only ("signaturedocument")
  [/^signature/, 'signature'],
  [/^confirmationajout$/, 'upload_confirmed'], // evidence: WD src/replay.ts d86310ad7a
  // evidence: WD README.md 2ff17f5a8c, src/replay.ts d86310ad7a
  [/^confirmationouvertureautre$/, 'confirm_other_record'],
  [/^(erreur|error)/, 'error'], // supposition: no error page of the site is shown
];

/**
 * The deposit form posted back to itself: the site refused it and shows it again with its
 * errors. evidence: WD src/replay.ts d86310ad7a, README.md 2ff17f5a8c
 */
const REFUSED_FORM = /^ajoutdocument\.formajoutdocument$/;

/** Where a path of the DMP web access stands in the page chain. */
export function classifyDmpPath(pathname: string): DmpPage {
  const segments = pathname
    .toLowerCase()
    .split('/')
    .filter(Boolean)
    .map((s) => s.replace(/\.(?:html?|aspx|jsp|do)$/, '')); // supposition: extensions tolerated
  for (const segment of segments) {
    if (REFUSED_FORM.test(segment)) return 'add_document_refused';
    // A Tapestry event (`page.component`) on a page stands for that page.
    const name = segment.split(/[.:]/)[0] ?? '';
    for (const [pattern, page] of PAGE_NAMES) if (pattern.test(name)) return page;
  }
  // Pages under /dmp/ other than the list and search belong to the open record (`/dmp/` itself
  // is the application's home, outside any record). evidence: WD src/replay.ts d86310ad7a
  // ("/dmp/" in the URL means logged in); that they are record pages is supposition.
  const last = segments.at(-1) ?? '';
  // The record's documents: their list and a document opened are reading pages of the open
  // record, never a new opening, whatever their last part ("liste" included). supposition: the
  // professional site keeps them under /dmp/documents/ as the patient site of the same family
  // did (`/dmp/documents/liste/raz`, a public scraper of mondmp3.dmp.gouv.fr; docs/evidence.md).
  if (segments[0] === 'dmp' && segments[1] === 'documents') return 'record_other';
  if (segments[0] === 'dmp' && segments.length > 1 && !/^(liste|recherche|accueil|patients?)/.test(last)) {
    return 'record_other';
  }
  return 'outside';
}

export function isDmpWebHost(hostname: string): boolean {
  return (DMP_WEB_HOSTS as readonly string[]).includes(hostname.toLowerCase());
}

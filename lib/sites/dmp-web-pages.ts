/**
 * The DMP web access for professionals as a chain of pages (docs/domain.md). Only the URL path is
 * read to know where the user stands; nothing on the page that describes the patient.
 */
export const DMP_WEB_SITE = 'dmp-web';

export const DMP_WEB_HOSTS = ['wps-psc.dmp.monespacesante.fr', 'www.dmp.fr'] as const;

export const DMP_WEB_MATCHES = DMP_WEB_HOSTS.map((host) => `https://${host}/*`);

export type DmpPage =
  /** Outside any patient record: login, patient list, search. */
  | 'outside'
  /** A patient's record summary (`/dmp/recapitulatif`): opening it is a DMP read. */
  | 'record_summary'
  /** The deposit form (`/ajoutdocument`). */
  | 'add_document'
  /** The page asking to accept the action (`demandeconfirmationactiondocument`). */
  | 'confirm_action'
  /** The signature step of a deposit. */
  | 'signature'
  /** The deposit confirmed (`confirmationajout`). */
  | 'upload_confirmed'
  /** An error page. */
  | 'error'
  /** Any other page inside the open record (documents list, history...). */
  | 'record_other';

export const DMP_PAGES: readonly DmpPage[] = [
  'outside',
  'record_summary',
  'add_document',
  'confirm_action',
  'signature',
  'upload_confirmed',
  'error',
  'record_other',
];

const BY_LAST_SEGMENT: Array<[RegExp, DmpPage]> = [
  [/^recapitulatif$/, 'record_summary'],
  [/^ajoutdocument$/, 'add_document'],
  [/^demandeconfirmationactiondocument$/, 'confirm_action'],
  [/^signature/, 'signature'],
  [/^confirmationajout$/, 'upload_confirmed'],
  [/^(erreur|error)/, 'error'],
];

/** Where a path of the DMP web access stands in the page chain. */
export function classifyDmpPath(pathname: string): DmpPage {
  const segments = pathname.toLowerCase().split('/').filter(Boolean);
  const last = (segments.at(-1) ?? '').replace(/\.(?:html?|aspx|jsp|do)$/, '');
  for (const [pattern, page] of BY_LAST_SEGMENT) if (pattern.test(last)) return page;
  if (segments.includes('erreur') || segments.includes('error')) return 'error';
  // Pages under /dmp/ other than the list and search belong to the open record (`/dmp/` itself
  // is the application's home, outside any record).
  if (segments[0] === 'dmp' && segments.length > 1 && !/^(liste|recherche|accueil|patients?)/.test(last)) {
    return 'record_other';
  }
  return 'outside';
}

export function isDmpWebHost(hostname: string): boolean {
  return (DMP_WEB_HOSTS as readonly string[]).includes(hostname.toLowerCase());
}

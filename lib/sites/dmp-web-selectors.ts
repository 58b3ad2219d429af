/**
 * Selectors of the DMP web access's pages: structure only, never what a field holds.
 * "WD" is Ophtao-Program/WebDMP-App-ajout-patient-de-StudioVision (docs/evidence.md).
 */

/**
 * The deposit form's document type select; its option values are the type labels.
 * evidence: WD src/replay.ts, src/doctypes.ts d86310ad7a (`#typeDocument`)
 * supposition: `name="typeDocument"`, kept as a fallback should the id change.
 */
export const TYPE_SELECT = '#typeDocument, select[name="typeDocument"]';

/** The deposit form: the form that holds the type select. evidence: WD src/replay.ts d86310ad7a */
export const DEPOSIT_FORM = `form:has(${TYPE_SELECT})`;

/**
 * The confirm control of `demandeconfirmationactiondocument`.
 * evidence: WD src/replay.ts d86310ad7a (`#accept`; its text is not shown)
 */
export const ACCEPT_CONTROL = '#accept';

/**
 * The "Oui" of "Confirmation d'accès à un autre DMP": a link to the `confirmopendmp` event.
 * evidence: WD src/replay.ts d86310ad7a, README.md 2ff17f5a8c
 */
export const OPEN_OTHER_RECORD_YES = 'a[href*="confirmopendmp" i]';

/**
 * An error block shown in place of the next step. Its presence is read, not its text.
 * supposition: the site's error block is not shown by any source (WD itself tries a list of
 * guesses). A refused deposit form also shows errors, but it is told by its URL
 * (`ajoutdocument.formajoutdocument`, evidenced): blocks on a page that holds the deposit form
 * are left out, so a form being corrected never reads as a failed deposit.
 */
export const ERROR_BLOCK = `body:not(:has(${TYPE_SELECT})) :is(.erreur, .error, .alert-danger, .alert-error, [role="alert"].erreur, [data-dmp-erreur])`;

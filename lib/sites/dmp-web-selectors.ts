/** Selectors of the DMP web access's pages: structure only, never what a field holds. */

/** The deposit form's document type select. */
export const TYPE_SELECT = 'select[name="typeDocument"]';

/** An error block shown in place of the next step. Its presence is read, not its text. */
export const ERROR_BLOCK =
  '.erreur, .error, .alert-danger, .alert-error, [role="alert"].erreur, [data-dmp-erreur]';

import * as v from 'valibot';
import { DOC_CLASSES } from '../domain/doc-classes';
import { EventIdSchema } from '../domain/events';
import type { KeptSubmit } from '../sites/dmp-web-flow';

/**
 * The deposit's submit, kept by the DMP web access page itself in the tab's sessionStorage
 * (lib/sites/dmp-web-flow.ts, KeptSubmit): the submit message is sent as the form's page
 * unloads and can be lost while a stopped service worker starts again; the pages that follow
 * send the kept submit on load instead. Only a random flow id and the class code are stored:
 * never a title, a file name or anything about the patient. sessionStorage is the tab's own and
 * goes with it.
 */
export const KEPT_SUBMIT_KEY = 'suivi-dmp:pending';

/** The part of the Storage API used (the page's sessionStorage; a fake in tests). */
export type KeptStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const KeptSubmitSchema = v.strictObject({ flowId: EventIdSchema, docClass: v.picklist(DOC_CLASSES) });

/** The page's sessionStorage, or null where the page forbids it (a sandbox, storage off). */
export function pageSessionStorage(): KeptStorage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

/** The user sent the deposit form: its flow id and class are kept for the pages that follow. */
export function keepSubmit(store: KeptStorage | null, submit: KeptSubmit): void {
  try {
    store?.setItem(KEPT_SUBMIT_KEY, JSON.stringify({ flowId: submit.flowId, docClass: submit.docClass }));
  } catch {
    // Storage full or forbidden: the submit message is all there is then.
  }
}

/** The kept submit, checked; anything else under the key (written by the page?) is dropped. */
export function readKeptSubmit(store: KeptStorage | null): KeptSubmit | undefined {
  let raw: string | null;
  try {
    raw = store?.getItem(KEPT_SUBMIT_KEY) ?? null;
  } catch {
    return undefined;
  }
  if (raw === null) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  const result = v.safeParse(KeptSubmitSchema, parsed);
  if (result.success) return result.output;
  forgetKeptSubmit(store);
  return undefined;
}

export function forgetKeptSubmit(store: KeptStorage | null): void {
  try {
    store?.removeItem(KEPT_SUBMIT_KEY);
  } catch {
    // Nothing to do: the next submit overwrites it, and the flow ignores it off the chain.
  }
}

import { browser } from 'wxt/browser';
import { docClassMessageKey, type DocClass } from '@/lib/domain/doc-classes';
import type { EventKind } from '@/lib/domain/events';
import type { Problem } from '@/lib/domain/problem';

/**
 * The message names of public/_locales, as WXT generates them from the French file
 * (.wxt/types/i18n.d.ts, refreshed by `wxt prepare`): its last `getMessage` overload takes
 * any of them. A key missing from the locale files does not compile.
 */
export type MessageKey = Parameters<typeof browser.i18n.getMessage>[0];

/** A message from `_locales` (French by default, English where the browser asks for it). */
export function t(key: MessageKey, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

export const docClassLabel = (code: DocClass) => t(docClassMessageKey(code));
export const kindLabel = (kind: EventKind) => t(`kind_${kind}`);

/** Error codes from the background, in words the user can act on. */
export function errorLabel(code: string): string {
  if (code === 'storage_full') return t('error_storage_full');
  return code === 'picker_unavailable' ? t('error_picker_unavailable') : t('error_generic');
}

/** A problem from lib/ (a refused backup...) in words: nested problems are worded first. */
export function problemText({ key, params }: Problem<MessageKey>): string {
  return t(
    key,
    params.map((p) => (typeof p === 'string' ? p : problemText(p))),
  );
}

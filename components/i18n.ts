import { browser } from 'wxt/browser';
import { docClassMessageKey, type DocClass } from '@/lib/domain/doc-classes';
import type { EventKind } from '@/lib/domain/events';

/** A message from `_locales` (French by default, English where the browser asks for it). */
export function t(key: string, substitutions?: string | string[]): string {
  // Keys are checked by the i18n test against both locale files, not by the compiler.
  return browser.i18n.getMessage(key as 'extName', substitutions) || key;
}

export const docClassLabel = (code: DocClass) => t(docClassMessageKey(code));
export const kindLabel = (kind: EventKind) => t(`kind_${kind}`);

/** Error codes from the background, in words the user can act on. */
export function errorLabel(code: string): string {
  return code === 'storage_full' ? t('error_storage_full') : t('error_generic');
}

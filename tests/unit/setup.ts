import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DB_NAME } from '@/lib/storage/db';

type LocaleMessages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;

const frMessages = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../public/_locales/fr/messages.json'), 'utf8'),
) as LocaleMessages;

/**
 * `browser.i18n.getMessage` as the browser does it for a French user: named placeholders
 * replaced by their content, then `$1`..`$9` by the substitutions. Unknown keys give ''.
 */
export function frenchGetMessage(key: string, substitutions?: string | string[]): string {
  const entry = frMessages[key];
  if (!entry) return '';
  const subs =
    substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  const placeholders = Object.fromEntries(
    Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]),
  );
  return entry.message
    .replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => placeholders[name.toLowerCase()] ?? whole)
    .replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '')
    .replace(/\$\$/g, '$');
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
    // A test left a connection open: start the next test from an empty factory instead.
    request.onblocked = () => {
      globalThis.indexedDB = new IDBFactory();
      resolve();
    };
  });
}

beforeEach(() => {
  fakeBrowser.reset();
  // The fake browser does not implement i18n: answer in French from the locale file.
  fakeBrowser.i18n.getMessage = frenchGetMessage as typeof fakeBrowser.i18n.getMessage;
});

afterEach(async () => {
  await deleteDatabase(DB_NAME);
});

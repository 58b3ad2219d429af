import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';

/**
 * The id Chromium gives an unpacked extension without a `key` in its manifest: the SHA-256 of
 * its absolute path, first 16 bytes, each hex digit 0-f written as a letter a-p. A policy for
 * that one copy can then be written before the browser starts.
 */
export function unpackedExtensionId(dir: string): string {
  const hex = createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode('a'.charCodeAt(0) + parseInt(c, 16))).join('');
}

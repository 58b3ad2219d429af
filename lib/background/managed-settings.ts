import { seedFromManaged } from '../domain/managed';
import { problemDebugText } from '../domain/problem';
import { managedAppliedItem, readManagedSettings, settingsItem } from '../storage/items';
import { log } from './services';

/**
 * Applies the practice's policy (storage.managed) to this browser's settings: each value seeds
 * the setting when it first appears or when the practice changes it; the doctor's later change
 * stays (lib/domain/managed.ts). A policy that does not parse changes nothing and is logged; the
 * welcome page and the dashboard show it in words. Run at start and when the policy changes.
 */
export async function applyManagedSettings(): Promise<'applied' | 'unchanged' | 'refused'> {
  const read = await readManagedSettings();
  if (!read.ok) {
    log(`managed settings refused: ${problemDebugText(read.problem)}`);
    return 'refused';
  }
  const last = await managedAppliedItem.get();
  const seeded = seedFromManaged(await settingsItem.get(), read.managed, last);
  if (seeded.changed) await settingsItem.set(seeded.settings);
  if (JSON.stringify(last) !== JSON.stringify(read.managed)) await managedAppliedItem.set(read.managed);
  return seeded.changed ? 'applied' : 'unchanged';
}

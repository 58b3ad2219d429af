import { useEffect, useState } from 'preact/hooks';
import type { Problem } from '@/lib/domain/problem';
import { readManagedSettings } from '@/lib/storage/items';
import { problemText, type MessageKey } from './i18n';

/**
 * The practice's policy (storage.managed) when it was refused: in words, on the welcome page and
 * in the dashboard's settings, so the doctor can tell the person who manages the workstations.
 * Nothing of a refused policy is applied (lib/background/managed-settings.ts).
 */
export function ManagedProblem() {
  const [refused, setRefused] = useState<Problem<MessageKey> | null>(null);
  useEffect(() => {
    void readManagedSettings().then((r) => setRefused(r.ok ? null : r.problem));
  }, []);
  if (!refused) return null;
  return (
    <p class="status error" role="alert" data-testid="managed-problem">
      {problemText(refused)}
    </p>
  );
}

import type { EventKind } from '@/lib/domain/events';
import { t } from '../i18n';

export interface EncounterBarProps {
  /** Counts of the consultation under way in this tab; null when none is open. */
  counts: Partial<Record<EventKind, number>> | null;
  /** An attempt waits for the page's confirmation. */
  waiting: boolean;
  onAddManual?: () => void;
  onTeach?: () => void;
}

const SHOWN: EventKind[] = ['dmp_upload', 'dmp_consult', 'eprescription', 'sick_leave'];

/** The practice-program line of the overlay: this consultation's counts, "+1", teaching. */
export function EncounterBar({ counts, waiting, onAddManual, onTeach }: EncounterBarProps) {
  const parts = counts ? SHOWN.filter((k) => counts[k]).map((k) => `${t(`kind_${k}`)} ${counts[k]}`) : [];
  return (
    <span class="encounter">
      {waiting && (
        <span class="waiting" data-testid="waiting">
          {t('overlayWaiting')}
        </span>
      )}
      {counts && (
        <span class="enc-counts">{t('overlayEncounter', parts.length ? parts.join(' · ') : '0')}</span>
      )}
      {onAddManual && (
        <button type="button" class="link" onClick={onAddManual} aria-label={t('overlayAddDepositLong')}>
          {t('addDeposit')}
        </button>
      )}
      {onTeach && (
        <button type="button" class="link" onClick={onTeach}>
          {t('teachButton')}
        </button>
      )}
    </span>
  );
}

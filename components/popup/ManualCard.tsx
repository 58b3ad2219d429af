import { useEffect, useState } from 'preact/hooks';
import { DOC_CLASSES, type DocClass } from '@/lib/domain/doc-classes';
import type { RequestOf } from '@/lib/messaging/protocol';
import { formatClock } from '../format';
import { docClassLabel, t } from '../i18n';

/** What the card asks of the background: a "+1", or undo the last entry. */
export type ManualAction = RequestOf<'add_manual' | 'undo_last'>;

interface Props {
  timerStartedAt: number | null;
  onAct: (action: ManualAction) => void;
  onTimer: (start: boolean) => void;
  status: { text: string; error: boolean } | null;
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [active]);
  return now;
}

/** Work the extension cannot see: "+1" entries, undo, and the "Je travaille sur le DMP" timer. */
export function ManualCard({ timerStartedAt, onAct, onTimer, status }: Props) {
  const [docClass, setDocClass] = useState<DocClass>('11488-4');
  const running = timerStartedAt !== null;
  const now = useNow(running);
  return (
    <section class="card" aria-labelledby="manual-title">
      <h2 id="manual-title">{t('manualTitle')}</h2>
      <div class="timer">
        <button
          type="button"
          class={running ? 'timer-button running' : 'timer-button'}
          aria-pressed={running}
          onClick={() => onTimer(!running)}
        >
          {running ? t('timerStop') : t('timerStart')}
        </button>
        {running && (
          <span class="clock" role="timer" aria-label={t('timerElapsed')}>
            {formatClock(now - timerStartedAt)}
          </span>
        )}
      </div>
      <label class="field">
        <span>{t('docType')}</span>
        <select
          id="manual-doc-class"
          value={docClass}
          onChange={(e) => setDocClass((e.currentTarget as HTMLSelectElement).value as DocClass)}
        >
          {DOC_CLASSES.map((c) => (
            <option value={c}>{docClassLabel(c)}</option>
          ))}
        </select>
      </label>
      <div class="actions">
        <button
          type="button"
          class="primary"
          onClick={() => onAct({ type: 'add_manual', id: crypto.randomUUID(), kind: 'dmp_upload', docClass })}
        >
          {t('addDeposit')}
        </button>
        <button
          type="button"
          onClick={() => onAct({ type: 'add_manual', id: crypto.randomUUID(), kind: 'dmp_consult' })}
        >
          {t('addRead')}
        </button>
        <button type="button" onClick={() => onAct({ type: 'undo_last' })}>
          {t('undoLast')}
        </button>
      </div>
      <p class={status?.error ? 'status error' : 'status'} role="status" aria-live="polite">
        {status?.text ?? ''}
      </p>
    </section>
  );
}

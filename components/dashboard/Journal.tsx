import { useState } from 'preact/hooks';
import type { DmpEvent } from '@/lib/domain/events';
import { sendMessage } from '@/lib/messaging/client';
import { uiLang } from '../format';
import { docClassLabel, errorLabel, kindLabel, t } from '../i18n';
import { notifyDataChanged } from './month-data';

const PAGE = 20;

function describe(e: Pick<DmpEvent, 'kind' | 'docClass'>): string {
  return e.docClass ? `${kindLabel(e.kind)} (${docClassLabel(e.docClass)})` : kindLabel(e.kind);
}

function when(at: number): string {
  return new Date(at).toLocaleString(uiLang() === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'short',
  });
}

function sourceLabel(source: DmpEvent['source']): string {
  return source === 'auto' ? t('sourceAuto') : source === 'manual' ? t('sourceManual') : t('sourceTaught');
}

/** Every event of the month, newest first, each with undo (or redo once undone). */
export function Journal({ events }: { events: readonly DmpEvent[] }) {
  const [shown, setShown] = useState(PAGE);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  if (events.length === 0) return <p class="muted">{t('journalNone')}</p>;
  const sorted = [...events].sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));

  const toggle = async (e: DmpEvent) => {
    setBusy(e.id);
    const type = e.undone ? 'redo' : 'undo';
    const reply = await sendMessage(type, { id: e.id });
    setBusy(null);
    setStatus(
      reply.ok
        ? {
            text: type === 'undo' ? t('undoneWhat', describe(e)) : t('redoneWhat', describe(e)),
            error: false,
          }
        : { text: errorLabel(reply.error), error: true },
    );
    if (reply.ok) notifyDataChanged();
  };

  return (
    <div>
      <p class={status?.error ? 'status error' : 'status'} role="status">
        {status?.text ?? ''}
      </p>
      <div class="table-scroll">
        <table class="journal" data-testid="journal">
          <caption class="sr-only">{t('journalTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('journalWhen')}</th>
              <th scope="col">{t('journalWhat')}</th>
              <th scope="col">{t('journalSite')}</th>
              <th scope="col">{t('journalSource')}</th>
              <th scope="col">{t('journalState')}</th>
              <th scope="col">
                <span class="sr-only">{t('taughtActions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.slice(0, shown).map((e) => (
              <tr data-event={e.id} class={e.undone ? 'undone' : ''}>
                <td>{when(e.at)}</td>
                <td>{describe(e)}</td>
                <td>{e.site.replace(/^custom:/, '')}</td>
                <td>{sourceLabel(e.source)}</td>
                <td>{e.undone ? t('journalUndone') : t('journalCounted')}</td>
                <td class="actions">
                  <button
                    type="button"
                    disabled={busy === e.id}
                    aria-label={`${e.undone ? t('redo') : t('undo')} : ${describe(e)}, ${when(e.at)}`}
                    onClick={() => void toggle(e)}
                  >
                    {e.undone ? t('redo') : t('undo')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {sorted.length > shown && (
        <button type="button" class="more" onClick={() => setShown(shown + PAGE)}>
          {t('journalMore', String(sorted.length - shown))}
        </button>
      )}
    </div>
  );
}

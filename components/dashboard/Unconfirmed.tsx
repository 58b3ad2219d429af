import { useEffect, useState } from 'preact/hooks';
import { isSafetyNetRule } from '@/lib/domain/rules';
import type { UnconfirmedRecord } from '@/lib/domain/unconfirmed';
import { listUnconfirmed } from '@/lib/storage/rule-store';
import { docClassLabel, t } from '../i18n';
import { sendMessage } from '@/lib/messaging/client';
import { formatWhen, readDb } from './dashboard-data';

/** Clicks that no confirmation followed: the user says whether they really happened. */
export function Unconfirmed() {
  const [items, setItems] = useState<UnconfirmedRecord[] | null>(null);
  const refresh = () => readDb(listUnconfirmed).then(setItems);
  useEffect(() => void refresh(), []);
  if (!items) return <p class="muted">{t('loading')}</p>;
  if (items.length === 0) return <p class="muted">{t('unconfirmedNone')}</p>;
  const resolve = async (id: string, confirm: boolean) => {
    await sendMessage('unconfirmed_resolve', { id, confirm });
    await refresh();
  };
  return (
    <table class="unconfirmed">
      <thead>
        <tr>
          <th scope="col">{t('unconfirmedWhen')}</th>
          <th scope="col">{t('taughtWhat')}</th>
          <th scope="col">{t('taughtSite')}</th>
          <th scope="col">{t('taughtActions')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((u) => (
          <tr data-unconfirmed={u.id}>
            <td>{formatWhen(u.at)}</td>
            <td>
              {t(`kind_${u.kind}`)}
              {u.docClass ? ` (${docClassLabel(u.docClass)})` : ''}
            </td>
            <td>
              {u.site.replace(/^custom:/, '')}
              {/* Caught by the safety net: a built-in rule missed this send. */}
              {isSafetyNetRule(u.ruleId) && <span class="muted"> · {t('ruleState_net')}</span>}
            </td>
            <td class="actions">
              <button type="button" class="primary" onClick={() => void resolve(u.id, true)}>
                {t('unconfirmedConfirm')}
              </button>{' '}
              <button type="button" onClick={() => void resolve(u.id, false)}>
                {t('unconfirmedDismiss')}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

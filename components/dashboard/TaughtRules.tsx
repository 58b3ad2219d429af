import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { TaughtRule } from '@/lib/domain/rules';
import { originsOf } from '@/lib/sites/origins';
import { sendMessage, sendToTab } from '@/lib/messaging/client';
import { allTaughtRules } from '@/lib/storage/rule-store';
import { t } from '../i18n';
import { formatWhen, readDb } from './dashboard-data';

/** Rules taught with the picker: rename, test on an open page of their site, delete. */
export function TaughtRules() {
  const [rules, setRules] = useState<TaughtRule[]>([]);
  const [names, setNames] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const refresh = () =>
    readDb(allTaughtRules).then((list) => setRules(list.sort((a, b) => a.createdAt - b.createdAt)));
  useEffect(() => void refresh(), []);

  const test = async (rule: TaughtRule) => {
    // Tabs of that site only (the extension has access to them, no `tabs` permission needed).
    const tabs = await browser.tabs.query({ url: originsOf(rule.host) }).catch(() => []);
    let found = 0;
    for (const tab of tabs) {
      if (tab.id === undefined) continue;
      const reply = await sendToTab(
        tab.id,
        {
          type: 'test_rule',
          ...(rule.selector ? { selector: rule.selector } : {}),
          ...(rule.text ? { text: rule.text } : {}),
        },
        { frameId: 0 },
      );
      found += reply?.found ?? 0;
    }
    setStatus(tabs.length === 0 ? t('taughtTestNoTab', rule.host) : t('taughtTestFound', String(found)));
  };

  if (rules.length === 0) return <p class="muted">{t('taughtNone')}</p>;
  return (
    <div>
      <table class="taught">
        <thead>
          <tr>
            <th scope="col">{t('taughtName')}</th>
            <th scope="col">{t('taughtSite')}</th>
            <th scope="col">{t('taughtWhat')}</th>
            <th scope="col">{t('taughtLastMatched')}</th>
            <th scope="col">{t('taughtActions')}</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => (
            <tr data-rule={rule.id}>
              <td>
                <input
                  aria-label={t('taughtName')}
                  value={names[rule.id] ?? rule.name}
                  maxLength={80}
                  onInput={(e) =>
                    setNames({ ...names, [rule.id]: (e.currentTarget as HTMLInputElement).value })
                  }
                />
              </td>
              <td>{rule.host}</td>
              <td>{t(`kind_${rule.event}`)}</td>
              <td>{rule.lastMatchedAt ? formatWhen(rule.lastMatchedAt) : t('taughtNever')}</td>
              <td class="actions">
                <button
                  type="button"
                  onClick={async () => {
                    await sendMessage('taught_rename', {
                      id: rule.id,
                      name: (names[rule.id] ?? rule.name).trim().slice(0, 80),
                    });
                    await refresh();
                  }}
                >
                  {t('taughtRename')}
                </button>{' '}
                <button type="button" onClick={() => void test(rule)}>
                  {t('taughtTest')}
                </button>{' '}
                <button
                  type="button"
                  onClick={async () => {
                    await sendMessage('taught_delete', { id: rule.id });
                    await refresh();
                  }}
                >
                  {t('taughtDelete')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="status" role="status" aria-live="polite">
        {status}
      </p>
    </div>
  );
}

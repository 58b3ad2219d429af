import { useEffect, useState } from 'preact/hooks';
import { EMPTY_HEALTH, ruleState, type HealthRecord, type RuleState } from '@/lib/domain/rule-health';
import { ruleHealthItem } from '@/lib/storage/items';
import { isSafetyNetRule, type Adapter } from '@/lib/domain/rules';
import { t } from '../i18n';
import { formatWhen } from './dashboard-data';

function stateLabel(state: RuleState): string {
  if (state === 'never') return t('ruleState_never');
  if (state === 'silent') return t('ruleState_silent');
  if (state === 'unconfirmed') return t('ruleState_unconfirmed');
  if (state === 'caught') return t('ruleState_caught');
  return t('ruleState_ok');
}

/**
 * Health of a site's rules: when each last matched and was last confirmed, and a flag when a
 * rule has gone silent while the site is in use (its markup may have changed: teach it again),
 * or when the safety net behind a built-in adapter caught a send its rules missed.
 */
export function RuleHealthList({ site, adapter }: { site: string; adapter: Adapter }) {
  const [health, setHealth] = useState<HealthRecord>(EMPTY_HEALTH);
  useEffect(() => {
    void ruleHealthItem.get().then(setHealth);
  }, []);
  const now = Date.now();
  const rules = adapter.rules.filter((r) => r.event);
  return (
    <details class="rule-health">
      <summary>{t('ruleHealthTitle')}</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('taughtWhat')}</th>
            <th scope="col">{t('ruleHealthMatched')}</th>
            <th scope="col">{t('ruleHealthConfirmed')}</th>
            <th scope="col">{t('ruleHealthState')}</th>
            <th scope="col">{t('ruleHealthCounts')}</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule) => {
            const h = health.rules[`${site}/${rule.id}`];
            const state = ruleState(health, site, rule.id, now);
            return (
              <tr data-rule-health={rule.id} data-state={state}>
                <td>
                  {t(`kind_${rule.event!}`)}{' '}
                  <span class="muted">
                    ({isSafetyNetRule(rule.id) ? `${t('ruleState_net')} · ` : ''}
                    {rule.id})
                  </span>
                </td>
                <td>{h?.matchedAt ? formatWhen(h.matchedAt) : t('taughtNever')}</td>
                <td>{h?.confirmedAt ? formatWhen(h.confirmedAt) : t('taughtNever')}</td>
                <td class={state === 'ok' ? '' : 'warn'}>{stateLabel(state)}</td>
                <td data-counts>
                  {h?.counts
                    ? t('ruleHealthCountsValue', [
                        String(h.counts.matches),
                        String(h.counts.confirmations),
                        String(h.counts.failures),
                        String(h.counts.timeouts),
                      ])
                    : '—'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </details>
  );
}

import type { FeedingRate } from '@/lib/domain/compliance';
import { rateBand } from '@/lib/domain/popup-model';
import { formatPercent } from './format';
import { t } from './i18n';

/**
 * The feeding rate with its colour band, its verdict in words (colour is never the only
 * signal), a meter, and what it is measured against. Shared by the popup and the dashboard.
 */
export function RateBlock({ rate, testId }: { rate: FeedingRate; testId: string }) {
  const band = rateBand(rate);
  const verdict = band === 'none' ? '' : rate.meetsTarget ? t('rateMet') : t('rateNotMet');
  const basis =
    rate.rate === null && rate.basis === 'documents' ? t('rateNoRequired') : t(`rateBasis_${rate.basis}`);
  return (
    <div class={`rate rate-${band}`} data-testid={testId}>
      <div class="rate-line">
        <span class="rate-label">{t('feedingRate')}</span>
        <strong class="rate-value">{rate.rate === null ? '–' : formatPercent(rate.rate)}</strong>
        <span class="rate-verdict">{verdict}</span>
      </div>
      <div class="meter" aria-hidden="true">
        <span style={{ width: `${Math.min(100, Math.round((rate.rate ?? 0) * 100))}%` }} />
      </div>
      <p class="rate-basis">
        {basis} · {t('rateTarget', formatPercent(rate.targetRate))}
      </p>
    </div>
  );
}

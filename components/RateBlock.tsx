import type { FeedingRate } from '@/lib/domain/feeding-rate';
import { rateBand } from '@/lib/domain/popup-model';
import { formatPercent } from './format';
import { t } from './i18n';

/**
 * The feeding rate with its colour band, its verdict in words (colour is never the only
 * signal), a meter, its numerator and denominator, and the deposits it leaves out. Where there
 * is nothing to compare deposits with, it says so in words instead of showing a rate. Shared
 * by the popup and the dashboard.
 */
export function RateBlock({ rate, testId }: { rate: FeedingRate; testId: string }) {
  const band = rateBand(rate);
  const noRate =
    rate.rate === null ? (rate.basis === 'documents' ? t('rateNoRequired') : t('rateNone')) : null;
  const verdict = band === 'none' ? '' : rate.meetsTarget ? t('rateMet') : t('rateNotMet');
  return (
    <div class={`rate rate-${band}`} data-testid={testId} title={t('rateDefinition')}>
      <div class="rate-line">
        <span class="rate-label">{t('feedingRate')}</span>
        <strong class="rate-value">{rate.rate === null ? '–' : formatPercent(rate.rate)}</strong>
        <span class="rate-verdict">{verdict}</span>
      </div>
      {noRate === null && (
        <div class="meter" aria-hidden="true">
          <span style={{ width: `${Math.round((rate.rate ?? 0) * 100)}%` }} />
        </div>
      )}
      <p class="rate-fraction" data-testid={`${testId}-fraction`}>
        {noRate ??
          `${t(`rateFraction_${rate.basis as 'documents' | 'consultations'}`, [
            String(rate.numerator),
            String(rate.denominator),
          ])} · ${t('rateTarget', formatPercent(rate.targetRate))}`}
      </p>
      {rate.extraDeposits > 0 && (
        <p class="rate-extra" data-testid={`${testId}-extra`}>
          {t('rateExtra', String(rate.extraDeposits))}
        </p>
      )}
    </div>
  );
}

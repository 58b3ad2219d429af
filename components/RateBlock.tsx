import type { FeedingRate } from '@/lib/domain/feeding-rate';
import { rateBand } from '@/lib/domain/popup-model';
import { formatNumber, formatPercent, uiLang } from './format';
import { t } from './i18n';

/** Which form a count takes: French puts 0 and 1 in the singular, English 1 only. */
function form(n: number): 'one' | 'many' {
  return (uiLang() === 'fr' ? n <= 1 : n === 1) ? 'one' : 'many';
}

/** "12 documents requis déposés sur 15 attendus", or its consultations counterpart. */
function fraction(rate: FeedingRate & { basis: 'documents' | 'consultations' }): string {
  const num = t(`rateNum_${rate.basis}_${form(rate.numerator)}`, formatNumber(rate.numerator));
  const den = t(`rateDen_${rate.basis}_${form(rate.denominator)}`, formatNumber(rate.denominator));
  return `${num} ${den}`;
}

/**
 * The feeding rate with its colour band, its verdict in words (colour is never the only
 * signal), a meter, its numerator and denominator, and the deposits it leaves out. Where there
 * is nothing to compare deposits with, it says so in words instead of showing a rate. Its
 * definition, in one sentence, is shown (`explain="shown"`, the dashboard) or one click away
 * (the popup). Shared by the popup and the dashboard.
 */
export function RateBlock({
  rate,
  testId,
  explain = 'folded',
}: {
  rate: FeedingRate;
  testId: string;
  explain?: 'shown' | 'folded';
}) {
  const band = rateBand(rate);
  const noRate = rate.basis === 'none' ? t('rateNone') : rate.rate === null ? t('rateNoRequired') : null;
  const verdict = band === 'none' ? '' : rate.meetsTarget ? t('rateMet') : t('rateNotMet');
  return (
    <div class={`rate rate-${band}`} data-testid={testId}>
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
        {rate.basis === 'none' || noRate !== null
          ? noRate
          : [
              `${fraction({ ...rate, basis: rate.basis })} · `,
              <span class="rate-target">{t('rateTarget', formatPercent(rate.targetRate))}</span>,
            ]}
      </p>
      {rate.extraDeposits > 0 && (
        <p class="rate-extra" data-testid={`${testId}-extra`}>
          {t(`rateExtra_${form(rate.extraDeposits)}`, formatNumber(rate.extraDeposits))}
        </p>
      )}
      {explain === 'shown' ? (
        <p class="rate-definition">{t('rateDefinition')}</p>
      ) : (
        <details class="rate-definition">
          <summary>{t('rateHow')}</summary>
          {t('rateDefinition')}
        </details>
      )}
    </div>
  );
}

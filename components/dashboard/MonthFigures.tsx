import type { PopupModel } from '@/lib/domain/popup-model';
import { RateBlock } from '../RateBlock';
import { formatEur, formatMinutes, formatNumber, formatPercent, uiLang } from '../format';
import { t } from '../i18n';

/**
 * The month against the chosen obligation: the popup's figures (lib/domain/popup-model.ts, the same
 * functions and numbers), laid out for the report.
 */
export function MonthFigures({ model }: { model: PopupModel }) {
  const lang = uiLang();
  const { month, profile } = model;
  const { rate, fine } = month;
  const item = (id: string, label: string, value: string, note?: string) => (
    <div class="figure" data-testid={`report-${id}`}>
      <dt>{label}</dt>
      <dd>
        {value}
        {note && <span class="note">{note}</span>}
      </dd>
    </div>
  );
  return (
    <div class="month-figures">
      <p class="profile-line">
        {t('reportProfile')} <strong data-testid="report-profile">{profile.label[lang]}</strong>
      </p>
      <RateBlock rate={rate} testId="report-rate" explain="shown" />
      <dl class="figures-grid">
        {item('uploads', t('deposits'), String(month.counts.dmp_upload))}
        {item('consultations', t('consultations'), String(month.counts.encounter))}
        {item('missing', t('missingDocs'), String(rate.missing))}
        {item('failures', t('failures'), String(month.counts.dmp_upload_failed))}
        {item('reads', t('reads'), String(month.counts.dmp_consult))}
        {item(
          'fine',
          t('fineTheoretical'),
          formatEur(fine.amountEur),
          !profile.fine
            ? t('fineNone')
            : fine.inEffect
              ? t(`status_${profile.status}`)
              : t('fineFrom', [fine.appliesFrom ?? '', formatEur(fine.amountIfAppliedEur)]),
        )}
        {item(
          'time',
          t('dmpTime'),
          formatMinutes(month.dmpMinutes),
          t('timeCost', [formatEur(month.costEur), formatEur(month.hourlyValueEur)]),
        )}
        {item(
          'per-deposit',
          t('perDeposit'),
          month.medianDepositSeconds === null ? '–' : `${formatNumber(month.medianDepositSeconds)} s`,
        )}
        {item(
          'per-consultation',
          t('perConsultation'),
          month.minutesPerConsultation === null
            ? '–'
            : `${formatNumber(month.minutesPerConsultation, 1)} min`,
        )}
        {month.costlyActs &&
          item(
            'costly',
            t('costlyAfterRead'),
            month.costlyActs.share === null ? t('costlyNone') : formatPercent(month.costlyActs.share),
          )}
      </dl>
      {profile.censure && <p class="note censure">{profile.censure[lang]}</p>}
    </div>
  );
}

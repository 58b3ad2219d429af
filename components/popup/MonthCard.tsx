import { PROFILE_IDS, builtinProfile } from '@/lib/domain/obligations';
import type { PopupModel } from '@/lib/domain/popup-model';
import { RateBlock } from '../RateBlock';
import { formatDay, formatEur, formatMinutes, formatNumber, formatPercent, uiLang } from '../format';
import { t } from '../i18n';

interface Props {
  month: PopupModel['month'];
  profile: PopupModel['profile'];
  onProfile: (id: (typeof PROFILE_IDS)[number]) => void;
}

/** This month against the chosen obligation: feeding rate, missing documents, fine, time. */
export function MonthCard({ month, profile, onProfile }: Props) {
  const lang = uiLang();
  const { rate, fine } = month;
  return (
    <section class="card" aria-labelledby="month-title">
      <div class="card-head">
        <h2 id="month-title">{t('thisMonth')}</h2>
        <label class="profile-pick">
          <span class="sr-only">{t('profileLabel')}</span>
          <select
            value={profile.id}
            onChange={(e) =>
              onProfile((e.currentTarget as HTMLSelectElement).value as (typeof PROFILE_IDS)[number])
            }
          >
            {PROFILE_IDS.map((id) => (
              <option value={id}>
                {id === profile.id ? profile.label[lang] : builtinProfile(id)!.label[lang]}
              </option>
            ))}
          </select>
        </label>
      </div>

      <RateBlock rate={rate} testId="month-rate" />

      <dl class="month-list">
        <div data-testid="month-uploads">
          <dt>{t('deposits')}</dt>
          <dd>{month.counts.dmp_upload}</dd>
        </div>
        <div data-testid="month-missing">
          <dt>{t('missingDocs')}</dt>
          <dd>{rate.missing}</dd>
        </div>
        <div data-testid="month-failures">
          <dt>{t('failures')}</dt>
          <dd>{month.counts.dmp_upload_failed}</dd>
        </div>
        <div data-testid="month-reads">
          <dt>{t('reads')}</dt>
          <dd>{month.counts.dmp_consult}</dd>
        </div>
        <div data-testid="month-fine">
          <dt>{t('fineTheoretical')}</dt>
          <dd>
            {formatEur(fine.amountEur)}
            <span class="note">
              {!profile.fine
                ? t('fineNone')
                : fine.inEffect
                  ? t(`status_${profile.status}`)
                  : t('fineFrom', [
                      fine.appliesFrom ? formatDay(fine.appliesFrom) : '',
                      formatEur(fine.amountIfAppliedEur),
                    ])}
            </span>
          </dd>
        </div>
        <div data-testid="month-time">
          <dt>{t('dmpTime')}</dt>
          <dd>
            {formatMinutes(month.dmpMinutes)}
            <span class="note">
              {t('timeCost', [formatEur(month.costEur), formatEur(month.hourlyValueEur)])}
            </span>
          </dd>
        </div>
        <div data-testid="month-per-deposit">
          <dt>{t('perDeposit')}</dt>
          <dd>
            {month.medianDepositSeconds === null ? '–' : `${formatNumber(month.medianDepositSeconds)} s`}
          </dd>
        </div>
        <div data-testid="month-per-consultation">
          <dt>{t('perConsultation')}</dt>
          <dd>
            {month.minutesPerConsultation === null
              ? '–'
              : `${formatNumber(month.minutesPerConsultation, 1)} min`}
          </dd>
        </div>
        {month.costlyActs && (
          <div data-testid="month-costly">
            <dt>{t('costlyAfterRead')}</dt>
            <dd>
              {month.costlyActs.share === null ? (
                <span class="note">{t('costlyNone')}</span>
              ) : (
                formatPercent(month.costlyActs.share)
              )}
            </dd>
          </div>
        )}
      </dl>
      {profile.censure && <p class="note censure">{profile.censure[lang]}</p>}
    </section>
  );
}

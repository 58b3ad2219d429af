import type { PopupModel } from '@/lib/domain/popup-model';
import { formatMinutes } from '../format';
import { t } from '../i18n';

/** Today at a glance: deposits against consultations, DMP reads, DMP minutes, failures. */
export function TodayCard({ today }: { today: PopupModel['today'] }) {
  const { counts } = today;
  return (
    <section class="card" aria-labelledby="today-title">
      <h2 id="today-title">{t('today')}</h2>
      <dl class="figures">
        <div class="figure uploads" data-testid="today-uploads">
          <dt>{t('deposits')}</dt>
          <dd>{counts.dmp_upload}</dd>
        </div>
        <div class="figure consultations" data-testid="today-consultations">
          <dt>{t('consultations')}</dt>
          <dd>{counts.encounter}</dd>
        </div>
        <div class="figure reads" data-testid="today-reads">
          <dt>{t('reads')}</dt>
          <dd>{counts.dmp_consult}</dd>
        </div>
        <div class="figure minutes" data-testid="today-minutes">
          <dt>{t('dmpTime')}</dt>
          <dd>{formatMinutes(today.dmpMinutes)}</dd>
        </div>
      </dl>
      <p
        class={counts.dmp_upload_failed ? 'failures-line has-failures' : 'failures-line'}
        data-testid="today-failures"
      >
        {t('failures')} : <span>{counts.dmp_upload_failed}</span>
      </p>
    </section>
  );
}

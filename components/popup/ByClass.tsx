import { DOC_CLASSES } from '@/lib/domain/doc-classes';
import type { PopupModel } from '@/lib/domain/popup-model';
import { docClassLabel, t } from '../i18n';

/** Deposits by document class, today and this month (only classes with a deposit). */
export function ByClass({ model }: { model: PopupModel }) {
  const classes = DOC_CLASSES.filter((c) => model.month.uploadsByClass[c]);
  return (
    <details class="card by-class-card">
      <summary>
        <h2 id="by-class-title">{t('byClass')}</h2>
      </summary>
      {classes.length === 0 ? (
        <p class="muted">{t('noDeposits')}</p>
      ) : (
        <table class="by-class" aria-labelledby="by-class-title">
          <thead>
            <tr>
              <th scope="col">{t('docType')}</th>
              <th scope="col">{t('today')}</th>
              <th scope="col">{t('thisMonth')}</th>
            </tr>
          </thead>
          <tbody>
            {classes.map((c) => (
              <tr data-class={c}>
                <th scope="row">{docClassLabel(c)}</th>
                <td>{model.today.uploadsByClass[c] ?? 0}</td>
                <td>{model.month.uploadsByClass[c] ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}

import { DOC_CLASSES, type DocClass } from '@/lib/domain/doc-classes';
import type { DmpEvent } from '@/lib/domain/events';
import { requiredClassesOn, type ObligationProfile } from '@/lib/domain/obligations';
import { formatPercent } from '../format';
import { docClassLabel, t } from '../i18n';

export interface ClassRow {
  docClass: DocClass;
  deposits: number;
  failures: number;
  /** Share of the month's deposits (0..1). */
  share: number;
  required: boolean;
}

/** Deposits and failed deposits of the month by document class (undone events left out). */
export function classRows(
  events: readonly DmpEvent[],
  profile: ObligationProfile,
  refDay: string,
): ClassRow[] {
  const deposits = new Map<DocClass, number>();
  const failures = new Map<DocClass, number>();
  for (const e of events) {
    if (e.undone) continue;
    const target = e.kind === 'dmp_upload' ? deposits : e.kind === 'dmp_upload_failed' ? failures : null;
    if (!target) continue;
    const cls = e.docClass ?? 'other';
    target.set(cls, (target.get(cls) ?? 0) + 1);
  }
  const total = [...deposits.values()].reduce((a, b) => a + b, 0);
  const required = new Set(requiredClassesOn(profile, refDay));
  return DOC_CLASSES.filter((c) => deposits.has(c) || failures.has(c)).map((c) => ({
    docClass: c,
    deposits: deposits.get(c) ?? 0,
    failures: failures.get(c) ?? 0,
    share: total > 0 ? (deposits.get(c) ?? 0) / total : 0,
    required: required.has(c),
  }));
}

export function ClassTable({
  events,
  profile,
  refDay,
}: {
  events: readonly DmpEvent[];
  profile: ObligationProfile;
  refDay: string;
}) {
  const rows = classRows(events, profile, refDay);
  if (rows.length === 0) return <p class="muted">{t('classNone')}</p>;
  return (
    <div class="table-scroll">
      <table data-testid="class-table">
        <caption class="sr-only">{t('classTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('docType')}</th>
            <th scope="col" class="num">
              {t('deposits')}
            </th>
            <th scope="col" class="num">
              {t('failures')}
            </th>
            <th scope="col" class="num">
              {t('classShare')}
            </th>
            <th scope="col">{t('classRequired')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr data-class={r.docClass}>
              <th scope="row">{docClassLabel(r.docClass)}</th>
              <td class="num">{r.deposits}</td>
              <td class="num">{r.failures}</td>
              <td class="num">{formatPercent(r.share)}</td>
              <td>{r.required ? t('yes') : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

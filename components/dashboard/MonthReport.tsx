import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  localDay,
  monthLabel,
  monthOf,
  parseDashboardHash,
  recentMonths,
  shiftMonth,
} from '@/lib/domain/calendar';
import { ExportReminder } from '../ExportReminder';
import { uiLang } from '../format';
import { t } from '../i18n';
import { ClassTable } from './ClassTable';
import { ExportPanel } from './ExportPanel';
import { Journal } from './Journal';
import { MonthCharts } from './MonthCharts';
import { MonthFigures } from './MonthFigures';
import { useMonthData } from './month-data';

function Panel({
  id,
  title,
  children,
  headingRef,
}: {
  id: string;
  title: string;
  children: ComponentChildren;
  headingRef?: { current: HTMLHeadingElement | null };
}) {
  return (
    <section class="panel" id={id} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1}>
        {title}
      </h2>
      {children}
    </section>
  );
}

/** How many months the picker lists, back from the current one. */
const PICKER_MONTHS = 36;

/**
 * The month report: month picker, the obligation's figures, charts day by day, deposits by
 * class, the event journal, and the export. `#export` (or `#export=YYYY-MM`) lands on the export.
 */
export function MonthReport({ now = Date.now() }: { now?: number }) {
  const current = monthOf(localDay(now));
  const initial = parseDashboardHash(typeof location === 'undefined' ? '' : location.hash);
  const [month, setMonth] = useState(initial.month && initial.month <= current ? initial.month : current);
  const [landOn, setLandOn] = useState<string | null>(initial.section);
  const { data } = useMonthData(month);
  const exportHeading = useRef<HTMLHeadingElement | null>(null);
  const locale = uiLang() === 'fr' ? 'fr-FR' : 'en-GB';

  useEffect(() => {
    const onHash = () => {
      const parsed = parseDashboardHash(location.hash);
      if (parsed.month && parsed.month <= current) setMonth(parsed.month);
      setLandOn(parsed.section);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [current]);

  // The export panel exists once the month is loaded: scroll to it and move the focus there.
  useEffect(() => {
    if (!data || data.month !== month || landOn !== 'export') return;
    const heading = exportHeading.current;
    heading?.scrollIntoView?.({ block: 'start' });
    heading?.focus({ preventScroll: true });
    setLandOn(null);
  }, [data, month, landOn]);

  const months = recentMonths(current, PICKER_MONTHS);
  if (!months.includes(month)) months.push(month);
  const label = monthLabel(month, locale);

  return (
    <>
      <ExportReminder
        onExport={(m) => {
          setMonth(m);
          setLandOn('export');
        }}
      />
      <Panel id="report" title={t('reportTitle', label)}>
        <div class="month-picker" role="group" aria-label={t('monthPickerLabel')}>
          <button
            type="button"
            onClick={() => setMonth(shiftMonth(month, -1))}
            aria-label={t('monthPrevious')}
          >
            ‹
          </button>
          <label>
            <span class="sr-only">{t('monthPickerLabel')}</span>
            <select
              value={month}
              data-testid="month-select"
              onChange={(e) => setMonth(e.currentTarget.value)}
            >
              {months.map((m) => (
                <option value={m}>{monthLabel(m, locale)}</option>
              ))}
            </select>
          </label>
          <button
            type="button"
            onClick={() => setMonth(shiftMonth(month, 1))}
            disabled={month >= current}
            aria-label={t('monthNext')}
          >
            ›
          </button>
        </div>
        {!data || data.month !== month ? (
          <p class="muted">{t('loading')}</p>
        ) : (
          <MonthFigures model={data.model} />
        )}
      </Panel>
      {data && data.month === month && (
        <>
          <Panel id="charts" title={t('chartsTitle')}>
            <MonthCharts days={data.days} />
          </Panel>
          <Panel id="classes" title={t('classTitle')}>
            <ClassTable events={data.events} profile={data.model.profile} refDay={data.refDay} />
          </Panel>
          <Panel id="journal" title={t('journalTitle')}>
            <Journal events={data.events} />
          </Panel>
          <Panel id="export" title={t('exportTitle', label)} headingRef={exportHeading}>
            <ExportPanel data={data} />
          </Panel>
        </>
      )}
    </>
  );
}

/** Backup, restore and erase: the data as a whole, at the end of the dashboard. */
export { BackupPanel } from './BackupPanel';
export { EraseData } from './EraseData';

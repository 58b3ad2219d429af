import { useState } from 'preact/hooks';
import { CSV_DIALECTS, docClassLabels, monthCsvFiles, type CsvDialect } from '@/lib/domain/csv';
import { monthLabel } from '@/lib/domain/calendar';
import { uiLang } from '../format';
import { t } from '../i18n';
import { downloadText } from './download';
import { markExported, type MonthData } from './month-data';

/** The month's two CSV files (docs/csv.md), in the chosen dialect. */
export function ExportPanel({ data }: { data: MonthData }) {
  const [dialect, setDialect] = useState<CsvDialect>('excel-fr');
  const [status, setStatus] = useState('');
  const label = monthLabel(data.month, uiLang() === 'fr' ? 'fr-FR' : 'en-GB');

  const files = () =>
    monthCsvFiles(
      data.events,
      data.summaries,
      data.model.profile,
      data.month,
      dialect,
      docClassLabels((key) => t(key)),
    );
  const save = (which: 0 | 1 | 'both') => {
    const [synthese, journal] = files();
    const chosen = which === 'both' ? [synthese!, journal!] : [which === 0 ? synthese! : journal!];
    // The second file a moment later: a browser may drop two downloads started in the same instant.
    chosen.forEach((f, i) =>
      setTimeout(() => downloadText(f.filename, f.content, 'text/csv;charset=utf-8'), i * 300),
    );
    setStatus(t('exportDone', chosen.map((f) => f.filename).join(', ')));
    void markExported(data.month);
  };
  const dialectLabel = (d: CsvDialect) => (d === 'excel-fr' ? t('dialectExcelFr') : t('dialectStandard'));
  const dialectHint = (d: CsvDialect) =>
    d === 'excel-fr' ? t('dialectExcelFrHint') : t('dialectStandardHint');

  return (
    <div class="export">
      <p>{t('exportIntro', label)}</p>
      <fieldset class="dialects">
        <legend>{t('dialectLegend')}</legend>
        {CSV_DIALECTS.map((d) => (
          <label class="choice">
            <input
              type="radio"
              name="dialect"
              value={d}
              checked={dialect === d}
              onChange={() => setDialect(d)}
            />
            <span>
              <strong>{dialectLabel(d)}</strong> <span class="muted">{dialectHint(d)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div class="actions-row">
        <button type="button" class="primary" data-testid="export-both" onClick={() => save('both')}>
          {t('exportBoth')}
        </button>
        <button type="button" data-testid="export-synthese" onClick={() => save(0)}>
          {t('exportSynthese')}
        </button>
        <button type="button" data-testid="export-journal" onClick={() => save(1)}>
          {t('exportJournal')}
        </button>
      </div>
      <p class="status" role="status">
        {status}
      </p>
    </div>
  );
}

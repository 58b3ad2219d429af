import { useEffect, useMemo, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { DayStats } from '@/lib/domain/day-stats';
import { formatMinutes, formatNumber } from '../format';
import { t } from '../i18n';

export interface ChartSeries {
  label: string;
  values: number[];
  /** CSS custom property holding the colour (light and dark themes set it). */
  colorVar: string;
  /** Bars (left or right of the day, for two side by side, or centred); a line otherwise. */
  bars?: -1 | 0 | 1;
}

function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

/** uPlot options for a month, day by day, in the page's current colours. */
export function chartOptions(
  series: ChartSeries[],
  width: number,
  height: number,
  unit: string,
): uPlot.Options {
  const fg = cssVar('--fg', '#111827');
  const grid = cssVar('--grid', '#e5e7eb');
  const axis: uPlot.Axis = {
    stroke: fg,
    grid: { stroke: grid, width: 1 },
    ticks: { stroke: grid, width: 1 },
    font: '12px system-ui, sans-serif',
  };
  return {
    width,
    height,
    scales: {
      x: { time: false, range: (_u, min, max) => [min - 0.6, max + 0.6] },
      y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
    },
    axes: [
      {
        ...axis,
        space: 28,
        incrs: [1, 2, 5, 7, 10],
        values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')),
      },
      {
        ...axis,
        label: unit,
        labelFont: '12px system-ui, sans-serif',
        size: 48,
        values: (_u, splits) => splits.map((v) => formatNumber(v, 1)),
      },
    ],
    // A static legend (series names only): the values are in the table below the charts.
    legend: { show: true, live: false },
    cursor: { drag: { x: false, y: false } },
    series: [
      { label: t('chartDay') },
      ...series.map((s) => {
        const color = cssVar(s.colorVar, '#1d4ed8');
        return s.bars === undefined
          ? { label: s.label, stroke: color, width: 2, points: { show: true, size: 5, fill: color } }
          : {
              label: s.label,
              stroke: color,
              fill: color,
              width: 0,
              points: { show: false },
              paths: uPlot.paths.bars!({ size: [s.bars === 0 ? 0.6 : 0.4, 28], align: s.bars }),
            };
      }),
    ],
  };
}

/**
 * One chart of the month, day by day. The canvas is hidden from screen readers: the figure's
 * caption says what it shows with the month's totals, and the day-by-day table below the
 * charts holds every value.
 */
export function DayChart({
  id,
  title,
  summary,
  series,
  unit,
}: {
  id: string;
  title: string;
  summary: string;
  series: ChartSeries[];
  unit: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let plot: uPlot | null = null;
    const days = series[0]?.values.length ?? 0;
    const data: uPlot.AlignedData = [
      Array.from({ length: days }, (_, i) => i + 1),
      ...series.map((s) => s.values),
    ];
    const size = () => ({ width: Math.max(280, el.clientWidth || 600), height: 220 });
    const draw = () => {
      plot?.destroy();
      plot = null;
      try {
        const { width, height } = size();
        plot = new uPlot(chartOptions(series, width, height, unit), data, el);
      } catch {
        // No canvas here (a test DOM): the caption and the table still say everything.
      }
    };
    draw();
    const dark = window.matchMedia?.('(prefers-color-scheme: dark)');
    dark?.addEventListener?.('change', draw);
    const resize =
      typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => plot?.setSize(size()));
    resize?.observe(el);
    return () => {
      dark?.removeEventListener?.('change', draw);
      resize?.disconnect();
      plot?.destroy();
    };
  }, [series, unit]);
  return (
    <figure class="chart" aria-labelledby={`${id}-caption`} data-testid={id}>
      <figcaption id={`${id}-caption`}>
        <strong>{title}</strong>
        <span class="muted"> · {summary}</span>
      </figcaption>
      <div class="chart-box" ref={box} aria-hidden="true" />
    </figure>
  );
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The three charts of the month and the day-by-day table that is their text equivalent. */
export function MonthCharts({ days }: { days: DayStats[] }) {
  // Series built once per month's data: a new array would redraw the charts on every render.
  const { deposits, consultations, reads, minutes } = useMemo(() => {
    const deposits: ChartSeries[] = [
      { label: t('deposits'), values: days.map((d) => d.depots_dmp), colorVar: '--chart-deposits', bars: -1 },
      {
        label: t('consultations'),
        values: days.map((d) => d.consultations),
        colorVar: '--chart-consultations',
        bars: 1,
      },
    ];
    const reads: ChartSeries[] = [
      { label: t('reads'), values: days.map((d) => d.lectures_dmp), colorVar: '--chart-reads', bars: 0 },
    ];
    const minutes: ChartSeries[] = [
      { label: t('dmpTime'), values: days.map((d) => d.minutes_dmp), colorVar: '--chart-minutes', bars: 0 },
    ];
    return { deposits, consultations: deposits[1]!.values, reads, minutes };
  }, [days]);
  return (
    <div class="charts">
      <DayChart
        id="chart-deposits"
        title={t('chartDeposits')}
        summary={t('chartDepositsSummary', [String(sum(deposits[0]!.values)), String(sum(consultations))])}
        unit={t('chartCount')}
        series={deposits}
      />
      <DayChart
        id="chart-reads"
        title={t('chartReads')}
        summary={t('chartReadsSummary', String(sum(reads[0]!.values)))}
        unit={t('chartCount')}
        series={reads}
      />
      <DayChart
        id="chart-minutes"
        title={t('chartMinutes')}
        summary={t('chartMinutesSummary', formatMinutes(sum(minutes[0]!.values)))}
        unit={t('chartMinutesUnit')}
        series={minutes}
      />
      <details class="day-table">
        <summary>{t('dayTableTitle')}</summary>
        <div class="table-scroll">
          <table data-testid="day-table">
            <caption class="sr-only">{t('dayTableTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('chartDay')}</th>
                <th scope="col" class="num">
                  {t('consultations')}
                </th>
                <th scope="col" class="num">
                  {t('deposits')}
                </th>
                <th scope="col" class="num">
                  {t('failures')}
                </th>
                <th scope="col" class="num">
                  {t('reads')}
                </th>
                <th scope="col" class="num">
                  {t('chartMinutesUnit')}
                </th>
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr data-day={d.date}>
                  <th scope="row">{d.date}</th>
                  <td class="num">{d.consultations}</td>
                  <td class="num">{d.depots_dmp}</td>
                  <td class="num">{d.echecs_depot_dmp}</td>
                  <td class="num">{d.lectures_dmp}</td>
                  <td class="num">{formatNumber(d.minutes_dmp, 1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}

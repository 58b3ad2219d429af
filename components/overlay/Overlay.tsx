import type { RateGlance } from '@/lib/domain/feeding-rate';
import type { CountedEvent } from '@/lib/messaging/replies';
import { formatPercent } from '../format';
import { docClassLabel, errorLabel, t } from '../i18n';
import { EncounterBar, type EncounterBarProps } from './EncounterBar';

export interface OverlayNotice {
  event: CountedEvent;
  undone: boolean;
}

export interface OverlayProps {
  depositsToday: number;
  /** The month's feeding rate, the popup's figure (absent until the background said it). */
  month?: RateGlance;
  notice: OverlayNotice | null;
  error: string | null;
  collapsed: boolean;
  onToggle: () => void;
  onUndo: (id: string) => void;
  /** Move by a step (keyboard) or to follow the pointer (drag), in CSS pixels. */
  onMoveBy: (dx: number, dy: number) => void;
  onMoveEnd: () => void;
  /** On practice-program pages: the consultation's counts, "+1", teaching (absent on the DMP). */
  program?: EncounterBarProps;
}

const KEY_STEPS: Record<string, [number, number]> = {
  ArrowLeft: [-16, 0],
  ArrowRight: [16, 0],
  ArrowUp: [0, -16],
  ArrowDown: [0, 16],
};

function MoveGrip({ onMoveBy, onMoveEnd }: Pick<OverlayProps, 'onMoveBy' | 'onMoveEnd'>) {
  let last: { x: number; y: number } | null = null;
  return (
    <button
      type="button"
      class="grip"
      aria-label={t('overlayMove')}
      title={t('overlayMove')}
      onPointerDown={(e) => {
        (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
        last = { x: e.clientX, y: e.clientY };
      }}
      onPointerMove={(e) => {
        if (!last) return;
        onMoveBy(e.clientX - last.x, e.clientY - last.y);
        last = { x: e.clientX, y: e.clientY };
      }}
      onPointerUp={() => {
        last = null;
        onMoveEnd();
      }}
      onKeyDown={(e) => {
        const step = KEY_STEPS[e.key];
        if (!step) return;
        e.preventDefault();
        onMoveBy(step[0], step[1]);
        onMoveEnd();
      }}
    >
      <svg viewBox="0 0 12 12" aria-hidden="true" width="12" height="12">
        {[2, 6, 10].flatMap((y) => [4, 8].map((x) => <circle cx={x} cy={y} r="1.2" />))}
      </svg>
    </button>
  );
}

function noticeText(notice: OverlayNotice): string {
  if (notice.undone) return t('undoneToast');
  const what = t(`counted_${notice.event.kind}`);
  return notice.event.docClass ? `${what} (${docClassLabel(notice.event.docClass)})` : what;
}

/** The month's rate in one line, its basis in words; a verdict in words too, not only colour. */
function MonthLine({ month }: { month: RateGlance }) {
  const { basis, rate } = month;
  const text =
    basis === 'none'
      ? t('overlayMonth_none')
      : rate === null
        ? t('overlayMonth_noRequired')
        : t(`overlayMonth_${basis}`, [
            formatPercent(rate),
            String(month.numerator),
            String(month.denominator),
          ]);
  const verdict = rate === null ? '' : month.meetsTarget ? ` · ${t('rateMet')}` : ` · ${t('rateNotMet')}`;
  return (
    <span class={`month${month.meetsTarget && rate !== null ? ' met' : ''}`} data-testid="overlay-month">
      {text}
      {verdict}
    </span>
  );
}

/** The pill on the DMP pages: today's deposits, what was just counted, and a way to undo it. */
export function Overlay(props: OverlayProps) {
  const { depositsToday, notice, error, collapsed } = props;
  if (collapsed) {
    return (
      <div class="pill collapsed">
        <button
          type="button"
          class="badge"
          aria-expanded="false"
          aria-label={t('overlayExpand')}
          onClick={props.onToggle}
        >
          {depositsToday}
        </button>
      </div>
    );
  }
  return (
    <div class="pill">
      <MoveGrip onMoveBy={props.onMoveBy} onMoveEnd={props.onMoveEnd} />
      <span class="title">{t('overlayLabel')}</span>
      <span class="count">{t('overlayToday', String(depositsToday))}</span>
      {props.program && <EncounterBar {...props.program} />}
      {props.month && <MonthLine month={props.month} />}
      <span class="live" role="status" aria-live="polite">
        {error ? (
          <span class="error">{errorLabel(error)}</span>
        ) : notice ? (
          <span
            class={`notice${notice.undone ? ' undone' : ''}${notice.event.kind === 'dmp_upload_failed' ? ' failed' : ''}`}
          >
            {noticeText(notice)}
            {!notice.undone && (
              <>
                {' · '}
                <button type="button" class="link" onClick={() => props.onUndo(notice.event.id)}>
                  {t('undo')}
                </button>
              </>
            )}
          </span>
        ) : null}
      </span>
      <button
        type="button"
        class="toggle"
        aria-expanded="true"
        aria-label={t('overlayCollapse')}
        title={t('overlayCollapse')}
        onClick={props.onToggle}
      >
        <svg viewBox="0 0 12 12" aria-hidden="true" width="12" height="12">
          <path d="M2 4l4 4 4-4" fill="none" stroke="currentColor" stroke-width="1.6" />
        </svg>
      </button>
    </div>
  );
}

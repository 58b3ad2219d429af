import { t } from './i18n';

/** The language the extension's texts are in (follows the locale files actually loaded). */
export function uiLang(): 'fr' | 'en' {
  return t('lang') === 'en' ? 'en' : 'fr';
}

const locale = () => (uiLang() === 'fr' ? 'fr-FR' : 'en-GB');

export function formatNumber(value: number, maxDigits = 0): string {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: maxDigits }).format(value);
}

export function formatEur(value: number): string {
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(value);
}

export function formatPercent(ratio: number): string {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}

/** "12 min", "1 h 05": minutes as a doctor reads them. */
export function formatMinutes(minutes: number): string {
  const whole = Math.round(minutes);
  if (whole < 60) return `${whole} min`;
  return `${Math.floor(whole / 60)} h ${String(whole % 60).padStart(2, '0')}`;
}

/** "0:42", "12:05", "1:02:03": a running timer. */
export function formatClock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

/** Number, money, percent and duration formats of the interface, by language (pure). */
import { pad } from './calendar';

export type Lang = 'fr' | 'en';

const locale = (lang: Lang) => (lang === 'fr' ? 'fr-FR' : 'en-GB');

export function formatNumber(value: number, lang: Lang, maxDigits = 0): string {
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: maxDigits }).format(value);
}

export function formatEur(value: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang), {
    style: 'currency',
    currency: 'EUR',
    maximumFractionDigits: 0,
  }).format(value);
}

export function formatPercent(ratio: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}

/** "12 min", "1 h 05": minutes as a doctor reads them. */
export function formatMinutes(minutes: number): string {
  if (minutes > 0 && minutes < 0.5) return '< 1 min';
  const whole = Math.round(minutes);
  if (whole < 60) return `${whole} min`;
  return `${Math.floor(whole / 60)} h ${pad(whole % 60)}`;
}

/** "0:42", "12:05", "1:02:03": a running timer. */
export function formatClock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = pad(s % 60);
  return hh > 0 ? `${hh}:${pad(mm)}:${ss}` : `${mm}:${ss}`;
}

/** A local day `YYYY-MM-DD` as words: "1 juillet 2027", "1 July 2027". */
export function formatDay(day: string, lang: Lang): string {
  const [y, m, d] = [Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10))];
  return new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(y, m - 1, d),
  );
}

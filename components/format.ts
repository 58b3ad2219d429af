import * as f from '@/lib/domain/format';
import { t } from './i18n';

/** The language the extension's texts are in (follows the locale files actually loaded). */
export function uiLang(): f.Lang {
  return t('lang') === 'en' ? 'en' : 'fr';
}

export const formatNumber = (value: number, maxDigits = 0) => f.formatNumber(value, uiLang(), maxDigits);
export const formatEur = (value: number) => f.formatEur(value, uiLang());
export const formatPercent = (ratio: number) => f.formatPercent(ratio, uiLang());
export const formatDay = (day: string) => f.formatDay(day, uiLang());
export const formatMinutes = f.formatMinutes;
export const formatClock = f.formatClock;

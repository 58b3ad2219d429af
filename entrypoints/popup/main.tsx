import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PopupApp } from '@/components/popup/PopupApp';
import { loadPopupData } from '@/components/popup/usePopupData';
import { takeEarlyMonthRead } from '@/lib/storage/early-month-read';
import '@/components/popup/popup.css';

document.documentElement.lang = browser.i18n.getUILanguage().startsWith('fr')
  ? 'fr'
  : browser.i18n.getMessage('@@ui_locale').slice(0, 2) || 'fr';
// The month's figures, read by the early script while these modules loaded, or read now.
const now = Date.now();
const first = loadPopupData(now, takeEarlyMonthRead(globalThis, now));
render(<PopupApp first={first} />, document.getElementById('app')!);

import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PopupApp } from '@/components/popup/PopupApp';
import { loadPopupData } from '@/components/popup/usePopupData';
import '@/components/popup/popup.css';

document.documentElement.lang = browser.i18n.getUILanguage().startsWith('fr')
  ? 'fr'
  : browser.i18n.getMessage('@@ui_locale').slice(0, 2) || 'fr';
// The month's figures are read while the page draws.
const first = loadPopupData();
render(<PopupApp first={first} />, document.getElementById('app')!);

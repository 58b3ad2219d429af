import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PopupApp } from '@/components/popup/PopupApp';
import '@/components/popup/popup.css';

document.documentElement.lang = browser.i18n.getUILanguage().startsWith('fr')
  ? 'fr'
  : browser.i18n.getMessage('@@ui_locale').slice(0, 2) || 'fr';
render(<PopupApp />, document.getElementById('app')!);

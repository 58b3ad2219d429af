import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

/** Fixed add-on id: Firefox keys storage and updates on it. */
export const FIREFOX_ADDON_ID = 'suivi-dmp@suivi-dmp.org';

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser, manifestVersion }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'fr',
    // Session and local storage: the deposit under way in each tab, the overlay's place.
    // scripting: the content script of a site the user adds, registered for that host only;
    // the button picker, injected into a watched page only when the doctor teaches a button.
    // idle: time stops being counted when the computer is idle or locked (time accounting).
    // webRequest: the status (2xx/4xx/5xx) of a practice program's own "send to DMP" request,
    // on the hosts the extension already has (Weda, sites the user added); nothing is kept.
    permissions: ['storage', 'scripting', 'idle', 'webRequest'],
    // Weda's requests, for webRequest (its pages are already read by the content script).
    host_permissions: ['https://secure.weda.fr/*'],
    // Asked per host, only when the user adds a site in the dashboard (README, permissions).
    ...(browser === 'firefox'
      ? { optional_permissions: ['https://*/*', 'http://*/*'] }
      : { optional_host_permissions: ['https://*/*', 'http://*/*'] }),
    action: { default_title: '__MSG_extName__' },
    // The dashboard doubles as the options page (month report, export, sites, settings).
    options_ui: { page: 'dashboard.html', open_in_tab: true },
    // Keyboard shortcuts, changeable by the user in the browser's shortcut settings.
    commands: {
      [manifestVersion === 3 ? '_execute_action' : '_execute_browser_action']: {
        suggested_key: { default: 'Alt+Shift+D' },
        description: '__MSG_commandOpenPopup__',
      },
      'add-deposit': { suggested_key: { default: 'Alt+Shift+P' }, description: '__MSG_commandAddDeposit__' },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: FIREFOX_ADDON_ID,
              strict_min_version: '142.0',
              // Firefox's data-collection consent: this extension collects nothing.
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
  zip: {
    artifactTemplate: '{{name}}-{{version}}-{{browser}}.zip',
    sourcesTemplate: '{{name}}-{{version}}-sources.zip',
  },
});

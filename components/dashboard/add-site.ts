import { browser } from 'wxt/browser';
import { originsOf } from '@/lib/sites/origins';
import { sendMessage } from '@/lib/messaging/client';
import { t } from '../i18n';

/**
 * Adds a site from a click: the browser is asked for that host's access first (it needs the
 * user's gesture, and shows its own prompt for this host only), then the background registers
 * its content script. The status to show, in words.
 */
export async function addSiteFromClick(host: string): Promise<{ text: string; error: boolean }> {
  const granted = await browser.permissions.request({ origins: originsOf(host) }).catch(() => false);
  if (!granted) return { text: t('sitePermissionRefused'), error: true };
  const reply = await sendMessage('site_add', { host });
  return reply.ok ? { text: t('siteAdded', host), error: false } : { text: t('error_generic'), error: true };
}

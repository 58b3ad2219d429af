import type { ComponentChildren } from 'preact';
import { t } from '../i18n';

/**
 * The dashboard: one section per job, each its own component file. Sections are listed here
 * in the order a doctor reads them at month end.
 */
export function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="panel" id={id} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

export function DashboardApp() {
  return (
    <main class="dashboard">
      <header>
        <h1>{t('dashboardTitle')}</h1>
        <p class="muted">{t('privacyNote')}</p>
      </header>
    </main>
  );
}

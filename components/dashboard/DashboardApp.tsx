import type { ComponentChildren } from 'preact';
import { t } from '../i18n';
import { SettingsPanel } from './SettingsPanel';
import { SitesPanel } from './SitesPanel';
import { TaughtRules } from './TaughtRules';
import { Unconfirmed } from './Unconfirmed';
import { DiagnosticPanel } from './DiagnosticPanel';
import { BackupPanel, EraseData, MonthReport } from './MonthReport';

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
      <MonthReport />
      <Section id="settings" title={t('settingsTitle')}>
        <SettingsPanel />
      </Section>
      <Section id="unconfirmed" title={t('unconfirmedTitle')}>
        <Unconfirmed />
      </Section>
      <Section id="sites" title={t('sitesTitle')}>
        <SitesPanel />
      </Section>
      <Section id="taught" title={t('taughtTitle')}>
        <TaughtRules />
      </Section>
      <Section id="diagnostic" title={t('diagnosticTitle')}>
        <DiagnosticPanel />
      </Section>
      <Section id="backup" title={t('backupTitle')}>
        <BackupPanel />
      </Section>
      <Section id="erase" title={t('eraseTitle')}>
        <EraseData />
      </Section>
    </main>
  );
}

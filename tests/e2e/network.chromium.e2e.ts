import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { DmpWalker } from '../support/dmp-flows';
import { FIXTURE_HOSTS, startFixtureServer } from '../support/fixture-server';

interface LoggedRequest {
  url: string;
  /** Origin of the context that made it: a page, an extension page or worker, or 'not an origin' for the browser itself and typed navigations. */
  initiator: string;
}

/** Every request the browser's network stack started, from Chromium's own network log. */
function requests(netLogPath: string): LoggedRequest[] {
  const log = JSON.parse(readFileSync(netLogPath, 'utf8')) as {
    constants: { logEventTypes: Record<string, number> };
    events: Array<{ type: number; params?: { url?: string; initiator?: string } }>;
  };
  const start = log.constants.logEventTypes.URL_REQUEST_START_JOB;
  return log.events
    .filter((e) => e.type === start && e.params?.url)
    .map((e) => ({ url: e.params!.url!, initiator: e.params!.initiator ?? 'not an origin' }));
}

describe('the extension sends nothing of its own', () => {
  it('requests only the pages under test, across every flow, popup and dashboard included', async () => {
    const server = await startFixtureServer();
    const netLog = join(mkdtempSync(join(tmpdir(), 'suivi-dmp-netlog-')), 'net.json');
    const session = await launchChromium({ extraArgs: [`--log-net-log=${netLog}`] });
    try {
      const page = await session.context.newPage();
      const walker = new DmpWalker(page, server);
      await walker.openPatientList();
      await walker.openRecord(0);
      await walker.deposit('CR ou fiche de consultation ou de visite');
      await walker.backToRecord();
      await walker.depositThenCancel('Certificat médical');
      server.failNextDeposit();
      await walker.deposit('Synthèse médicale');
      const popup = await session.openExtensionPage('popup.html');
      await popup.getByTestId('today-uploads').waitFor();
      await popup.getByRole('button', { name: '+1 dépôt' }).click();
      const dashboard = await session.openExtensionPage('dashboard.html');
      await dashboard.locator('h1').waitFor();
    } finally {
      await session.close();
      await server.close();
    }
    const network = requests(netLog).filter((r) => /^(https?|wss?):/.test(r.url));
    const isFixture = (url: string) => {
      const { hostname, port } = new URL(url);
      return FIXTURE_HOSTS.includes(hostname) && port === String(server.port);
    };
    // The log did see the flows (so an empty result below means something).
    expect(network.filter((r) => isFixture(r.url)).length).toBeGreaterThan(5);
    // Nothing from the extension's own pages or worker.
    expect(network.filter((r) => r.initiator.startsWith('chrome-extension://'))).toEqual([]);
    // Nothing from the pages under test (where content scripts run) to anywhere else.
    // (Chromium's own requests, initiator 'not an origin', are the browser's, not ours.)
    expect(network.filter((r) => r.initiator !== 'not an origin' && !isFixture(r.url))).toEqual([]);
  });
});

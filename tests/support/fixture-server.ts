import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';
import { DmpFixtureSite } from '../fixtures/dmp-web-server';
import { wedaAgenda, wedaPatient } from '../fixtures/weda';
import { heavyPage } from '../fixtures/heavy';
import { HOSTILE_QUERY, hostileDmpForm, hostileProgramPage } from '../fixtures/hostile';
import { PROGRAM_FIXTURE_HOSTS, serveProgramFixture } from '../fixtures/programs/server';

/** Host names the fixtures are served under: the real ones, so the real build is tested. */
export const DMP_HOST = 'wps-psc.dmp.monespacesante.fr';
export const DMP_OLD_HOST = 'www.dmp.fr';
export const WEDA_HOST = 'secure.weda.fr';
/** A host no adapter matches: the same pages there run without the extension (benchmark baseline). */
export const UNMATCHED_HOST = 'logiciel-temoin.test';
export const FIXTURE_HOSTS = [DMP_HOST, DMP_OLD_HOST, WEDA_HOST, UNMATCHED_HOST, ...PROGRAM_FIXTURE_HOSTS];

export interface FixtureServer {
  port: number;
  /** The URL a browser uses: the real host name, the fixture server's port. */
  url(host: string, path: string): string;
  /** The next signature fails with the DMP's error page (a failed deposit). */
  failNextDeposit(): void;
  /** The next DMP signature page waits until the test submits it (it runs by itself otherwise). */
  holdNextSignature(): void;
  /** How many deposits the fixture DMP accepted (what really happened, for the assertions). */
  readonly accepted: number;
  close(): Promise<void>;
}

/** A self-signed certificate for the fixture hosts, made fresh for each run. */
async function makeCertificate() {
  const notAfter = new Date();
  notAfter.setDate(notAfter.getDate() + 2);
  return selfsigned.generate([{ name: 'commonName', value: DMP_HOST }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate: notAfter,
    extensions: [{ name: 'subjectAltName', altNames: FIXTURE_HOSTS.map((value) => ({ type: 2, value })) }],
  });
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/**
 * Serves the fixture pages over HTTPS on a loopback port. Browsers reach it under the real
 * host names (Chromium: --host-resolver-rules; Firefox: network.dns.localDomains).
 */
export async function startFixtureServer(port = 0): Promise<FixtureServer> {
  const pems = await makeCertificate();
  const dmpSite = new DmpFixtureSite();

  const server = createServer({ key: pems.private, cert: pems.cert }, async (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const url = new URL(req.url ?? '/', `https://${host}`);
    const path = url.pathname.toLowerCase();
    const body = req.method === 'POST' ? await readBody(req) : '';

    if (path === '/bench/heavy') return send(res, 200, heavyPage());
    // The hostile page (tests/fixtures/hostile.ts), under any host: ?hostile=dmp or ?hostile=program.
    if (req.method === 'GET' && url.searchParams.has(HOSTILE_QUERY)) {
      return send(
        res,
        200,
        url.searchParams.get(HOSTILE_QUERY) === 'dmp' ? hostileDmpForm() : hostileProgramPage(),
      );
    }
    // The practice-program corpus (tests/fixtures/programs): Weda pages and other programs.
    if (serveProgramFixture(host, url, req, res, send)) return;
    if (host === WEDA_HOST) {
      if (path === '/foldermedical/agenda.aspx' || path === '/') return send(res, 200, wedaAgenda());
      if (path === '/foldermedical/patientviewform.aspx') {
        return send(
          res,
          200,
          wedaPatient(
            url.searchParams.get('PatDk') ?? '1',
            `https://${DMP_HOST}:${(server.address() as AddressInfo).port}`,
          ),
        );
      }
      return send(res, 404, 'introuvable');
    }
    if (host !== DMP_HOST && host !== DMP_OLD_HOST) return send(res, 421, 'hôte inconnu');

    // The DMP web access's page chain: tests/fixtures/dmp-web-server.ts.
    return dmpSite.handle(host, req.method ?? 'GET', url, body, res, send);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actualPort = (server.address() as AddressInfo).port;
  return {
    port: actualPort,
    url: (host, path) => `https://${host}:${actualPort}${path}`,
    failNextDeposit: () => dmpSite.failNextDeposit(),
    holdNextSignature: () => dmpSite.holdNextSignature(),
    get accepted() {
      return dmpSite.accepted;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

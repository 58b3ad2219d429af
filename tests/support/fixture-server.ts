import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';
import * as dmp from '../fixtures/dmp-web';
import { FAKE_PATIENTS } from '../fixtures/fake-patients';
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

function redirect(res: ServerResponse, location: string) {
  send(res, 303, '', { location });
}

function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    req.on('data', () => undefined);
    req.on('end', () => resolve());
  });
}

/**
 * Serves the fixture pages over HTTPS on a loopback port. Browsers reach it under the real
 * host names (Chromium: --host-resolver-rules; Firefox: network.dns.localDomains).
 */
export async function startFixtureServer(port = 0): Promise<FixtureServer> {
  const pems = await makeCertificate();
  let failNext = false;
  let accepted = 0;

  const server = createServer({ key: pems.private, cert: pems.cert }, async (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const url = new URL(req.url ?? '/', `https://${host}`);
    const path = url.pathname.toLowerCase();
    const patient = FAKE_PATIENTS.find((p) => p.id === url.searchParams.get('patient')) ?? FAKE_PATIENTS[0]!;
    const q = `?patient=${patient.id}`;
    if (req.method === 'POST') await drain(req);

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

    switch (`${req.method} ${path}`) {
      case 'GET /':
        return redirect(res, '/dmp/listepatients');
      case 'GET /dmp/listepatients':
      case 'GET /dmp/recherchedossier':
        return send(res, 200, dmp.patientList());
      case 'GET /dmp/recapitulatif':
        return send(res, 200, dmp.summary(patient));
      case 'GET /dmp/documents':
        return send(res, 200, dmp.documents(patient));
      case 'GET /dmp/ajoutdocument':
        return send(res, 200, dmp.addDocumentForm(patient));
      case 'POST /dmp/ajoutdocument':
        return redirect(res, `/dmp/demandeconfirmationactiondocument${q}`);
      case 'GET /dmp/demandeconfirmationactiondocument':
        return send(res, 200, dmp.confirmAction(patient));
      case 'POST /dmp/demandeconfirmationactiondocument':
        return redirect(res, `/dmp/signature${q}`);
      case 'GET /dmp/signature':
        return send(res, 200, dmp.signature(patient));
      case 'POST /dmp/signature':
        if (failNext) {
          failNext = false;
          return redirect(res, `/dmp/erreur${q}`);
        }
        accepted += 1;
        return redirect(res, `/dmp/confirmationajout${q}`);
      case 'GET /dmp/confirmationajout':
        return send(res, 200, dmp.uploadConfirmed(patient));
      case 'GET /dmp/erreur':
        return send(res, 200, dmp.errorPage(patient));
      default:
        return send(res, 404, 'Page introuvable');
    }
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actualPort = (server.address() as AddressInfo).port;
  return {
    port: actualPort,
    url: (host, path) => `https://${host}:${actualPort}${path}`,
    failNextDeposit: () => {
      failNext = true;
    },
    get accepted() {
      return accepted;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

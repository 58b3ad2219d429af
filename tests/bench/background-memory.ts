import type { CDPSession } from 'playwright-core';
import type { ChromiumSession } from '../support/chromium';
import { DmpWalker } from '../support/dmp-flows';
import type { FixtureServer } from '../support/fixture-server';

/**
 * The background's JavaScript heap over a simulated working week: each "day" opens records and
 * deposits documents through the DMP web access fixture, as a doctor would, with the service
 * worker kept alive by the debugger attached to it. The heap is read after a garbage collection
 * at the end of day 1 and of day 7: a background that keeps what it no longer needs grows.
 */
export async function backgroundHeapOverWeek(
  session: ChromiumSession,
  server: FixtureServer,
  perDay = 6,
): Promise<{ day1: number; day7: number }> {
  const page = await session.context.newPage();
  const cdp = await session.context.newCDPSession(page);
  const worker = await attachToBackground(cdp, session.extensionId);
  const walker = new DmpWalker(page, server);
  await walker.openPatientList();
  let day1 = 0;
  for (let day = 1; day <= 7; day++) {
    for (let i = 0; i < perDay; i++) {
      await walker.openRecord(i % 3);
      await walker.deposit('CR ou fiche de consultation ou de visite', day * perDay + i);
      await walker.backToRecord();
      await walker.openPatientList();
    }
    if (day === 1) day1 = await worker.heapUsed();
  }
  const day7 = await worker.heapUsed();
  await worker.detach();
  await page.close();
  return { day1, day7 };
}

/** A debugger session on the extension's service worker (non-flat: Playwright's session relays). */
async function attachToBackground(cdp: CDPSession, extensionId: string) {
  const { targetInfos } = await cdp.send('Target.getTargets');
  const target = targetInfos.find(
    (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`),
  );
  if (!target) throw new Error('the extension has no running service worker');
  const { sessionId } = await cdp.send('Target.attachToTarget', {
    targetId: target.targetId,
    flatten: false,
  });
  let nextId = 1;
  const call = <T>(method: string, params: object = {}): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const onMessage = (event: { sessionId?: string; message: string }) => {
        if (event.sessionId !== sessionId) return;
        const reply = JSON.parse(event.message) as { id?: number; result?: T; error?: { message: string } };
        if (reply.id !== id) return;
        cdp.off('Target.receivedMessageFromTarget', onMessage);
        if (reply.error) reject(new Error(reply.error.message));
        else resolve(reply.result as T);
      };
      cdp.on('Target.receivedMessageFromTarget', onMessage);
      void cdp.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id, method, params }),
      });
    });
  return {
    async heapUsed(): Promise<number> {
      await call('HeapProfiler.collectGarbage');
      return (await call<{ usedSize: number }>('Runtime.getHeapUsage')).usedSize;
    },
    detach: () => cdp.send('Target.detachFromTarget', { sessionId }),
  };
}

import type { RequestOf } from '../messaging/protocol';
import type { ResponsePush } from '../messaging/page-protocol';

type Status = '2xx' | '4xx' | '5xx';

export interface ResponseWatchDeps {
  now: () => number;
  /** Tells every frame of a tab (the attempt may wait in an iframe). */
  pushAll?(tabId: number, message: ResponsePush): void;
}

/**
 * Responses to a practice program's requests that an attempt waits on (the page cannot see
 * them; the background does, through webRequest). Only the status class and whether the URL
 * path matched are used; nothing of the request is kept.
 */
export class ResponseWatch {
  /**
   * Requests an attempt waits on, per tab, until its time-out or until its page is left
   * (`pageLeft`). In memory only: if the worker stops meanwhile, the attempt still has its page
   * signals and its time-out.
   */
  private readonly watches = new Map<
    number,
    Array<{ attemptId: string; url: RegExp; status: string; expiresAt: number }>
  >();
  /**
   * Responses of the last few seconds per tab, in memory only: a fast server can answer before
   * the page's "watch this" message reaches the background. Each one settles one attempt.
   */
  private readonly recent = new Map<number, Array<{ path: string; status: Status; at: number }>>();

  constructor(private readonly deps: ResponseWatchDeps) {}

  /** An attempt asks to be told of responses matching its patterns. */
  watch(message: RequestOf<'engine_watch'>, tabId: number): void {
    const now = this.deps.now();
    const list = (this.watches.get(tabId) ?? []).filter((w) => w.expiresAt > now);
    for (const w of message.watches)
      list.push({
        attemptId: message.attemptId,
        url: new RegExp(w.url, 'i'),
        status: w.status,
        expiresAt: now + message.timeoutMs,
      });
    this.watches.set(tabId, list.slice(-32));
    // Already answered between the click and this message?
    const recent = this.recent.get(tabId) ?? [];
    const since = message.startedAt - 50;
    for (const [i, r] of recent.entries()) {
      if (r.at >= since && this.settle(tabId, r.path, r.status)) {
        recent.splice(i, 1);
        break;
      }
    }
  }

  /**
   * A response completed in a tab (webRequest): the status class goes to the attempt waiting
   * on a request of that URL path. Only the path is matched and nothing of it is kept.
   */
  responseCompleted(tabId: number, url: string, statusCode: number): void {
    const status =
      statusCode >= 500
        ? '5xx'
        : statusCode >= 400
          ? '4xx'
          : statusCode >= 200 && statusCode < 300
            ? '2xx'
            : null;
    if (!status) return;
    let path: string;
    try {
      path = new URL(url).pathname;
    } catch {
      return;
    }
    if (this.settle(tabId, path, status)) return;
    const now = this.deps.now();
    const recent = (this.recent.get(tabId) ?? []).filter((r) => now - r.at < 10_000);
    recent.push({ path, status, at: now });
    this.recent.set(tabId, recent.slice(-20));
  }

  /**
   * A new page in the tab's top frame: the attempts of the page that was there are gone with it
   * (the new page does not know them; those it can still settle come back by URL only, see
   * Attempts.takeCarried). Their watches end here, so that none of them takes a response meant
   * for an attempt of the new page. Responses already seen stay for the new page's attempts.
   */
  pageLeft(tabId: number): void {
    this.watches.delete(tabId);
  }

  forgetTab(tabId: number): void {
    this.watches.delete(tabId);
    this.recent.delete(tabId);
  }

  /** Gives a response to the first attempt waiting on it; false if none was. */
  private settle(tabId: number, path: string, status: Status): boolean {
    const list = this.watches.get(tabId) ?? [];
    const now = this.deps.now();
    const hit = list.find((w) => w.expiresAt > now && w.status === status && w.url.test(path));
    if (!hit) return false;
    this.watches.set(
      tabId,
      list.filter((w) => w.attemptId !== hit.attemptId && w.expiresAt > now),
    );
    this.deps.pushAll?.(tabId, { type: 'response_seen', attemptId: hit.attemptId, status });
    return true;
  }
}

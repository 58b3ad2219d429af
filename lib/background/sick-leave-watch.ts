import type { SickLeaveMode } from '../domain/events';
import { sickLeaveOfRequest } from '../sites/ameli-pro';

/** Which tabs' current Ameli Pro page has had its sick leave counted (storage.session in use). */
export interface CountedTabs {
  get(tabId: number): Promise<true | undefined>;
  set(tabId: number, value: true): Promise<void>;
  delete(tabId: number): Promise<void>;
}

/** For tests and as a fallback: the same, in memory. */
export function countedTabsInMemory(): CountedTabs {
  const tabs = new Set<number>();
  return {
    get: async (tabId) => (tabs.has(tabId) ? true : undefined),
    set: async (tabId) => void tabs.add(tabId),
    delete: async (tabId) => void tabs.delete(tabId),
  };
}

/**
 * Sick leaves on Ameli Pro, from the PDFs its page fetches (lib/sites/ameli-pro.ts). One page
 * of the service is one sick leave: the summary and the employer's part fetched for the same
 * leave count once, and the first PDF says how it went (online or paper). A new page in the
 * tab's top frame (its content script's hello) starts the next one.
 *
 * The mark is kept in session storage, not in memory: the service worker may stop between two
 * PDFs of the same leave, and the second must not count again. Calls for one tab must run one
 * after the other (ProgramService runs them in the tab's queue).
 */
export class SickLeaveWatch {
  constructor(private readonly counted: CountedTabs = countedTabsInMemory()) {}

  /** The mode of the request, if it is a sick-leave PDF (cheap, no storage: any response goes through). */
  modeOf(url: string, statusCode: number): SickLeaveMode | null {
    return sickLeaveOfRequest(url, statusCode);
  }

  /** Marks the tab's page as counted; false if it was already. */
  async take(tabId: number): Promise<boolean> {
    if (await this.counted.get(tabId)) return false;
    await this.counted.set(tabId, true);
    return true;
  }

  /** Gives back a take whose write failed, so that the next PDF of the page can count it. */
  release(tabId: number): Promise<void> {
    return this.counted.delete(tabId);
  }

  pageLeft(tabId: number): Promise<void> {
    return this.counted.delete(tabId);
  }
}

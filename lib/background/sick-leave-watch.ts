import type { SickLeaveMode } from '../domain/events';
import { sickLeaveOfRequest } from '../sites/ameli-pro';

/**
 * Sick leaves on Ameli Pro, from the PDFs its page fetches (lib/sites/ameli-pro.ts). One page
 * of the service is one sick leave: the summary and the employer's part fetched for the same
 * leave count once, and the first PDF says how it went (online or paper). A new page in the
 * tab's top frame (its content script's hello) starts the next one.
 *
 * In memory only: if the service worker stops between two PDFs of the same page, the second
 * would count again (seconds apart in practice; noted in docs/evidence.md).
 */
export class SickLeaveWatch {
  private readonly counted = new Set<number>();

  /** The mode of a sick leave to count now, or null (not such a request, or already counted). */
  take(tabId: number, url: string, statusCode: number): SickLeaveMode | null {
    const mode = sickLeaveOfRequest(url, statusCode);
    if (!mode || this.counted.has(tabId)) return null;
    this.counted.add(tabId);
    return mode;
  }

  /** Gives back a take whose write failed, so that the next PDF of the page can count it. */
  release(tabId: number): void {
    this.counted.delete(tabId);
  }

  pageLeft(tabId: number): void {
    this.counted.delete(tabId);
  }
}

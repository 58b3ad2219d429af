import type { Page } from 'playwright-core';

/**
 * The overlay's text, read through the DevTools protocol: its shadow root is closed, so
 * neither the page nor an ordinary test locator can see inside it.
 */
export async function overlayText(page: Page): Promise<string> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    type Node = {
      nodeName: string;
      nodeId: number;
      children?: Node[];
      shadowRoots?: Node[];
      nodeValue?: string;
      nodeType: number;
    };
    const find = (n: Node): Node | undefined => {
      if (n.nodeName.toLowerCase() === 'suivi-dmp-overlay') return n;
      for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) {
        const hit = find(c);
        if (hit) return hit;
      }
      return undefined;
    };
    const host = find(root as Node);
    if (!host) return '';
    const texts: string[] = [];
    const walk = (n: Node) => {
      if (n.nodeType === 3 && n.nodeValue) texts.push(n.nodeValue);
      if (n.nodeName === 'STYLE') return;
      for (const c of [...(n.shadowRoots ?? []), ...(n.children ?? [])]) walk(c);
    };
    walk(host);
    return texts.join('').replace(/\s+/g, ' ').trim();
  } finally {
    await cdp.detach();
  }
}

/** The overlay is drawn once the page's content script has had the background's answer. */
export async function overlayReady(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.querySelector('suivi-dmp-overlay')?.getAttribute('data-ready') === '1',
    null,
    { timeout: 10_000 },
  );
}

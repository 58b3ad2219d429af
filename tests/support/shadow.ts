import type { Page } from 'playwright-core';

type N = {
  backendNodeId: number;
  nodeName: string;
  nodeType: number;
  nodeValue?: string;
  children?: N[];
  shadowRoots?: N[];
  attributes?: string[];
};

function textOf(n: N): string {
  if (n.nodeType === 3) return n.nodeValue ?? '';
  return [...(n.shadowRoots ?? []), ...(n.children ?? [])].map(textOf).join('');
}

/**
 * Clicks, as a user's pointer does, an element inside a closed shadow root (the overlay, the
 * picker): found through the DevTools protocol, which alone sees inside closed roots.
 */
export async function clickInClosedShadow(
  page: Page,
  hostTag: string,
  tag: string,
  text: RegExp,
): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const find = (n: N, inHost: boolean): N | undefined => {
      const here = inHost || n.nodeName.toLowerCase() === hostTag;
      if (here && n.nodeName === tag.toUpperCase() && text.test(textOf(n).trim())) return n;
      for (const c of [...(n.shadowRoots ?? []), ...(n.children ?? [])]) {
        const hit = find(c, here);
        if (hit) return hit;
      }
      return undefined;
    };
    const node = find(root as N, false);
    if (!node) throw new Error(`no ${tag} ${text} in ${hostTag}`);
    const { model } = await cdp.send('DOM.getBoxModel', { backendNodeId: node.backendNodeId });
    const [x1, y1, , , x3, y3] = model.content;
    await page.mouse.click((x1! + x3!) / 2, (y1! + y3!) / 2);
  } finally {
    await cdp.detach();
  }
}

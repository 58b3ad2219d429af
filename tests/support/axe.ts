import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core in a page (injected through the DevTools protocol, which extension pages'
 * CSP does not block) and returns its violations, WCAG 2.1 A/AA rules and best practices.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: Document,
            opts: object,
          ): Promise<{
            violations: Array<{
              id: string;
              impact: string | null;
              help: string;
              nodes: Array<{ target: string[] }>;
            }>;
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
}

/**
 * The overlay's markup and styles as drawn on a page, copied into a blank page with its shadow
 * root opened, so axe (which cannot enter a closed shadow root) checks exactly what users get.
 */
export async function overlayCopyInBlankPage(from: Page, colorScheme: 'light' | 'dark'): Promise<Page> {
  const cdp = await from.context().newCDPSession(from);
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  const { nodeIds } = await cdp.send('DOM.querySelectorAll', {
    nodeId: root.nodeId,
    selector: 'suivi-dmp-overlay',
  });
  const { outerHTML } = await cdp.send('DOM.getOuterHTML', {
    nodeId: nodeIds[0]!,
    includeShadowDOM: true,
  } as { nodeId: number });
  await cdp.detach();
  const copy = await from.context().newPage();
  await copy.emulateMedia({ colorScheme });
  await copy.setContent(
    `<!doctype html><html lang="fr"><head><title>Copie de l'overlay</title></head><body><main><h1>Page</h1></main>${outerHTML.replace(/shadowrootmode="closed"/, 'shadowrootmode="open"')}</body></html>`,
  );
  return copy;
}

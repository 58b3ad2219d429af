/**
 * Reading interface text of the acted-on control and of its container, for matching only.
 * None of this text is ever stored or sent: rules test it against a pattern and drop it.
 */

/** Elements a user acts on; a click inside one (on its icon, say) is a click on it. */
export const CLICKABLE =
  'button, a[href], [role="button"], [role="menuitem"], [role="link"], [role="tab"], input[type="submit"], input[type="button"], summary';

const MAX_TEXT = 160;

function squeeze(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT);
}

function labelledByText(el: Element): string {
  const ids = el.getAttribute('aria-labelledby');
  if (!ids) return '';
  // An id names an element of the same tree: the document, or the shadow root el sits in.
  const root = el.getRootNode() as Document | ShadowRoot;
  const scope = typeof root.getElementById === 'function' ? root : el.ownerDocument;
  return squeeze(
    ids
      .split(/\s+/)
      .map((id) => scope.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

/** The shadow root an element sits in, if any (open or closed: only open ones are ever reached). */
function shadowRootOf(node: Node): ShadowRoot | null {
  const root = node.getRootNode();
  return root !== node && 'host' in root && (root as ShadowRoot).host ? (root as ShadowRoot) : null;
}

/** The parent across shadow boundaries: the parent element, or the host of the root it is in. */
export function composedParent(el: Element): Element | null {
  return el.parentElement ?? shadowRootOf(el)?.host ?? null;
}

/**
 * `closest` across shadow boundaries: the selector is tried in the element's own tree, then in
 * its host's tree, and so on up to the document. A selector is matched within one tree (a
 * `dmp-panel button` whose button is in the panel's shadow root is not matched).
 */
export function composedClosest(el: Element, selector: string): Element | null {
  for (let node: Element | null = el; node; node = shadowRootOf(node)?.host ?? null) {
    const found = node.closest(selector);
    if (found) return found;
  }
  return null;
}

/**
 * The open shadow roots at or under `root` (not those of the extension's own interface, which
 * are closed anyway), nested ones included. Closed shadow roots cannot be reached from a page
 * script or a content script: what a program draws there stays unseen.
 */
export function openShadowRoots(root: ParentNode, skip: readonly string[] = [], max = 200): ShadowRoot[] {
  const found: ShadowRoot[] = [];
  const visit = (scope: ParentNode) => {
    const self = 'shadowRoot' in scope ? [scope as Element] : [];
    for (const el of [...self, ...Array.from(scope.querySelectorAll('*'))]) {
      if (found.length >= max) return;
      const shadow = el.shadowRoot;
      if (!shadow || skip.includes(el.localName)) continue;
      found.push(shadow);
      visit(shadow);
    }
  };
  visit(root);
  return found;
}

/** The control's accessible name, near enough: aria-label(ledby), its text, title, value. */
export function accessibleText(el: Element): string {
  const aria = squeeze(el.getAttribute('aria-label')) || labelledByText(el);
  if (aria) return aria;
  if (el.localName === 'input') return squeeze((el as HTMLInputElement).value || el.getAttribute('title'));
  const text = squeeze(el.textContent);
  if (text) return text;
  const title = squeeze(el.getAttribute('title'));
  if (title) return title;
  // An icon button labelled by its image or icon.
  const inner = el.querySelector('[aria-label], [title], img[alt]');
  return inner
    ? squeeze(inner.getAttribute('aria-label') || inner.getAttribute('title') || inner.getAttribute('alt'))
    : '';
}

/**
 * The label of the nearest labelled container: an ancestor's aria-label(ledby) or title, a
 * fieldset's legend, a dialog's heading, or the words of a custom element's name
 * (`dmp-share-document` reads "dmp share document"). Stops after a few levels: a label far up
 * the page says nothing about this button.
 */
export function containerLabel(el: Element, maxDepth = 8, elementNames = true): string {
  let node = composedParent(el);
  for (let depth = 0; node && depth < maxDepth; depth++, node = composedParent(node)) {
    const own =
      squeeze(node.getAttribute('aria-label')) || labelledByText(node) || squeeze(node.getAttribute('title'));
    if (own) return own;
    if (node.localName === 'fieldset') {
      const legend = node.querySelector(':scope > legend');
      if (legend) return squeeze(legend.textContent);
    }
    if (elementNames && node.localName.includes('-')) return node.localName.replace(/-/g, ' ');
    if (node.getAttribute('role') === 'dialog' || node.localName === 'dialog') {
      const heading = node.querySelector('h1, h2, h3, [role="heading"]');
      if (heading) return squeeze(heading.textContent);
    }
  }
  return '';
}

/** Whether an element is shown (not hidden by attribute or style). */
export function isShown(el: Element): boolean {
  if (!el.isConnected) return false;
  if (composedClosest(el, '[hidden], [aria-hidden="true"]')) return false;
  const check = (el as Element & { checkVisibility?: (o?: object) => boolean }).checkVisibility;
  if (typeof check === 'function') return check.call(el, { visibilityProperty: true });
  return true;
}

/** The path and, for single-page apps that route by hash, the route (`#/...`). Matched, never kept. */
export function routeOf(loc: { pathname: string; hash: string }): string {
  return loc.hash.startsWith('#/') ? `${loc.pathname}${loc.hash}` : loc.pathname;
}

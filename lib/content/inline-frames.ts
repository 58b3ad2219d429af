/**
 * Same-origin frames with no address of their own (`about:blank` filled by a script, `srcdoc`)
 * get no content script: the manifest's `allFrames` covers frames whose URL matches a watched
 * host, and a script run there could not name its site anyway (its messages come from
 * `about:blank`, which the background cannot tie to a host). Such a frame is the page's own
 * document, readable from it: the page's script runs one more engine on it.
 *
 * Checked when the script starts and whenever a frame loads (the `load` of an iframe reaches
 * the document's capture phase); nothing polls. Cross-origin frames cannot be read: they are
 * watched only if their own host is, by their own content script.
 */
const INLINE = /^about:(blank|srcdoc)/;

/** The frame's document when this page may read it (same origin), else null. */
function contentOf(frame: Element): Document | null {
  try {
    return (frame as HTMLIFrameElement).contentDocument;
  } catch {
    return null;
  }
}

export function watchInlineFrames(
  doc: Document,
  /** Starts what watches a frame's document; returns how to stop it. */
  onFrame: (frameDoc: Document) => () => void,
  signal: AbortSignal,
): void {
  const running = new Map<Element, { doc: Document; stop: () => void }>();
  const look = (frame: Element) => {
    const inner = contentOf(frame);
    const before = running.get(frame);
    if (before && before.doc === inner) return;
    before?.stop();
    running.delete(frame);
    // Cross-origin (null), or a document with its own address: its own content script, if any.
    if (!inner || !INLINE.test(inner.location?.href ?? '')) return;
    running.set(frame, { doc: inner, stop: onFrame(inner) });
  };
  const onLoad = (event: Event) => {
    const target = event.target as Element | null;
    if (target?.localName === 'iframe' || target?.localName === 'frame') look(target);
  };
  doc.addEventListener('load', onLoad, { capture: true, signal });
  for (const frame of Array.from(doc.querySelectorAll('iframe, frame'))) look(frame);
  signal.addEventListener('abort', () => {
    for (const { stop } of running.values()) stop();
    running.clear();
  });
}

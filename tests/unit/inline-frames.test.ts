import { describe, expect, it } from 'vitest';
import { watchInlineFrames } from '@/lib/content/inline-frames';

/** A frame element as the page's script sees it: its document, or a throw when cross-origin. */
function frame(href: string | null): { localName: string; contentDocument: Document | null } {
  const doc = href === null ? null : ({ location: { href } } as unknown as Document);
  return { localName: 'iframe', contentDocument: doc };
}

function page(frames: object[]) {
  let onLoad: ((e: Event) => void) | null = null;
  const doc = {
    querySelectorAll: () => frames,
    addEventListener: (_type: string, l: (e: Event) => void) => (onLoad = l),
  } as unknown as Document;
  return { doc, load: (target: object) => onLoad!({ target } as unknown as Event) };
}

describe('engines on inline frames (about:blank, srcdoc)', () => {
  it('starts one on each inline frame, none on frames with an address or from another origin', () => {
    const blank = frame('about:blank');
    const srcdoc = frame('about:srcdoc');
    const own = frame('https://secure.weda.fr/FolderMedical/DocVersion/PanneauDmp.aspx');
    const foreign = frame(null);
    const { doc } = page([blank, srcdoc, own, foreign]);
    const started: Document[] = [];
    watchInlineFrames(doc, (d) => (started.push(d), () => undefined), new AbortController().signal);
    expect(started).toEqual([blank.contentDocument, srcdoc.contentDocument]);
  });

  it('follows a frame that loads: a new inline document, then a real page (stopped), and stops all at the end', () => {
    const el = frame('about:blank');
    const { doc, load } = page([el]);
    const log: string[] = [];
    const controller = new AbortController();
    watchInlineFrames(
      doc,
      (d) => {
        log.push(`start ${d.location.href}`);
        return () => log.push(`stop ${d.location.href}`);
      },
      controller.signal,
    );
    load(el);
    // The same document loading again: nothing new.
    el.contentDocument = { location: { href: 'about:srcdoc' } } as unknown as Document;
    load(el);
    el.contentDocument = { location: { href: 'https://secure.weda.fr/x' } } as unknown as Document;
    load(el);
    load({ localName: 'img' });
    el.contentDocument = { location: { href: 'about:blank' } } as unknown as Document;
    load(el);
    controller.abort();
    expect(log).toEqual([
      'start about:blank',
      'stop about:blank',
      'start about:srcdoc',
      'stop about:srcdoc',
      'start about:blank',
      'stop about:blank',
    ]);
  });
});

/**
 * What a button on the DMP web access's confirmation step does, from the acted-on element's
 * own attributes and label (interface text of the page, never a field the user typed in).
 */
export interface ActionElementInfo {
  tag: string;
  type?: string | null;
  id?: string | null;
  name?: string | null;
  value?: string | null;
  label?: string | null;
}

const CANCEL = /annul|cancel|retour|abandon|refus|\bnon\b/i;
const ACCEPT = /confirm|valid|accept|\boui\b|continu|sign|envoy|d[ée]pos|\bok\b/i;

export type ActionDecision = 'accept' | 'cancel' | undefined;

export function classifyActionElement(info: ActionElementInfo): ActionDecision {
  const tag = info.tag.toLowerCase();
  const isActionable = tag === 'button' || tag === 'a' || (tag === 'input' && /^(submit|button)$/i.test(info.type ?? ''));
  if (!isActionable) return undefined;
  const words = [info.id, info.name, info.value, info.label].filter(Boolean).join(' ').slice(0, 200);
  if (CANCEL.test(words)) return 'cancel';
  if (ACCEPT.test(words)) return 'accept';
  return undefined;
}

import { isDocClass, labelKey, type DocClass } from './doc-classes';

/**
 * The keys (`labelKey`) of the DMP web access's type labels, by class: the labels themselves
 * are in doc-classes.ts (DMP_WEB_TYPE_LABELS), which the content scripts do not carry. Labels
 * of class `other` need no key: an unknown label is `other` anyway. Made from that table, and
 * checked against it by tests/unit/doc-classes.test.ts (which prints the new value when the
 * table changes).
 */
export const LABEL_KEYS_BY_CLASS: Readonly<Partial<Record<DocClass, string>>> = {
  VSM: 'xasc9s',
  '34133-9': 'gpsuz7',
  '60591-5': '10x1yg6',
  '18761-7': 'opf38 1wr113n 8krk8i 1qcofhx',
  '57828-6': 'xk6vlv x7r441 1f5wi23',
  '57833-6': '1lbay4o f77ls6',
  '57832-8': 'tnf74e 710o1a tl9y6c 160lkkx yhp4c 1wzwc01',
  '55115-0': '192wf8g',
  '11488-4': '7sxc8r 1n34975 lqy4it p9vfo 1e87ndh',
  '34874-8': 'z4y12s',
  '11490-0': '2foqxn 5gugts',
  '18748-4': '1n2taqs',
  '11502-2': '1u8r4fj',
  '89601-9': 't15dnr h6b12',
  '87273-9': '6y3cr9',
};

const CLASS_BY_LABEL_KEY = new Map<string, DocClass>(
  (Object.entries(LABEL_KEYS_BY_CLASS) as [DocClass, string][]).flatMap(([docClass, keys]) =>
    keys.split(' ').map((key) => [key, docClass] as const),
  ),
);

/**
 * Class of a document from the value of a type select. Accepts the DMP web access's French
 * labels and, as practice programs send them, the codes themselves. Anything else is `other`.
 */
export function docClassFromTypeValue(value: string | null | undefined): DocClass {
  if (!value) return 'other';
  const trimmed = value.trim();
  if (isDocClass(trimmed)) return trimmed;
  if (trimmed.toUpperCase() === 'SYNTH') return 'VSM';
  return CLASS_BY_LABEL_KEY.get(labelKey(trimmed)) ?? 'other';
}

import { readFileSync, readdirSync } from 'node:fs';
import { COSTLY_KINDS } from '@/lib/domain/costly-acts';
import { PROFILE_STATUSES } from '@/lib/domain/obligations';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOC_CLASSES, docClassMessageKey } from '@/lib/domain/doc-classes';
import { EVENT_KINDS, MANUAL_KINDS, type EventKind } from '@/lib/domain/events';

type Messages = Record<
  string,
  { message: string; description?: string; placeholders?: Record<string, { content: string }> }
>;

const ROOT = join(import.meta.dirname, '..', '..');
const load = (locale: string) =>
  JSON.parse(readFileSync(join(ROOT, 'public/_locales', locale, 'messages.json'), 'utf8')) as Messages;
const fr = load('fr');
const en = load('en');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && /\.tsx?$/.test(d.name) && !d.name.endsWith('.d.ts'))
    .map((d) => join(d.parentPath, d.name));
}
const SOURCES = [...sourceFiles('components'), ...sourceFiles('entrypoints')].map((file) => ({
  file: relative(ROOT, file),
  text: readFileSync(file, 'utf8'),
}));

function matches(pattern: RegExp): Array<{ file: string; groups: string[] }> {
  return SOURCES.flatMap(({ file, text }) =>
    [...text.matchAll(pattern)].map((m) => ({ file, groups: m.slice(1) })),
  );
}

/** Kinds the recorder can report as counted: what the DMP flow records, and manual entries. */
const COUNTABLE_KINDS: readonly EventKind[] = [
  'dmp_upload',
  'dmp_upload_failed',
  'dmp_consult',
  ...MANUAL_KINDS,
];
/** Keys built from a kind at run time, by template prefix, and the kinds each must cover. */
const TEMPLATE_PREFIXES: Record<string, readonly string[]> = {
  kind_: EVENT_KINDS,
  counted_: COUNTABLE_KINDS,
  rateNum_: ['documents_one', 'documents_many', 'consultations_one', 'consultations_many'],
  rateDen_: ['documents_one', 'documents_many', 'consultations_one', 'consultations_many'],
  rateExtra_: ['one', 'many'],
  overlayMonth_: ['documents', 'consultations'],
  status_: PROFILE_STATUSES,
  costlyKind_: COSTLY_KINDS,
};

const placeholdersOf = (entry: Messages[string]) =>
  Object.fromEntries(
    Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]),
  );
const namedIn = (message: string) =>
  [...message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1]!.toLowerCase()).sort();

describe('locale files', () => {
  it('French and English have the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    expect(Object.keys(fr).length).toBeGreaterThan(10);
  });

  it('French and English have the same placeholders', () => {
    for (const key of Object.keys(fr)) {
      expect(placeholdersOf(en[key]!), key).toEqual(placeholdersOf(fr[key]!));
      expect(namedIn(en[key]!.message), key).toEqual(namedIn(fr[key]!.message));
    }
  });

  it('every placeholder used in a message is declared, and every declared one is used', () => {
    for (const [locale, messages] of [
      ['fr', fr],
      ['en', en],
    ] as const) {
      for (const [key, entry] of Object.entries(messages)) {
        expect(namedIn(entry.message), `${locale}:${key}`).toEqual(Object.keys(placeholdersOf(entry)).sort());
      }
    }
  });

  it('keys are valid message names and messages are not empty', () => {
    for (const [locale, messages] of [
      ['fr', fr],
      ['en', en],
    ] as const) {
      for (const [key, entry] of Object.entries(messages)) {
        expect(key, `${locale}:${key}`).toMatch(/^[A-Za-z0-9_]+$/);
        expect(entry.message.trim(), `${locale}:${key}`).not.toBe('');
      }
    }
  });

  it('French messages are in French', () => {
    expect(fr.undo?.message).toBe('Annuler');
    expect(fr.today?.message).toBe("Aujourd'hui");
  });
});

describe('keys used by the code exist in both locales', () => {
  const expectKey = (key: string, where: string) => {
    expect(fr, `${where}: ${key} (fr)`).toHaveProperty([key]);
    expect(en, `${where}: ${key} (en)`).toHaveProperty([key]);
  };

  it('literal keys passed to t() and getMessage()', () => {
    const literal = [
      ...matches(/\bt\(\s*(['"])([A-Za-z0-9_@]+)\1/g),
      ...matches(/\bgetMessage\(\s*(['"])([A-Za-z0-9_@]+)\1/g),
    ].filter(({ groups }) => !groups[1]!.startsWith('@@'));
    expect(literal.length).toBeGreaterThan(20);
    for (const { file, groups } of literal) expectKey(groups[1]!, file);
  });

  it('keys passed with a substitution declare a placeholder for it', () => {
    const withArgs = matches(/\bt\(\s*(['"])([A-Za-z0-9_]+)\1\s*,/g);
    expect(withArgs.length).toBeGreaterThan(0);
    for (const { file, groups } of withArgs) {
      const contents = Object.values(placeholdersOf(fr[groups[1]!]!));
      expect(contents, `${file}: ${groups[1]}`).toContain('$1');
    }
  });

  it('every key built from an event kind', () => {
    const templates = matches(/\bt\(\s*`([A-Za-z0-9_]*)\$\{/g);
    expect(templates.map((m) => m.groups[0]).sort()).toEqual(expect.arrayContaining(['counted_', 'kind_']));
    for (const { file, groups } of templates) {
      const prefix = groups[0]!;
      const kinds = TEMPLATE_PREFIXES[prefix];
      expect(kinds, `${file}: t(\`${prefix}\${...}\`) builds keys this test does not know`).toBeDefined();
      for (const kind of kinds ?? []) expectKey(`${prefix}${kind}`, file);
    }
  });

  it('every document class label', () => {
    for (const code of DOC_CLASSES) expectKey(docClassMessageKey(code), 'docClassMessageKey');
  });

  it('no call to t() builds its key some other way', () => {
    const calls = matches(/\bt\(\s*([^\s)])/g);
    const known = calls.filter(({ groups }) => /^['"`]$/.test(groups[0]!));
    const dynamic = matches(/\bt\(\s*(docClassMessageKey\(|key\b)/g);
    expect(known.length + dynamic.length).toBe(calls.length);
  });

  it('message keys of the problems lib/ reports (refused backups, failed restores)', () => {
    // The compiler checks them too, through t()'s generated key type; this holds when .wxt is stale.
    const lib = sourceFiles('lib').map((file) => readFileSync(file, 'utf8'));
    const keys = lib.flatMap((text) => [
      ...[...text.matchAll(/\bproblem\(\s*'([a-z_]+)'/g)].map((m) => m[1]!),
      ...[...text.matchAll(/\bfail\(\s*'[a-z_]+',\s*'([a-z_]+)'/g)].map((m) => m[1]!),
      ...[...text.matchAll(/'(backup_schema_[a-z_]+)'/g)].map((m) => m[1]!),
    ]);
    expect(keys.length).toBeGreaterThan(30);
    for (const key of keys) expectKey(key, 'lib');
  });

  it('manifest __MSG_ keys', () => {
    const config = readFileSync(join(ROOT, 'wxt.config.ts'), 'utf8');
    const keys = [...config.matchAll(/__MSG_(\w+)__/g)].map((m) => m[1]!);
    expect(keys).toEqual(expect.arrayContaining(['extName', 'extDescription']));
    for (const key of keys) expectKey(key, 'wxt.config.ts');
  });
});

describe('default locale', () => {
  it('is French in the manifest', async () => {
    const { default: config } = await import('@/wxt.config');
    const manifest = config.manifest as (env: { browser: string }) => { default_locale?: string };
    expect(manifest({ browser: 'chrome' }).default_locale).toBe('fr');
    expect(manifest({ browser: 'firefox' }).default_locale).toBe('fr');
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { describe, expect, it } from 'vitest';
import { compareVersions, notesBetween, parseChangelog, type ReleaseNote } from '@/lib/domain/changelog';
import { parseManaged, seedFromManaged } from '@/lib/domain/managed';
import { DEFAULT_SETTINGS } from '@/lib/domain/settings';
import { onInstalled, type InstallDeps } from '@/lib/background/first-run';
import { applyManagedSettings } from '@/lib/background/managed-settings';
import { RELEASE_NOTES } from '@/lib/domain/release-notes';
import { managedAppliedItem, settingsItem } from '@/lib/storage/items';

const CHANGELOG = `# Changelog

## Unreleased

### Pour le médecin

- pas encore

## 0.3.0 — 2027-02-01

### Technical

- nothing for the doctor

## 0.2.0 — 2027-01-10

### Pour le médecin

- Une note
  sur deux lignes.

### For the doctor

- A note on two lines.

### Technical

- not shown

## 0.1.0 — 2026-12-02

### Pour le médecin

- Première version.
`;

describe("CHANGELOG: the doctor's notes", () => {
  const notes = parseChangelog(CHANGELOG);

  it('reads each version, its date and its French and English notes; "Unreleased" and Technical are left out', () => {
    expect(notes).toEqual([
      { version: '0.3.0', date: '2027-02-01', fr: [], en: [] },
      {
        version: '0.2.0',
        date: '2027-01-10',
        fr: ['Une note sur deux lignes.'],
        en: ['A note on two lines.'],
      },
      { version: '0.1.0', date: '2026-12-02', fr: ['Première version.'], en: [] },
    ]);
  });

  it('an update shows the notes after the version before, up to this one, newest first', () => {
    expect(notesBetween(notes, '0.1.0', '0.3.0').map((n) => n.version)).toEqual(['0.2.0']);
    expect(notesBetween(notes, '0.0.9', '0.2.0').map((n) => n.version)).toEqual(['0.2.0', '0.1.0']);
    expect(notesBetween(notes, '0.2.0', '0.3.0')).toEqual([]);
  });

  it('compares versions as numbers', () => {
    expect(compareVersions('0.10.0', '0.9.0')).toBeGreaterThan(0);
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0);
  });

  it("the bundled CHANGELOG has the package's version, with notes in both languages", () => {
    const version = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')).version;
    const current = RELEASE_NOTES.find((n) => n.version === version);
    expect(current, `CHANGELOG.md has no "## ${version} — date" heading`).toBeDefined();
    expect(current!.fr.length).toBeGreaterThan(0);
    expect(current!.en.length).toBe(current!.fr.length);
  });
});

describe('onInstalled', () => {
  const notes: ReleaseNote[] = [
    { version: '0.2.0', date: '2027-01-10', fr: ['x'], en: ['x'] },
    { version: '0.1.1', date: '2027-01-01', fr: [], en: [] },
  ];
  const deps = (over: Partial<InstallDeps> = {}) => {
    const opened: string[] = [];
    const d: InstallDeps = {
      currentVersion: '0.2.0',
      notes,
      whatsNewOn: async () => true,
      welcomeOn: async () => true,
      openPage: async (p) => void opened.push(p),
      ...over,
    };
    return { d, opened };
  };

  it('opens the welcome page on install', async () => {
    const { d, opened } = deps();
    await onInstalled({ reason: 'install' }, d);
    expect(opened).toEqual(['/welcome.html']);
  });

  it("opens nothing on install when the practice's policy says so", async () => {
    const { d, opened } = deps({ welcomeOn: async () => false });
    await onInstalled({ reason: 'install' }, d);
    expect(opened).toEqual([]);
  });

  it('on update, the note of what changed since the version before', async () => {
    const { d, opened } = deps();
    await onInstalled({ reason: 'update', previousVersion: '0.1.0' }, d);
    expect(opened).toEqual(['/welcome.html#whats-new=0.1.0']);
  });

  it('on update, nothing when the doctor turned the note off, or nothing changed for them', async () => {
    const off = deps({ whatsNewOn: async () => false });
    await onInstalled({ reason: 'update', previousVersion: '0.1.0' }, off.d);
    const quiet = deps({ currentVersion: '0.1.1' });
    await onInstalled({ reason: 'update', previousVersion: '0.1.0' }, quiet.d);
    expect([...off.opened, ...quiet.opened]).toEqual([]);
  });

  it('a browser update opens nothing', async () => {
    const { d, opened } = deps();
    await onInstalled({ reason: 'chrome_update', previousVersion: '0.1.0' }, d);
    await onInstalled({ reason: 'browser_update' }, d);
    expect(opened).toEqual([]);
  });
});

describe("the practice's policy (storage.managed)", () => {
  it('accepts the documented fields; an empty policy is none', () => {
    expect(
      parseManaged({ profileId: 'plfss-2026', programHost: 'logiciel.exemple.fr', exportReminder: false }),
    ).toEqual({
      ok: true,
      managed: { profileId: 'plfss-2026', programHost: 'logiciel.exemple.fr', exportReminder: false },
    });
    expect(parseManaged(null)).toEqual({ ok: true, managed: {} });
  });

  it('refuses the whole policy on one bad field, naming the field and not its value', () => {
    for (const [raw, field] of [
      [{ profileId: 'bogus' }, 'profileId'],
      [{ profileId: 'custom' }, 'profileId'],
      [{ programHost: 'https://x.fr/path' }, 'programHost'],
      [{ exportReminder: 'yes' }, 'exportReminder'],
    ] as const) {
      const r = parseManaged(raw);
      expect(r.ok, JSON.stringify(raw)).toBe(false);
      if (!r.ok) expect(r.problem).toEqual({ key: 'firstRunManagedInvalid', params: [field] });
    }
    const unknown = parseManaged({ profileId: 'in-force', patientName: 'Jeanne Martin' });
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(JSON.stringify(unknown.problem)).not.toContain('Jeanne');
  });

  it("seeds: applied when new or changed by the practice; the doctor's later change stays", () => {
    const first = seedFromManaged(DEFAULT_SETTINGS, { profileId: 'plfss-2026' }, {});
    expect(first.settings.profileId).toBe('plfss-2026');
    const doctor = { ...first.settings, profileId: 'in-force' as const };
    expect(seedFromManaged(doctor, { profileId: 'plfss-2026' }, { profileId: 'plfss-2026' })).toEqual({
      settings: doctor,
      changed: false,
    });
    expect(
      seedFromManaged(doctor, { profileId: 'lfss-2026-art85' }, { profileId: 'plfss-2026' }).settings
        .profileId,
    ).toBe('lfss-2026-art85');
  });

  it('applyManagedSettings writes the seeded settings once, and a refused policy changes nothing', async () => {
    await fakeBrowser.storage.managed.set({ profileId: 'plfss-2026', exportReminder: false });
    expect(await applyManagedSettings()).toBe('applied');
    expect(await settingsItem.get()).toMatchObject({ profileId: 'plfss-2026', exportReminder: false });
    expect(await managedAppliedItem.get()).toEqual({ profileId: 'plfss-2026', exportReminder: false });
    await settingsItem.set({ ...(await settingsItem.get()), profileId: 'in-force' });
    expect(await applyManagedSettings()).toBe('unchanged');
    expect((await settingsItem.get()).profileId).toBe('in-force');

    await fakeBrowser.storage.managed.set({ profileId: 'nonsense' });
    const before = await fakeBrowser.storage.local.get(null);
    expect(await applyManagedSettings()).toBe('refused');
    expect(await fakeBrowser.storage.local.get(null)).toEqual(before);
  });
});

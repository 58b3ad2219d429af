import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { isCalendarDay } from '@/lib/domain/calendar';
import { DOC_CLASSES } from '@/lib/domain/doc-classes';
import {
  BUILTIN_PROFILES,
  CustomProfileSchema,
  DEFAULT_PROFILE_ID,
  ObligationProfileSchema,
  PROFILE_IDS,
  builtinProfile,
  customProfileFrom,
  parseProfile,
  requiredClassesOn,
  resolveProfile,
  type ObligationProfile,
} from '@/lib/domain/obligations';

const profile = (id: string): ObligationProfile => {
  const p = builtinProfile(id);
  if (!p) throw new Error(`no profile ${id}`);
  return p;
};

describe('built-in profiles', () => {
  it('are the four profiles, in order, and each passes the schema', () => {
    expect(BUILTIN_PROFILES.map((p) => p.id)).toEqual([...PROFILE_IDS]);
    expect(PROFILE_IDS).toEqual(['in-force', 'plfss-2026', 'lfss-2026-art85', 'custom']);
    for (const p of BUILTIN_PROFILES) {
      const result = v.safeParse(ObligationProfileSchema, p);
      expect(result.success, `${p.id}: ${result.issues?.[0]?.message}`).toBe(true);
    }
  });

  it('default to the obligation in force', () => {
    expect(DEFAULT_PROFILE_ID).toBe('in-force');
    expect(resolveProfile(undefined).id).toBe('in-force');
    expect(resolveProfile('no-such-profile').id).toBe('in-force');
    expect(resolveProfile('plfss-2026').id).toBe('plfss-2026');
  });

  it('carry statuses as docs/domain.md dates them', () => {
    expect(profile('in-force').status).toBe('in_force');
    expect(profile('plfss-2026').status).toBe('proposed');
    expect(profile('lfss-2026-art85').status).toBe('censured');
    expect(profile('custom').status).toBe('custom');
  });

  it('in force: L.1111-15 and the arrêté of 26 April 2022, no fine, no consult rule', () => {
    const p = profile('in-force');
    expect(p.fine).toBeNull();
    expect(p.consultBeforeCostlyActs).toBe(false);
    expect(p.targetRate).toBe(1);
    const refs = p.sources.map((s) => s.reference);
    expect(refs).toContain('CSP art. L.1111-15');
    expect(p.sources.find((s) => s.reference === 'Arrêté du 26 avril 2022')?.date).toBe('2022-04-26');
    expect(p.censure).toBeUndefined();
  });

  it('PLFSS 2026 bill art. 31: 2,500 EUR per failure, 10,000 EUR a year, consult before costly acts', () => {
    const p = profile('plfss-2026');
    expect(p.fine?.perFailureEur).toBe(2500);
    expect(p.fine?.capPerYearEur).toBe(10000);
    expect(p.consultBeforeCostlyActs).toBe(true);
    expect(p.sources[0]?.reference).toBe('PLFSS 2026, art. 31');
    // The bill's start date is not in docs/domain.md: the profile must say it is uncertain.
    expect(p.note.fr).toMatch(/Date d’application du projet \(\?\)/);
    expect(p.note.en).toMatch(/start date \(\?\)/);
  });

  it('LFSS 2026 art. 85: loi n° 2025-1403, sanctions from 1 July 2028, censured by 2025-899 DC', () => {
    const p = profile('lfss-2026-art85');
    expect(p.fine).toEqual({ perFailureEur: 2500, capPerYearEur: 10000, appliesFrom: '2028-07-01' });
    const law = p.sources.find((s) => s.reference === 'Loi n° 2025-1403, art. 85');
    const decision = p.sources.find((s) => s.reference === 'Décision n° 2025-899 DC');
    expect(law?.date).toBe('2025-12-30');
    expect(decision?.date).toBe('2025-12-30');
    expect(p.censure?.fr).toContain('2025-899 DC');
    expect(p.censure?.fr).toContain('cavalier social');
    expect(p.censure?.en).toContain('2025-899 DC');
    // docs/domain.md: whether the consult-before-costly-acts part fell too is (?).
    expect(p.note.fr).toMatch(/actes coûteux[^.]*\(\?\)/);
    expect(p.note.en).toMatch(/costly acts[^.]*\(\?\)/);
  });

  it('every note marks its uncertain facts with (?) in both languages', () => {
    for (const p of BUILTIN_PROFILES.filter((x) => x.id !== 'custom')) {
      expect(p.note.fr, p.id).toContain('(?)');
      expect(p.note.en, p.id).toContain('(?)');
    }
  });

  it('are frozen, so a screen cannot change a built-in by mistake', () => {
    const p = profile('in-force');
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.requiredClasses[0]?.items[0]?.classes)).toBe(true);
    expect(() => {
      (p as { targetRate: number }).targetRate = 0.5;
    }).toThrow(TypeError);
  });
});

describe('requiredClassesOn', () => {
  const inForce = profile('in-force');

  it('before 31/12/2022: liaison letters, discharge documents, biology reports, VSM', () => {
    // Phase 1 items: entry letter 18761-7, discharge letter 11490-0, discharge documents
    // 11490-0 + 34133-9, biology 11502-2, VSM VSM + 60591-5 -> 6 distinct classes.
    expect(requiredClassesOn(inForce, '2022-12-30')).toEqual([
      '11490-0',
      '18761-7',
      '11502-2',
      '34133-9',
      '60591-5',
      'VSM',
    ]);
    expect(requiredClassesOn(inForce, '2015-01-01')).toHaveLength(6);
  });

  it('from 31/12/2022 (that day included): adds imaging reports and prescriptions of health products', () => {
    const on = requiredClassesOn(inForce, '2022-12-31');
    expect(on).toHaveLength(8); // 6 + 18748-4 + 57833-6 (biology 11502-2 was already there)
    expect(on).toContain('18748-4');
    expect(on).toContain('57833-6');
    expect(on).not.toContain('34874-8');
    expect(requiredClassesOn(inForce, '2023-12-30')).toEqual(on);
  });

  it('from 31/12/2023: adds operative reports, imaging requests, certificates', () => {
    const on = requiredClassesOn(inForce, '2023-12-31');
    // 8 + 34874-8 + 55115-0 + 89601-9 = 11 (letters to colleagues share 18761-7; biology
    // prescriptions have no class).
    expect(on).toHaveLength(11);
    expect(on).toEqual(expect.arrayContaining(['34874-8', '55115-0', '89601-9']));
    // Never required: consultation reports, care prescriptions, other prescriptions, vaccination.
    for (const cls of ['11488-4', '57832-8', '57828-6', '87273-9', '11369-6', 'other'] as const) {
      expect(on).not.toContain(cls);
    }
  });

  it('lists biology prescriptions without a class rather than guessing one', () => {
    const items = inForce.requiredClasses.flatMap((phase) => phase.items);
    const bioRx = items.find((i) => i.label.fr === 'Prescriptions de biologie');
    expect(bioRx?.classes).toEqual([]);
  });

  it('returns classes in vocabulary order, each once', () => {
    const on = requiredClassesOn(inForce, '2030-01-01');
    const order = on.map((c) => DOC_CLASSES.indexOf(c));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(new Set(on).size).toBe(on.length);
  });

  it('reads the data only: an edited phase changes the answer', () => {
    const edited = customProfileFrom(inForce);
    edited.requiredClasses = [
      { from: '2026-03-01', items: [{ label: { fr: 'CR', en: 'Report' }, classes: ['11488-4'] }] },
    ];
    expect(requiredClassesOn(edited, '2026-02-28')).toEqual([]);
    expect(requiredClassesOn(edited, '2026-03-01')).toEqual(['11488-4']);
  });
});

describe('schema for edited and restored profiles', () => {
  it('accepts a custom profile made from a built-in, and the copy is independent', () => {
    const custom = customProfileFrom(profile('lfss-2026-art85'));
    expect(custom.id).toBe('custom');
    expect(custom.status).toBe('custom');
    expect(custom.censure).toBeUndefined();
    expect(custom.fine?.appliesFrom).toBe('2028-07-01');
    custom.targetRate = 0.8;
    expect(profile('lfss-2026-art85').targetRate).toBe(1);
    expect(parseProfile(custom, { custom: true })).toEqual({ ok: true, profile: custom });
    expect(resolveProfile('custom', custom)).toBe(custom);
    expect(resolveProfile('custom', null).id).toBe('custom');
  });

  it('refuses a target rate outside 0..1', () => {
    const bad = { ...customProfileFrom(profile('in-force')), targetRate: 1.2 };
    const result = parseProfile(bad);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/targetRate/);
  });

  it('refuses an unknown document class, an impossible date and a negative fine', () => {
    const base = customProfileFrom(profile('plfss-2026'));
    const unknownClass = structuredClone(base) as unknown as {
      requiredClasses: { items: { classes: string[] }[] }[];
    };
    unknownClass.requiredClasses[0]!.items[0]!.classes = ['12345-6'];
    expect(parseProfile(unknownClass).ok).toBe(false);
    expect(
      parseProfile({
        ...base,
        fine: { perFailureEur: 2500, capPerYearEur: 10000, appliesFrom: '2027-02-30' },
      }).ok,
    ).toBe(false);
    expect(
      parseProfile({ ...base, fine: { perFailureEur: -1, capPerYearEur: 10000, appliesFrom: '2027-07-01' } })
        .ok,
    ).toBe(false);
  });

  it('refuses unknown fields (nothing smuggled in through a backup)', () => {
    expect(parseProfile({ ...customProfileFrom(profile('in-force')), script: 'x' }).ok).toBe(false);
  });

  it('the custom schema demands id and status custom', () => {
    expect(v.safeParse(CustomProfileSchema, profile('in-force')).success).toBe(false);
    expect(v.safeParse(CustomProfileSchema, profile('custom')).success).toBe(true);
    expect(parseProfile(profile('plfss-2026'), { custom: true }).ok).toBe(false);
  });

  it('trims labels and refuses an empty one', () => {
    const base = customProfileFrom(profile('in-force'));
    const parsed = parseProfile({ ...base, label: { fr: '  Mon profil  ', en: 'Mine' } });
    expect(parsed.ok && parsed.profile.label.fr).toBe('Mon profil');
    expect(parseProfile({ ...base, label: { fr: '   ', en: 'Mine' } }).ok).toBe(false);
  });
});

describe('isCalendarDay', () => {
  it('knows real dates from impossible ones', () => {
    expect(isCalendarDay('2024-02-29')).toBe(true);
    expect(isCalendarDay('2025-02-29')).toBe(false);
    expect(isCalendarDay('2025-13-01')).toBe(false);
    expect(isCalendarDay('2025-1-01')).toBe(false);
  });
});

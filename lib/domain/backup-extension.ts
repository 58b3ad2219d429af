import * as v from 'valibot';
import {
  parseBackup,
  type Backup,
  type BackupProblemKey,
  type BackupState,
  type BackupValidators,
  type ParseBackupResult,
  type RestoreMode,
  type RestorePlan,
} from './backup';
import { problem, type Problem } from './problem';
import { CustomProfileSchema, PROFILE_IDS } from './obligations';
import { DEFAULT_SETTINGS, readSettings, SettingsSchema, type Settings } from './settings';
import { SiteRecordSchema, TaughtRuleSchema } from './rules';

/**
 * This extension's side of a backup (lib/domain/backup.ts keeps settings, profile, sites and
 * rules opaque): their checks, and the restore summary. Pure: the dashboard's preview and the
 * background's restore use the same functions.
 */

/** What a restore changed, store by store (counts only). */
export interface RestoreSummary {
  mode: RestoreMode;
  events: { added: number; updated: number; removed: number };
  spans: { added: number; updated: number; removed: number };
  sites: { added: number; updated: number; removed: number };
  taughtRules: { added: number; updated: number; removed: number };
  settingsChanged: boolean;
  profileChanged: boolean;
  noChange: boolean;
}

/** Messages of the checks and failures of restore and erase, beside the backup's own (public/_locales). */
export type DataProblemKey =
  | 'backup_setting_unknown'
  | 'backup_setting_invalid'
  | 'backup_profile_invalid'
  | 'backup_site_invalid'
  | 'backup_rule_invalid'
  | 'backup_unknown_profile'
  | 'restore_store_missing'
  | 'restore_storage_full'
  | 'restore_write_failed'
  | 'erase_failed';

/** A problem the dashboard words in the user's language. */
export type DataProblem = Problem<BackupProblemKey | DataProblemKey>;

/**
 * Checks the parts lib/domain/backup.ts keeps opaque with their owners' schemas: settings (each
 * known key valid, no unknown key), the custom profile, sites and taught rules.
 */
export const EXTENSION_BACKUP_VALIDATORS: BackupValidators<DataProblemKey> = {
  settings: (value) => {
    for (const [key, item] of Object.entries(value)) {
      if (!Object.prototype.hasOwnProperty.call(DEFAULT_SETTINGS, key))
        return problem('backup_setting_unknown', key.slice(0, 40));
      const result = v.safeParse(SettingsSchema, { ...DEFAULT_SETTINGS, [key]: item });
      if (!result.success) return problem('backup_setting_invalid', key, result.issues[0].message);
    }
    return null;
  },
  customProfile: (value) => {
    const result = v.safeParse(CustomProfileSchema, value);
    return result.success ? null : problem('backup_profile_invalid', result.issues[0].message);
  },
  site: (value) => {
    const result = v.safeParse(SiteRecordSchema, value);
    return result.success ? null : problem('backup_site_invalid', result.issues[0].message);
  },
  taughtRule: (value) => {
    const result = v.safeParse(TaughtRuleSchema, value);
    return result.success ? null : problem('backup_rule_invalid', result.issues[0].message);
  },
};

/** parseBackup with this extension's validators, and a known obligation profile. Never throws. */
export function parseExtensionBackup(text: string): ParseBackupResult<DataProblemKey> {
  const parsed = parseBackup(text, EXTENSION_BACKUP_VALIDATORS);
  if (parsed.ok && !(PROFILE_IDS as readonly string[]).includes(parsed.backup.profileId)) {
    return {
      ok: false,
      code: 'invalid',
      problem: problem('backup_unknown_profile', parsed.backup.profileId),
    };
  }
  return parsed;
}

/** The stored settings as a backup holds them: the chosen profile apart, the rest in `settings`. */
export function splitSettings(
  settings: Settings,
): Pick<BackupState, 'settings' | 'profileId' | 'customProfile'> {
  const { profileId, customProfile, ...rest } = settings;
  return { settings: rest, profileId, customProfile: customProfile ?? null };
}

/** The settings after a restore: the plan's settings and profile, checked field by field. */
export function settingsAfterPlan(plan: RestorePlan<Backup>): Settings {
  const next = {
    ...plan.settings.next,
    profileId: plan.profile.profileId,
    customProfile: plan.profile.customProfile ?? null,
  };
  return readSettings(next);
}

export function summarizePlan(plan: RestorePlan<Backup>): RestoreSummary {
  const counts = (p: { added: number; updated: number; removed: number }) => ({
    added: p.added,
    updated: p.updated,
    removed: p.removed,
  });
  return {
    mode: plan.mode,
    events: counts(plan.events),
    spans: counts(plan.spans),
    sites: counts(plan.sites),
    taughtRules: counts(plan.taughtRules),
    settingsChanged: plan.settings.changed,
    profileChanged: plan.profile.changed,
    noChange: plan.noChange,
  };
}

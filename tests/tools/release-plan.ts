/**
 * What `npm run release` submits, and how, from the environment (release.ts). Keys are only
 * ever read from the environment, where `wxt submit` (publish-browser-extension) reads them
 * itself; they never appear on a command line or in a file of the project.
 */
export type StoreId = 'chrome' | 'firefox' | 'edge';

interface StoreSpec {
  name: string;
  /** The variables the store needs; all of them, or the store is not submitted to. */
  keys: readonly string[];
  /** Variables with a default of ours (FIREFOX_EXTENSION_ID is the manifest's gecko id). */
  defaults?: Readonly<Record<string, string>>;
  /** wxt submit's dry run for this store talks to no server (it only checks the zips). */
  offlineDryRun: boolean;
  args(zips: Zips): string[];
}

export interface Zips {
  chrome: string;
  firefox: string;
  sources: string;
}

export const STORES: Record<StoreId, StoreSpec> = {
  chrome: {
    name: 'Chrome Web Store (API v2)',
    keys: [
      'CHROME_EXTENSION_ID',
      'CHROME_PUBLISHER_ID',
      'CHROME_SERVICE_ACCOUNT_CLIENT_EMAIL',
      'CHROME_SERVICE_ACCOUNT_PRIVATE_KEY',
    ],
    // Its dry run fetches the item's status: it checks the keys against the store.
    offlineDryRun: false,
    args: (z) => ['--chrome-zip', z.chrome, '--chrome-api-version', 'v2'],
  },
  firefox: {
    name: 'addons.mozilla.org',
    keys: ['FIREFOX_EXTENSION_ID', 'FIREFOX_JWT_ISSUER', 'FIREFOX_JWT_SECRET'],
    defaults: { FIREFOX_EXTENSION_ID: 'suivi-dmp@suivi-dmp.org' },
    offlineDryRun: false,
    args: (z) => ['--firefox-zip', z.firefox, '--firefox-sources-zip', z.sources],
  },
  edge: {
    name: 'Microsoft Edge Add-ons (the Chrome zip)',
    keys: ['EDGE_PRODUCT_ID', 'EDGE_CLIENT_ID', 'EDGE_API_KEY'],
    offlineDryRun: true,
    args: (z) => ['--edge-zip', z.chrome],
  },
};

/** A value the dry run passes for a key it does not have, where the store is never contacted. */
export const PLACEHOLDER = 'dry-run-no-key';

export interface StoreStep {
  store: StoreId;
  name: string;
  /** run: `wxt submit` runs for it (with `--dry-run` in a dry run); skip: reason given. */
  action: 'run' | 'skip';
  missing: string[];
  args: string[];
  /** Extra environment for the run: our defaults, and placeholders in an offline dry run. */
  env: Record<string, string>;
  note: string;
}

export function planSubmission(
  env: Readonly<Record<string, string | undefined>>,
  zips: Zips,
  dryRun: boolean,
): StoreStep[] {
  return (Object.keys(STORES) as StoreId[]).map((store) => {
    const spec = STORES[store];
    const extra: Record<string, string> = {};
    for (const [k, v] of Object.entries(spec.defaults ?? {})) if (!env[k]) extra[k] = v;
    const missing = spec.keys.filter((k) => !env[k] && !extra[k]);
    const base = { store, name: spec.name, missing, args: spec.args(zips) };
    if (missing.length === 0)
      return {
        ...base,
        action: 'run',
        env: extra,
        note: dryRun ? 'dry run with your keys: the store checks them, nothing is uploaded' : 'submitted',
      };
    if (dryRun && spec.offlineDryRun) {
      for (const k of missing) extra[k] = PLACEHOLDER;
      return {
        ...base,
        action: 'run',
        env: extra,
        note: 'dry run without keys: wxt submit checks the zip, the store is not contacted',
      };
    }
    return {
      ...base,
      action: 'skip',
      env: extra,
      note: `no keys (set ${missing.join(', ')})${dryRun ? '; its dry run would contact the store' : ''}`,
    };
  });
}

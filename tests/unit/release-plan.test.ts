import { describe, expect, it } from 'vitest';
import { PLACEHOLDER, planSubmission } from '../tools/release-plan';

const zips = { chrome: 'c.zip', firefox: 'f.zip', sources: 's.zip' };
const byStore = (steps: ReturnType<typeof planSubmission>) =>
  Object.fromEntries(steps.map((s) => [s.store, s]));

describe('npm run release: which stores, from the environment', () => {
  it('a dry run without keys runs only the store whose dry run stays offline, with placeholders', () => {
    const plan = byStore(planSubmission({}, zips, true));
    expect(plan.chrome!.action).toBe('skip');
    expect(plan.firefox!.action).toBe('skip');
    expect(plan.firefox!.missing).toEqual(['FIREFOX_JWT_ISSUER', 'FIREFOX_JWT_SECRET']);
    expect(plan.edge).toMatchObject({ action: 'run', args: ['--edge-zip', 'c.zip'] });
    expect(plan.edge!.env).toEqual({
      EDGE_PRODUCT_ID: PLACEHOLDER,
      EDGE_CLIENT_ID: PLACEHOLDER,
      EDGE_API_KEY: PLACEHOLDER,
    });
  });

  it('a real submission never uses placeholders: a store without its keys is skipped', () => {
    const plan = planSubmission({}, zips, false);
    expect(plan.every((s) => s.action === 'skip')).toBe(true);
  });

  it('with its keys, a store runs; the Firefox id defaults to the manifest gecko id; keys stay in the environment', () => {
    const env = { FIREFOX_JWT_ISSUER: 'issuer', FIREFOX_JWT_SECRET: 'secret' };
    const firefox = byStore(planSubmission(env, zips, false)).firefox!;
    expect(firefox).toMatchObject({ action: 'run', missing: [] });
    expect(firefox.env).toEqual({ FIREFOX_EXTENSION_ID: 'suivi-dmp@suivi-dmp.org' });
    expect(firefox.args).toEqual(['--firefox-zip', 'f.zip', '--firefox-sources-zip', 's.zip']);
    expect(JSON.stringify(firefox.args)).not.toContain('secret');
  });
});

import changelog from '../../CHANGELOG.md?raw';
import { parseChangelog, type ReleaseNote } from './changelog';

/** CHANGELOG.md's notes for the doctor, bundled at build time: no network to say what changed. */
export const RELEASE_NOTES: readonly ReleaseNote[] = parseChangelog(changelog);

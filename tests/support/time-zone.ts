import { afterAll, beforeAll } from 'vitest';

/**
 * Runs the enclosing block's tests in a given time zone: Node applies a change of
 * `process.env.TZ` to every Date computation from then on. The zone before is put back after.
 */
export function inTimeZone(tz: string): void {
  let saved: string | undefined;
  beforeAll(() => {
    saved = process.env.TZ;
    process.env.TZ = tz;
  });
  afterAll(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });
}

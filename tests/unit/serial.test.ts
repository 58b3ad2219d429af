import { describe, expect, it } from 'vitest';
import { SerialQueue } from '@/lib/background/serial';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('SerialQueue', () => {
  it('runs the jobs of one key in order, never two at once', async () => {
    const queue = new SerialQueue<number>();
    const log: string[] = [];
    let running = 0;
    const job = (name: string) => async () => {
      running += 1;
      expect(running).toBe(1);
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      running -= 1;
      return name;
    };
    const results = await Promise.all([
      queue.run(1, job('a')),
      queue.run(1, job('b')),
      queue.run(1, job('c')),
    ]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('runs different keys side by side', async () => {
    const queue = new SerialQueue<number>();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
    };
    await Promise.all([queue.run(1, job('a')), queue.run(2, job('b'))]);
    expect(log.slice(0, 2)).toEqual(['start a', 'start b']);
  });

  it('a failing job rejects its own caller and lets the next one run', async () => {
    const queue = new SerialQueue();
    const failing = queue.run('k', async () => {
      throw new Error('boom');
    });
    const next = queue.run('k', async () => 'after');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('after');
  });
});

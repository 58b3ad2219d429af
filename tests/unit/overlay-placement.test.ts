import { describe, expect, it } from 'vitest';
import {
  CORNERS,
  PROBE_STEP,
  clampBox,
  cornerBox,
  pickFreeCorner,
  probePoints,
  type Box,
} from '@/lib/content/overlay-placement';

const VIEWPORT = { width: 1280, height: 800 };
const SIZE = { width: 340, height: 44 };

/** A page whose controls occupy the given rectangles. */
const controlsAt =
  (...rects: Box[]) =>
  (x: number, y: number) =>
    rects.some((r) => x >= r.left && x < r.left + r.width && y >= r.top && y < r.top + r.height);

describe('cornerBox', () => {
  it('places the box a margin away from each corner', () => {
    expect(cornerBox('bottom-right', VIEWPORT, SIZE)).toEqual({
      left: 1280 - 340 - 16,
      top: 800 - 44 - 16,
      width: 340,
      height: 44,
    });
    expect(cornerBox('top-left', VIEWPORT, SIZE)).toEqual({ left: 16, top: 16, width: 340, height: 44 });
    expect(cornerBox('top-right', VIEWPORT, SIZE, 0)).toMatchObject({ left: 940, top: 0 });
    expect(cornerBox('bottom-left', VIEWPORT, SIZE, 0)).toMatchObject({ left: 0, top: 756 });
  });

  it('probes inside the box, from edge to edge, with gaps no wider than PROBE_STEP', () => {
    const box = cornerBox('top-left', VIEWPORT, SIZE);
    const points = probePoints(box);
    for (const [x, y] of points) {
      expect(x).toBeGreaterThan(box.left);
      expect(x).toBeLessThan(box.left + box.width);
      expect(y).toBeGreaterThan(box.top);
      expect(y).toBeLessThan(box.top + box.height);
    }
    const xs = [...new Set(points.map(([x]) => x))].sort((a, b) => a - b);
    const ys = [...new Set(points.map(([, y]) => y))].sort((a, b) => a - b);
    expect(xs[0]).toBe(box.left + 1);
    expect(xs.at(-1)).toBe(box.left + box.width - 1);
    expect(ys[0]).toBe(box.top + 1);
    expect(ys.at(-1)).toBe(box.top + box.height - 1);
    for (const axis of [xs, ys]) {
      for (let i = 1; i < axis.length; i++) expect(axis[i]! - axis[i - 1]!).toBeLessThanOrEqual(PROBE_STEP);
    }
    expect(points).toHaveLength(xs.length * ys.length);
  });

  it('probes a tiny box at least at its two edges', () => {
    expect(probePoints({ left: 0, top: 0, width: 2, height: 2 })).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
  });
});

describe('pickFreeCorner', () => {
  it('prefers bottom-right on a page without controls', () => {
    expect(pickFreeCorner(VIEWPORT, SIZE, () => false)).toBe('bottom-right');
  });

  it('skips corners with controls, in order of preference', () => {
    const saveButton = { left: 1100, top: 740, width: 120, height: 40 };
    expect(pickFreeCorner(VIEWPORT, SIZE, controlsAt(saveButton))).toBe('bottom-left');

    const footer = { left: 0, top: 700, width: 1280, height: 100 };
    expect(pickFreeCorner(VIEWPORT, SIZE, controlsAt(footer))).toBe('top-right');

    const menu = { left: 900, top: 0, width: 380, height: 60 };
    expect(pickFreeCorner(VIEWPORT, SIZE, controlsAt(footer, menu))).toBe('top-left');
  });

  it('sees an icon-sized control anywhere under the box', () => {
    const box = cornerBox('bottom-right', VIEWPORT, SIZE);
    for (let left = box.left; left < box.left + box.width; left += 7) {
      const icon = { left, top: box.top + 10, width: PROBE_STEP, height: PROBE_STEP };
      expect(pickFreeCorner(VIEWPORT, SIZE, controlsAt(icon)), `icon at x=${left}`).toBe('bottom-left');
    }
  });

  it('falls back to the first corner when every one is covered', () => {
    expect(pickFreeCorner(VIEWPORT, SIZE, () => true)).toBe(CORNERS[0]);
  });
});

describe('clampBox', () => {
  const box = (left: number, top: number): Box => ({ left, top, ...SIZE });

  it('keeps a box that fits where it is', () => {
    expect(clampBox(box(100, 200), VIEWPORT)).toEqual(box(100, 200));
  });

  it('pulls a box back inside each edge', () => {
    expect(clampBox(box(-50, -10), VIEWPORT)).toEqual(box(0, 0));
    expect(clampBox(box(2000, 900), VIEWPORT)).toEqual(box(940, 756));
    expect(clampBox(box(1000, 100), VIEWPORT)).toEqual(box(940, 100));
  });

  it('pins a box larger than the viewport to the top left', () => {
    expect(clampBox({ left: 50, top: 50, width: 500, height: 100 }, { width: 300, height: 60 })).toEqual({
      left: 0,
      top: 0,
      width: 500,
      height: 100,
    });
  });
});

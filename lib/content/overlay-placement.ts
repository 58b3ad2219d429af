/** Where the overlay may sit by default, in order of preference. */
export const CORNERS = ['bottom-right', 'bottom-left', 'top-right', 'top-left'] as const;
export type Corner = (typeof CORNERS)[number];

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The box the overlay would take in a corner of the viewport. */
export function cornerBox(
  corner: Corner,
  viewport: { width: number; height: number },
  size: { width: number; height: number },
  margin = 16,
): Box {
  const left = corner.endsWith('right') ? viewport.width - size.width - margin : margin;
  const top = corner.startsWith('bottom') ? viewport.height - size.height - margin : margin;
  return { left, top, width: size.width, height: size.height };
}

/** Largest gap between probe points: no wider than the smallest control worth keeping clear. */
export const PROBE_STEP = 16;

/**
 * Points of a box to probe: a grid from edge to edge with gaps of at most `step`, so that a
 * control as small as an icon button cannot sit between two points unseen.
 */
export function probePoints(box: Box, step = PROBE_STEP): Array<[number, number]> {
  const axis = (start: number, length: number) => {
    const from = start + 1;
    const to = start + length - 1;
    const gaps = Math.max(1, Math.ceil((to - from) / step));
    return Array.from({ length: gaps + 1 }, (_, i) => from + ((to - from) * i) / gaps);
  };
  const xs = axis(box.left, box.width);
  const ys = axis(box.top, box.height);
  return xs.flatMap((x) => ys.map((y): [number, number] => [x, y]));
}

/**
 * The first corner where the overlay covers none of the page's controls, as told by
 * `isControlAt`; the first corner when every one is covered.
 */
export function pickFreeCorner(
  viewport: { width: number; height: number },
  size: { width: number; height: number },
  isControlAt: (x: number, y: number) => boolean,
): Corner {
  for (const corner of CORNERS) {
    const box = cornerBox(corner, viewport, size);
    if (!probePoints(box).some(([x, y]) => isControlAt(x, y))) return corner;
  }
  return CORNERS[0];
}

/** Keeps a moved overlay inside the viewport. */
export function clampBox(box: Box, viewport: { width: number; height: number }): Box {
  const left = Math.min(Math.max(0, box.left), Math.max(0, viewport.width - box.width));
  const top = Math.min(Math.max(0, box.top), Math.max(0, viewport.height - box.height));
  return { ...box, left, top };
}

import { render } from 'preact';
import { browser } from 'wxt/browser';
import { overlayPlaceItem } from '@/lib/storage/items';
import { clampBox, cornerBox, pickFreeCorner, type Box, type Corner } from '@/lib/content/overlay-placement';
import type { RateGlance } from '@/lib/domain/feeding-rate';
import { Overlay, type OverlayNotice } from './Overlay';
import type { EncounterBarProps } from './EncounterBar';
import css from './overlay.css?inline';

export interface OverlayState {
  depositsToday: number;
  /** The month's feeding rate (the popup's figure), once the background said it. */
  month?: RateGlance;
  notice: OverlayNotice | null;
  error: string | null;
  /** Practice-program pages only (see EncounterBar). */
  program?: EncounterBarProps;
}

export interface OverlayHandle {
  update(patch: Partial<OverlayState>): void;
  remove(): void;
}

const CONTROLS =
  'a[href],button,input,select,textarea,summary,[role=button],[role=link],[role=menuitem],[tabindex]';
/** Size of the expanded pill before it is measured. */
const PILL_SIZE = { width: 340, height: 44 };

/**
 * Mounts the overlay in a closed shadow root, in a corner free of the page's own controls
 * unless the user moved it; the place and the collapsed state are remembered per site.
 */
export async function mountOverlay(site: string, onUndo: (id: string) => void): Promise<OverlayHandle> {
  // A per-device UI preference, written from the page itself (README, data contract).
  const place = overlayPlaceItem(site);
  const saved = await place.get();

  const host = document.createElement('suivi-dmp-overlay');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = css;
  const root = document.createElement('div');
  root.setAttribute('role', 'region');
  root.setAttribute('aria-label', browser.i18n.getMessage('overlayLabel'));
  shadow.append(style, root);
  document.documentElement.append(host);

  const viewport = () => ({ width: document.documentElement.clientWidth, height: window.innerHeight });
  // Either a corner chosen for the user, or the place the user moved it to.
  let corner: Corner = 'bottom-right';
  let moved: { left: number; top: number } | null =
    saved.left !== undefined && saved.top !== undefined ? { left: saved.left, top: saved.top } : null;
  let box: Box = { left: 0, top: 0, ...PILL_SIZE };
  let collapsed = saved.collapsed ?? false;
  let state: OverlayState = { depositsToday: 0, notice: null, error: null };

  const save = () => void place.set({ ...(moved ?? {}), collapsed });
  const draw = () => {
    // Measured at the left edge, where nothing narrows it, then put in its place.
    host.style.left = '0px';
    render(
      <Overlay
        {...state}
        collapsed={collapsed}
        onToggle={() => {
          collapsed = !collapsed;
          save();
          draw();
        }}
        onUndo={onUndo}
        onMoveBy={(dx, dy) => {
          moved = { left: box.left + dx, top: box.top + dy };
          draw();
        }}
        onMoveEnd={save}
      />,
      root,
    );
    // Placed from its drawn size, so the whole pill stays on screen whatever it shows.
    const { width, height } = host.getBoundingClientRect();
    const size = {
      width: Math.ceil(width) || PILL_SIZE.width,
      height: Math.ceil(height) || PILL_SIZE.height,
    };
    box = moved ? clampBox({ ...moved, ...size }, viewport()) : cornerBox(corner, viewport(), size);
    host.style.left = `${box.left}px`;
    host.style.top = `${box.top}px`;
  };
  draw();
  if (!moved) {
    // The first corner whose area hides none of the page's own controls.
    const isControlAt = (x: number, y: number) =>
      document.elementsFromPoint(x, y).some((el) => el !== host && el.closest(CONTROLS) !== null);
    corner = pickFreeCorner(viewport(), { width: box.width, height: box.height }, isControlAt);
    draw();
  }
  const onResize = () => draw();
  window.addEventListener('resize', onResize, { passive: true });

  return {
    update(patch) {
      state = { ...state, ...patch };
      draw();
      // A bare marker (no data) that end-to-end tests wait on: the page has been counted.
      host.setAttribute('data-ready', '1');
    },
    remove() {
      window.removeEventListener('resize', onResize);
      render(null, root);
      host.remove();
    },
  };
}

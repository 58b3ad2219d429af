import { render } from 'preact';
import { browser } from 'wxt/browser';
import { clampBox, cornerBox, pickFreeCorner, type Box } from '@/lib/overlay-placement';
import { Overlay, type OverlayNotice } from './Overlay';
import css from './overlay.css?inline';

export interface OverlayState {
  depositsToday: number;
  notice: OverlayNotice | null;
  error: string | null;
}

export interface OverlayHandle {
  update(patch: Partial<OverlayState>): void;
  remove(): void;
}

interface SavedPlace {
  left?: number;
  top?: number;
  collapsed?: boolean;
}

const CONTROLS = 'a[href],button,input,select,textarea,summary,[role=button],[role=link],[role=menuitem],[tabindex]';
/** Size of the expanded pill before it is measured. */
const PILL_SIZE = { width: 340, height: 44 };

/**
 * Mounts the overlay in a closed shadow root, in a corner free of the page's own controls
 * unless the user moved it; the place and the collapsed state are remembered per site.
 */
export async function mountOverlay(site: string, onUndo: (id: string) => void): Promise<OverlayHandle> {
  const prefKey = `overlay:${site}`;
  const saved = ((await browser.storage.local.get(prefKey))[prefKey] ?? {}) as SavedPlace;

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
  const hasSavedPlace = saved.left !== undefined && saved.top !== undefined;
  let place: Box = clampBox({ left: saved.left ?? -9999, top: saved.top ?? -9999, ...PILL_SIZE }, viewport());
  let collapsed = saved.collapsed ?? false;
  let state: OverlayState = { depositsToday: 0, notice: null, error: null };

  const save = () => void browser.storage.local.set({ [prefKey]: { left: place.left, top: place.top, collapsed } });
  const draw = () => {
    host.style.left = `${place.left}px`;
    host.style.top = `${place.top}px`;
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
          place = clampBox({ ...place, left: place.left + dx, top: place.top + dy }, viewport());
          draw();
        }}
        onMoveEnd={save}
      />,
      root,
    );
    // Keep the whole pill on screen whatever its width (collapsed, expanded, long notice).
    const { width, height } = host.getBoundingClientRect();
    const fitted = clampBox({ ...place, width, height }, viewport());
    host.style.left = `${fitted.left}px`;
    host.style.top = `${fitted.top}px`;
  };
  draw();
  if (!hasSavedPlace) {
    // Measured once drawn, then put in the first corner that hides none of the page's controls.
    const { width, height } = host.getBoundingClientRect();
    const size = { width: Math.ceil(width) || PILL_SIZE.width, height: Math.ceil(height) || PILL_SIZE.height };
    const isControlAt = (x: number, y: number) =>
      document.elementsFromPoint(x, y).some((el) => el !== host && el.closest(CONTROLS) !== null);
    place = cornerBox(pickFreeCorner(viewport(), size, isControlAt), viewport(), size);
    draw();
  }

  return {
    update(patch) {
      state = { ...state, ...patch };
      draw();
      // A bare marker (no data) that end-to-end tests wait on: the page has been counted.
      host.setAttribute('data-ready', '1');
    },
    remove() {
      render(null, root);
      host.remove();
    },
  };
}

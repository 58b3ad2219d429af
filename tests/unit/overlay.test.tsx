// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/preact';
import { Overlay, type OverlayProps } from '@/components/overlay/Overlay';

function setup(overrides: Partial<OverlayProps> = {}) {
  const props: OverlayProps = {
    depositsToday: 3,
    notice: null,
    error: null,
    collapsed: false,
    onToggle: vi.fn(),
    onUndo: vi.fn(),
    onMoveBy: vi.fn(),
    onMoveEnd: vi.fn(),
    ...overrides,
  };
  const view = render(<Overlay {...props} />);
  return { props, view };
}

describe('Overlay', () => {
  it("shows today's deposit count in French", () => {
    setup({ depositsToday: 3 });
    expect(screen.getByText("3 dépôt(s) aujourd'hui")).toBeTruthy();
    expect(screen.getByText('Suivi DMP')).toBeTruthy();
  });

  it("shows the month's rate with its basis in words, and the verdict in words", () => {
    const { view } = setup({
      month: { basis: 'documents', numerator: 12, denominator: 15, rate: 0.8, meetsTarget: true },
    });
    const line = () => screen.getByTestId('overlay-month');
    expect(line().textContent).toBe(
      'Mois : 80\u00a0% · documents requis déposés : 12 sur 15 · objectif atteint',
    );
    expect(line().classList.contains('met')).toBe(true);
    view.rerender(
      <Overlay
        {...{ depositsToday: 0, notice: null, error: null, collapsed: false }}
        onToggle={vi.fn()}
        onUndo={vi.fn()}
        onMoveBy={vi.fn()}
        onMoveEnd={vi.fn()}
        month={{ basis: 'consultations', numerator: 1, denominator: 4, rate: 0.25, meetsTarget: false }}
      />,
    );
    expect(line().textContent).toBe(
      'Mois : 25\u00a0% · consultations avec un dépôt requis : 1 sur 4 · objectif non atteint',
    );
    expect(line().classList.contains('met')).toBe(false);
  });

  it('a month with nothing to compare says so instead of a rate', () => {
    setup({ month: { basis: 'none', numerator: 0, denominator: 0, rate: null, meetsTarget: null } });
    expect(screen.getByTestId('overlay-month').textContent).toBe('Mois : pas encore de taux');
  });

  it('a month whose documents were none of the required classes says so', () => {
    setup({ month: { basis: 'documents', numerator: 0, denominator: 0, rate: null, meetsTarget: true } });
    expect(screen.getByTestId('overlay-month').textContent).toBe(
      'Mois : pas de taux, aucun document requis produit',
    );
  });

  it('no month line until the background said the month', () => {
    setup();
    expect(screen.queryByTestId('overlay-month')).toBeNull();
  });

  it('shows what was counted, with an "Annuler" button that undoes that event', () => {
    const { props } = setup({
      notice: {
        event: { id: 'flow-00000001', kind: 'dmp_upload', docClass: 'VSM', source: 'auto' },
        undone: false,
      },
    });
    const status = screen.getByRole('status');
    expect(status.textContent).toContain('Dépôt DMP compté (Volet de synthèse médicale (VSM))');
    fireEvent.click(screen.getByRole('button', { name: 'Annuler' }));
    expect(props.onUndo).toHaveBeenCalledTimes(1);
    expect(props.onUndo).toHaveBeenCalledWith('flow-00000001');
  });

  it('a read is announced without a class', () => {
    setup({
      notice: { event: { id: 'read:load-0001', kind: 'dmp_consult', source: 'auto' }, undone: false },
    });
    expect(screen.getByRole('status').textContent).toMatch(/^Lecture DMP comptée · Annuler$/);
  });

  it('an undone notice says so and offers no second undo', () => {
    setup({ notice: { event: { id: 'flow-00000001', kind: 'dmp_upload', source: 'auto' }, undone: true } });
    expect(screen.getByRole('status').textContent).toBe('Annulé');
    expect(screen.queryByRole('button', { name: 'Annuler' })).toBeNull();
  });

  it('an error replaces the notice, in words the user can act on', () => {
    setup({
      error: 'storage_full',
      notice: { event: { id: 'flow-00000001', kind: 'dmp_upload', source: 'auto' }, undone: false },
    });
    const status = screen.getByRole('status');
    expect(status.textContent).toContain('Espace de stockage plein');
    expect(status.textContent).not.toContain('Dépôt DMP compté');
  });

  it('the collapse toggle says it is expanded and calls onToggle', () => {
    const { props } = setup();
    const toggle = screen.getByRole('button', { name: 'Réduire' });
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(toggle);
    expect(props.onToggle).toHaveBeenCalledTimes(1);
  });

  it('collapsed, it shows only the count on a button that says it is collapsed', () => {
    const { props } = setup({ collapsed: true, depositsToday: 5 });
    const badge = screen.getByRole('button', { name: 'Déplier Suivi DMP' });
    expect(badge.getAttribute('aria-expanded')).toBe('false');
    expect(badge.textContent).toBe('5');
    expect(screen.getAllByRole('button')).toHaveLength(1);
    fireEvent.click(badge);
    expect(props.onToggle).toHaveBeenCalledTimes(1);
  });

  it('arrow keys on the move grip move the overlay by a step', () => {
    const { props } = setup();
    const grip = screen.getByRole('button', { name: 'Déplacer (flèches du clavier)' });
    fireEvent.keyDown(grip, { key: 'ArrowLeft' });
    fireEvent.keyDown(grip, { key: 'ArrowRight' });
    fireEvent.keyDown(grip, { key: 'ArrowUp' });
    fireEvent.keyDown(grip, { key: 'ArrowDown' });
    expect(vi.mocked(props.onMoveBy).mock.calls).toEqual([
      [-16, 0],
      [16, 0],
      [0, -16],
      [0, 16],
    ]);
    expect(props.onMoveEnd).toHaveBeenCalledTimes(4);
  });

  it('other keys on the grip do nothing', () => {
    const { props } = setup();
    const grip = screen.getByRole('button', { name: 'Déplacer (flèches du clavier)' });
    fireEvent.keyDown(grip, { key: 'a' });
    fireEvent.keyDown(grip, { key: 'Tab' });
    expect(props.onMoveBy).not.toHaveBeenCalled();
    expect(props.onMoveEnd).not.toHaveBeenCalled();
  });

  it('an arrow key on the grip does not scroll the page', () => {
    setup();
    const grip = screen.getByRole('button', { name: 'Déplacer (flèches du clavier)' });
    const notPrevented = fireEvent.keyDown(grip, { key: 'ArrowDown' });
    expect(notPrevented).toBe(false);
  });
});

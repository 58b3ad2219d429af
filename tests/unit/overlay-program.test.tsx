// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/preact';
import { Overlay, type OverlayProps } from '@/components/overlay/Overlay';

function setup(program: OverlayProps['program']) {
  const props: OverlayProps = {
    depositsToday: 2,
    notice: null,
    error: null,
    collapsed: false,
    onToggle: vi.fn(),
    onUndo: vi.fn(),
    onMoveBy: vi.fn(),
    onMoveEnd: vi.fn(),
    program,
  };
  render(<Overlay {...props} />);
}

describe('Overlay on a practice program', () => {
  it("shows the consultation's counts, the waiting state, +1 and teaching", () => {
    const onAddManual = vi.fn();
    const onTeach = vi.fn();
    setup({ counts: { dmp_upload: 1, eprescription: 1 }, waiting: true, onAddManual, onTeach });
    expect(screen.getByText('Cette consultation : Dépôt DMP 1 · Ordonnance numérique 1')).toBeTruthy();
    expect(screen.getByTestId('waiting').textContent).toBe('non confirmé…');
    fireEvent.click(screen.getByRole('button', { name: 'Ajouter un dépôt DMP à la main' }));
    expect(onAddManual).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Apprendre un bouton' }));
    expect(onTeach).toHaveBeenCalledTimes(1);
  });

  it('says nothing of a consultation when none is open, nor of waiting when nothing waits', () => {
    setup({ counts: null, waiting: false });
    expect(screen.queryByText(/Cette consultation/)).toBeNull();
    expect(screen.queryByTestId('waiting')).toBeNull();
  });

  it('is absent on the DMP web access (no program props)', () => {
    setup(undefined);
    expect(screen.queryByRole('button', { name: 'Apprendre un bouton' })).toBeNull();
  });
});

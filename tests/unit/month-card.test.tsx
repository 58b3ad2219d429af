// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/preact';
import { MonthCard } from '@/components/popup/MonthCard';
import { buildPopupModel } from '@/lib/domain/popup-model';
import { DEFAULT_SETTINGS } from '@/lib/domain/settings';

describe('MonthCard: costly acts after a DMP read', () => {
  it('says in words that nothing feeds the figure, instead of showing a share', () => {
    // The PLFSS profile asks to read the DMP before costly acts; the month has none detected.
    const model = buildPopupModel([], { ...DEFAULT_SETTINGS, profileId: 'plfss-2026' }, '2026-11-20');
    render(<MonthCard month={model.month} profile={model.profile} onProfile={() => {}} />);
    const dd = screen.getByTestId('month-costly').querySelector('dd');
    expect(dd?.textContent).toBe('aucun détecté : apprenez le bouton qui le prescrit');
    expect(dd?.textContent).not.toContain('%');
  });
});

// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ProgramOffers } from '@/components/dashboard/ProgramOffers';
import { SITE_OFFERS } from '@/lib/sites/offers';

type Message = { type: string; host?: string };

let sendMessage: MockInstance<(message: Message) => Promise<unknown>>;
let request: MockInstance<(p: { origins: string[] }) => Promise<boolean>>;

beforeEach(() => {
  sendMessage = vi
    .spyOn(fakeBrowser.runtime as unknown as { sendMessage: (m: Message) => Promise<unknown> }, 'sendMessage')
    .mockResolvedValue({ ok: true });
  const permissions = fakeBrowser.permissions as unknown as {
    request: (p: { origins: string[] }) => Promise<boolean>;
  };
  request = vi.spyOn(permissions, 'request').mockResolvedValue(true);
});
afterEach(() => vi.restoreAllMocks());

describe('ProgramOffers (French)', () => {
  it('lists Ameli Pro and the four programs, honestly labelled; no button without an evidenced host', () => {
    render(<ProgramOffers sites={[]} />);
    expect(SITE_OFFERS.map((o) => o.id)).toEqual([
      'ameli-pro',
      'doctolib',
      'monlogicielmedical',
      'maiia',
      'stellair',
    ]);
    expect(screen.getAllByText(/détection générique : apprenez un bouton s'il en manque/)).toHaveLength(4);
    expect(screen.getByText(/arrêts de travail transmis en ligne ou imprimés sur papier/)).toBeTruthy();
    const buttons = screen.getAllByRole('button');
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual([
      'Ajouter Ameli Pro',
      'Ajouter Doctolib (logiciel médical)',
      'Ajouter Maiia',
      'Ajouter Stellair',
    ]);
    expect(screen.getByText(/adresse non publiée/)).toBeTruthy();
  });

  it('asks for that one host at the click, then adds the site', async () => {
    const onAdded = vi.fn();
    render(<ProgramOffers sites={[]} onAdded={onAdded} />);
    fireEvent.click(screen.getByRole('button', { name: 'Ajouter Maiia' }));
    await waitFor(() => expect(onAdded).toHaveBeenCalled());
    expect(request).toHaveBeenCalledWith({ origins: ['https://pro.maiia.com/*', 'http://pro.maiia.com/*'] });
    expect(sendMessage).toHaveBeenCalledWith({ type: 'site_add', host: 'pro.maiia.com' });
    expect(screen.getByRole('status').textContent).toContain('pro.maiia.com');
  });

  it('adds nothing when the browser refuses, and says so', async () => {
    request.mockResolvedValue(false);
    render(<ProgramOffers sites={[]} />);
    fireEvent.click(screen.getByRole('button', { name: 'Ajouter Ameli Pro' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Accès refusé'));
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it('shows an added site as watched, without a button', () => {
    render(
      <ProgramOffers
        sites={[{ id: 'custom:espacepro.ameli.fr', host: 'espacepro.ameli.fr', enabled: true, addedAt: 1 }]}
      />,
    );
    expect(screen.queryByRole('button', { name: 'Ajouter Ameli Pro' })).toBeNull();
    expect(screen.getByText('✓ suivi')).toBeTruthy();
  });
});

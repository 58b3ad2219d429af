// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { updatedFrom, WelcomeApp } from '@/components/welcome/WelcomeApp';

describe('welcome page', () => {
  it('says what is counted, what never is, and the promise, in French', async () => {
    render(<WelcomeApp />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Bienvenue dans Suivi DMP');
    expect(screen.getByRole('heading', { name: "Ce qui ne l'est jamais" })).toBeTruthy();
    expect(document.body.textContent).toContain("Rien n'est envoyé, à personne");
    await waitFor(() => expect(screen.getAllByRole('radio').length).toBe(3));
  });

  it('offers Ameli Pro and the common web programs in its sites section, each in one click', () => {
    render(<WelcomeApp />);
    const sites = screen.getByRole('region', { name: 'Sites suivis' });
    const ameli = sites.querySelector('[data-offer="ameli-pro"]');
    expect(ameli?.textContent).toContain('espacepro.ameli.fr');
    expect(within(sites).getByRole('button', { name: /Ameli Pro/ })).toBeTruthy();
  });

  it("pre-fills the practice's program from its policy, and marks its profile", async () => {
    await fakeBrowser.storage.managed.set({ programHost: 'logiciel.cabinet.fr', profileId: 'plfss-2026' });
    render(<WelcomeApp />);
    await waitFor(() =>
      expect((screen.getByLabelText('Adresse du logiciel') as HTMLInputElement).value).toBe(
        'logiciel.cabinet.fr',
      ),
    );
    expect(screen.getByTestId('managed-program').textContent).toContain('logiciel.cabinet.fr');
    await waitFor(() =>
      expect(screen.getByText('Projet PLFSS 2026, article 31').parentElement!.textContent).toContain(
        'Proposé par votre cabinet',
      ),
    );
  });

  it('a refused policy is said in words, and nothing of it is offered', async () => {
    await fakeBrowser.storage.managed.set({ programHost: 'logiciel.cabinet.fr', colour: 'blue' });
    render(<WelcomeApp />);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('(champ colour)'));
    expect(screen.queryByTestId('managed-program')).toBeNull();
  });

  it('reads the version an update came from in the address', () => {
    expect(updatedFrom('#whats-new=0.1.0')).toBe('0.1.0');
    expect(updatedFrom('#whats-new=<script>')).toBeNull();
    expect(updatedFrom('')).toBeNull();
  });
});

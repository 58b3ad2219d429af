// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/preact';
import { RateBlock } from '@/components/RateBlock';
import type { FeedingRate } from '@/lib/domain/feeding-rate';

const rate = (fields: Partial<FeedingRate>): FeedingRate => ({
  basis: 'documents',
  numerator: 0,
  denominator: 0,
  rate: null,
  deposits: 0,
  extraDeposits: 0,
  depositsOutside: 0,
  missing: 0,
  targetRate: 1,
  meetsTarget: null,
  ...fields,
});

/** Text with the no-break spaces of French number formatting as plain spaces. */
const text = (id: string) => screen.getByTestId(id).textContent?.replace(/[\u00a0\u202f]/g, ' ');

describe('RateBlock (French)', () => {
  it('shows the rate with its numerator and denominator in words, and the extra deposits apart', () => {
    render(
      <RateBlock
        testId="r"
        rate={rate({
          numerator: 12,
          denominator: 15,
          rate: 0.8,
          deposits: 14,
          extraDeposits: 2,
          missing: 3,
          meetsTarget: false,
        })}
      />,
    );
    expect(text('r')).toContain('80 %');
    expect(text('r-fraction')).toBe('12 documents requis déposés sur 15 attendus · objectif 100 %');
    expect(text('r-extra')).toBe(
      '+ 2 autres dépôts (en double, non requis ou hors consultation), comptés à part',
    );
    // The definition is one click away in the popup (a disclosure the keyboard reaches).
    expect(screen.getByText('Comment ce taux est calculé').tagName).toBe('SUMMARY');
  });

  it('agrees the words with the counts (singular for 0 and 1)', () => {
    render(
      <RateBlock
        testId="r"
        rate={rate({
          numerator: 1,
          denominator: 1,
          rate: 1,
          deposits: 2,
          extraDeposits: 1,
          meetsTarget: true,
        })}
      />,
    );
    expect(text('r-fraction')).toBe('1 document requis déposé sur 1 attendu · objectif 100 %');
    expect(text('r-extra')).toContain('+ 1 autre dépôt');
  });

  it('per consultation when the program reports no document produced', () => {
    render(
      <RateBlock
        testId="r"
        rate={rate({ basis: 'consultations', numerator: 3, denominator: 10, rate: 0.3, meetsTarget: false })}
      />,
    );
    expect(text('r-fraction')).toBe('3 consultations avec un dépôt requis sur 10 · objectif 100 %');
  });

  it('says in words that there is no rate, instead of showing one', () => {
    render(
      <RateBlock testId="r" rate={rate({ basis: 'none', deposits: 3, extraDeposits: 3 })} explain="shown" />,
    );
    expect(text('r')).toContain('–');
    expect(text('r-fraction')).toBe(
      'Pas de taux : aucune consultation ni document produit n\u2019a été compté ce mois-ci.'.replace(
        '\u2019',
        "'",
      ),
    );
    expect(screen.queryByRole('progressbar')).toBeNull();
  });
});

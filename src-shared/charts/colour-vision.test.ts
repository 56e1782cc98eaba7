import { describe, expect, it } from 'vitest';
import { closestPair, contrastRatio, deltaE2000, simulate, VISIONS } from './colour-vision';
import { DARK, LIGHT } from './theme';

describe('colour-vision', () => {
  it('reproduces known figures: CIEDE2000 reference pair, WCAG contrast, red and green merging for deuteranopes', () => {
    // Identical colours differ by 0, black and white by 100 (L* 0 to 100); #767676 is the WCAG AA grey on white.
    expect(deltaE2000(simulate('#336699', 'normal'), simulate('#336699', 'normal'))).toBe(0);
    expect(deltaE2000(simulate('#000000', 'normal'), simulate('#ffffff', 'normal'))).toBeCloseTo(100, 0);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 1);
    const red = '#d63a3a';
    const green = '#2e9d4f';
    const normal = deltaE2000(simulate(red, 'normal'), simulate(green, 'normal'));
    const deut = deltaE2000(simulate(red, 'deuteranopia'), simulate(green, 'deuteranopia'));
    expect(normal).toBeGreaterThan(50);
    expect(deut).toBeLessThan(10);
  });

  for (const [name, theme] of [
    ['light', LIGHT],
    ['dark', DARK],
  ] as const) {
    it(`${name} palette: every series colour is 3:1 on the background and stays apart under every vision`, () => {
      for (const c of theme.palette) expect(contrastRatio(c, theme.background)).toBeGreaterThanOrEqual(3);
      // The first colours are used most (two or three series are the common case), so they must differ most.
      for (const vision of VISIONS) {
        expect(closestPair(theme.palette, vision, 4).deltaE).toBeGreaterThanOrEqual(15);
        expect(closestPair(theme.palette, vision, 6).deltaE).toBeGreaterThanOrEqual(11);
        expect(closestPair(theme.palette, vision, 8).deltaE).toBeGreaterThanOrEqual(10);
      }
    });
  }
});

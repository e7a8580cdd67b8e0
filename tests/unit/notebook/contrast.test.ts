import { describe, expect, it } from 'vitest';
import { accessibleColor, contrastRatio } from '../../../src/integrations/notebook/contrast';

/** Code token colours reach WCAG AA contrast without losing their hue. */
describe('accessible code colours', () => {
  it('measures contrast like WCAG', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
  });

  it('leaves good colours alone and darkens or lightens weak ones just enough', () => {
    expect(accessibleColor('#24292E', '#ffffff')).toBe('#24292E');
    const orange = accessibleColor('#E36209', '#ffffff');
    expect(contrastRatio('#E36209', '#ffffff')).toBeLessThan(4.5);
    expect(contrastRatio(orange, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(orange, '#ffffff')).toBeLessThan(6);
    const grey = accessibleColor('#6A737D', '#24292e');
    expect(contrastRatio(grey, '#24292e')).toBeGreaterThanOrEqual(4.5);
  });
});

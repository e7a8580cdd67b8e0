import type { ShikiTransformer } from 'shiki';
import { accessibleColor, CODE_BACKGROUNDS } from '../../lib/shared/color-contrast';

/**
 * Code colours that meet WCAG AA (4.5:1) on their background. A few tokens of
 * the GitHub themes (parameters, comments) fall just short; this nudges each
 * one toward black (light theme) or white (dark theme) until it passes,
 * keeping its hue. Used for cells and for Astro's own code fences; the cell
 * editor's theme (client/notebook/editor/code-theme.ts) applies the same nudge.
 */

export { accessibleColor, contrastRatio } from '../../lib/shared/color-contrast';

/** A Shiki transformer fixing light and dark token colours (dual-theme output with CSS variables). */
export function contrastTransformer(lightBg: string = CODE_BACKGROUNDS.light, darkBg: string = CODE_BACKGROUNDS.dark): ShikiTransformer {
  return {
    name: 'interview-lab:contrast',
    span(node) {
      const style = node.properties.style;
      if (typeof style !== 'string') return;
      node.properties.style = style
        .replace(/--shiki-light:(#[0-9a-fA-F]{3,8})/, (_m, c: string) => `--shiki-light:${accessibleColor(c, lightBg)}`)
        .replace(/--shiki-dark:(#[0-9a-fA-F]{3,8})/, (_m, c: string) => `--shiki-dark:${accessibleColor(c, darkBg)}`);
    },
  };
}

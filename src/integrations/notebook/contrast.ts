import type { ShikiTransformer } from 'shiki';

/**
 * Code colours that meet WCAG AA (4.5:1) on their background. A few tokens of
 * the GitHub themes (parameters, comments) fall just short; this nudges each
 * one toward black (light theme) or white (dark theme) until it passes,
 * keeping its hue. Used for cells and for Astro's own code fences.
 */

function rgb(hex: string): [number, number, number] {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h.slice(0, 6);
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}

function toHex(c: [number, number, number]): string {
  return `#${c.map((v) => Math.round(Math.max(0, Math.min(255, v))).toString(16).padStart(2, '0')).join('')}`;
}

function luminance([r, g, b]: [number, number, number]): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two colours. */
export function contrastRatio(a: string, b: string): number {
  const [x, y] = [luminance(rgb(a)), luminance(rgb(b))];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** `color`, or the nearest colour toward black/white that reaches `min` contrast on `background`. */
export function accessibleColor(color: string, background: string, min = 4.6): string {
  if (!/^#[0-9a-f]{3,8}$/i.test(color) || contrastRatio(color, background) >= min) return color;
  const target: [number, number, number] = luminance(rgb(background)) > 0.5 ? [0, 0, 0] : [255, 255, 255];
  const from = rgb(color);
  for (let t = 0.05; t <= 1; t += 0.05) {
    const mixed = from.map((v, i) => v + (target[i]! - v) * t) as [number, number, number];
    if (contrastRatio(toHex(mixed), background) >= min) return toHex(mixed);
  }
  return toHex(target);
}

/** A Shiki transformer fixing light and dark token colours (dual-theme output with CSS variables). */
export function contrastTransformer(lightBg = '#ffffff', darkBg = '#24292e'): ShikiTransformer {
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

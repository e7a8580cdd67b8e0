/**
 * WCAG contrast arithmetic on `#rrggbb` colours, shared by the build-time
 * code highlighter (Shiki transformer) and the in-browser editor's theme, so
 * both nudge the same token colours to the same accessible shades.
 */

type Rgb = [number, number, number];

function rgb(hex: string): Rgb {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h.slice(0, 6);
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as Rgb;
}

function toHex(c: Rgb): string {
  return `#${c
    .map((v) =>
      Math.round(Math.max(0, Math.min(255, v)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

function luminance([r, g, b]: Rgb): number {
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
  const target: Rgb = luminance(rgb(background)) > 0.5 ? [0, 0, 0] : [255, 255, 255];
  const from = rgb(color);
  for (let t = 0.05; t <= 1; t += 0.05) {
    const mixed = from.map((v, i) => v + (target[i]! - v) * t) as Rgb;
    if (contrastRatio(toHex(mixed), background) >= min) return toHex(mixed);
  }
  return toHex(target);
}

/** The backgrounds code colours are checked against: GitHub's light and dark editor backgrounds. */
export const CODE_BACKGROUNDS = { light: '#ffffff', dark: '#24292e' } as const;

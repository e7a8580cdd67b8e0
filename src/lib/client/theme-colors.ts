/**
 * The site's colours as scripts need them. The CSS variables hold
 * `light-dark(...)` pairs that only the browser resolves, so a colour is read
 * from a hidden probe element styled with the variable; charts and the editor
 * redraw on `onThemeChange`.
 */

let probe: HTMLElement | undefined;

/** A CSS colour variable (`--accent`) as the browser shows it now, e.g. `rgb(53, 70, 200)`. */
export function themeColor(variable: string): string {
  if (!probe) {
    probe = document.createElement('span');
    probe.setAttribute('aria-hidden', 'true');
    probe.style.display = 'none';
    document.body.append(probe);
  }
  probe.style.color = `var(${variable})`;
  return getComputedStyle(probe).color;
}

/** The same colour as `#rrggbb` (Monaco's themes want hex). */
export function themeColorHex(variable: string): string {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(themeColor(variable));
  if (!m) return '#000000';
  return `#${m
    .slice(1, 4)
    .map((n) => Number(n).toString(16).padStart(2, '0'))
    .join('')}`;
}

/** Whether the page is showing its dark colours now (the toggle's choice, else the system's). */
export function isDarkTheme(): boolean {
  const forced = document.documentElement.dataset.theme;
  if (forced === 'dark' || forced === 'light') return forced === 'dark';
  return matchMedia('(prefers-color-scheme: dark)').matches;
}

/** Call `fn` after the theme changes, by the toggle or by the system. */
export function onThemeChange(fn: () => void): void {
  document.addEventListener('themechange', () => requestAnimationFrame(fn));
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', fn);
}

import type { monaco as Monaco } from './monaco';

/**
 * Monaco in the site's colours: its light or dark base theme with the
 * page's own surface, text and accent colours (CSS variables), following
 * the theme toggle and the system setting.
 */

type MonacoApi = typeof Monaco;

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function isDark(): boolean {
  const forced = document.documentElement.dataset.theme;
  if (forced === 'dark') return true;
  if (forced === 'light') return false;
  return matchMedia('(prefers-color-scheme: dark)').matches;
}

function hex(color: string, fallback: string): string {
  return /^#[0-9a-f]{6}$/i.test(color) ? color : fallback;
}

function define(monaco: MonacoApi): string {
  const dark = isDark();
  const name = dark ? 'il-dark' : 'il-light';
  const bg = hex(cssVar('--surface'), dark ? '#171a23' : '#ffffff');
  const fg = hex(cssVar('--text'), dark ? '#e8eaf2' : '#1a1c24');
  const accent = hex(cssVar('--accent'), dark ? '#8f9cff' : '#3546c8');
  const line = hex(cssVar('--surface-2'), dark ? '#1f2330' : '#eef0f6');
  const muted = hex(cssVar('--muted'), dark ? '#a4aabd' : '#50566a');
  monaco.editor.defineTheme(name, {
    base: dark ? 'vs-dark' : 'vs',
    inherit: true,
    rules: [],
    colors: {
      'editor.background': bg,
      'editor.foreground': fg,
      'editor.lineHighlightBackground': line,
      'editorLineNumber.foreground': muted,
      'editorLineNumber.activeForeground': fg,
      'editorCursor.foreground': accent,
      focusBorder: accent,
    },
  });
  return name;
}

let watching = false;

/** Apply the site theme now and whenever it changes. */
export function applySiteTheme(monaco: MonacoApi): void {
  monaco.editor.setTheme(define(monaco));
  if (watching) return;
  watching = true;
  const again = () => monaco.editor.setTheme(define(monaco));
  document.addEventListener('themechange', () => requestAnimationFrame(again));
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', again);
}

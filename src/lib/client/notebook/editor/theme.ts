import { isDarkTheme, onThemeChange, themeColorHex } from '../../theme-colors';
import type { monaco as Monaco } from './monaco';

/**
 * Monaco in the site's colours: its light or dark base theme with the
 * page's own surface, text and accent colours (CSS variables), following
 * the theme toggle and the system setting.
 */

type MonacoApi = typeof Monaco;

function define(monaco: MonacoApi): string {
  const dark = isDarkTheme();
  const name = dark ? 'il-dark' : 'il-light';
  const bg = themeColorHex('--surface');
  const fg = themeColorHex('--text');
  const accent = themeColorHex('--accent');
  const line = themeColorHex('--surface-2');
  const muted = themeColorHex('--muted');
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
  onThemeChange(() => monaco.editor.setTheme(define(monaco)));
}

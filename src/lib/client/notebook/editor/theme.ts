import githubDark from 'shiki/themes/github-dark.mjs';
import githubLight from 'shiki/themes/github-light.mjs';
import { CODE_BACKGROUNDS } from '../../../shared/color-contrast';
import { monacoTokenRules } from '../../../shared/notebook/code-theme';
import { isDarkTheme, onThemeChange, themeColorHex } from '../../theme-colors';
import type { monaco as Monaco } from './monaco';
import { registerCellTokens } from './ts-tokens';

/**
 * Monaco in the site's colours: its light or dark base theme with the
 * page's own surface, text and accent colours (CSS variables), following
 * the theme toggle and the system setting. Token colours come from the same
 * Shiki theme JSON as the static cells (github-light / github-dark), so code
 * keeps its colours when Edit turns it into an editor.
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
  const rules = monacoTokenRules(dark ? githubDark : githubLight, dark ? CODE_BACKGROUNDS.dark : CODE_BACKGROUNDS.light);
  // Should bracket-pair colours ever come on, they too are the code's text colour.
  const text = `#${rules[0]?.foreground ?? fg.slice(1)}`;
  const brackets = Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`editorBracketHighlight.foreground${n}`, text]));
  monaco.editor.defineTheme(name, {
    base: dark ? 'vs-dark' : 'vs',
    inherit: true,
    rules,
    colors: {
      'editor.background': bg,
      'editor.foreground': fg,
      'editor.lineHighlightBackground': line,
      'editorLineNumber.foreground': muted,
      'editorLineNumber.activeForeground': fg,
      'editorCursor.foreground': accent,
      focusBorder: accent,
      ...brackets,
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
  registerCellTokens(monaco);
  onThemeChange(() => monaco.editor.setTheme(define(monaco)));
}

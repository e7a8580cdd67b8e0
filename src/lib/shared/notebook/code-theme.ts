import { accessibleColor } from '../color-contrast';

/**
 * Monaco token rules derived from the TextMate theme (Shiki's GitHub light
 * and dark JSON) that the static cells are highlighted with, so a cell looks
 * the same before and after Edit. Monaco tokenizes with its own Monarch
 * grammar, whose classes are coarser than TextMate's scopes: each class is
 * given the scope Shiki's TypeScript grammar gives the same words, and the
 * theme's own selector rules pick the colour, with the same contrast nudge
 * the static highlighter applies (integrations/notebook/contrast.ts).
 */

/** The parts of a TextMate (VS Code) theme that colour tokens. */
export interface TextMateTheme {
  colors?: Record<string, string>;
  tokenColors?: ReadonlyArray<{ scope?: string | readonly string[]; settings: { foreground?: string; fontStyle?: string } }>;
}

/** One Monaco theme rule (`monaco.editor.ITokenThemeRule`). */
export interface MonacoTokenRule {
  token: string;
  foreground?: string;
  fontStyle?: string;
}

/**
 * Monarch token class → the TextMate scope Shiki's TypeScript grammar gives
 * those words. The classes beyond Monaco's own (constant.language,
 * support.type.primitive, entity.name.function...) come from
 * client/notebook/editor/ts-tokens.ts, which splits Monaco's coarse ones.
 */
export const MONARCH_SCOPES: Readonly<Record<string, string>> = {
  comment: 'comment.line.double-slash.ts',
  'comment.doc': 'comment.block.documentation.ts',
  string: 'string.quoted.single.ts',
  'string.escape': 'constant.character.escape.ts',
  'string.invalid': 'string.quoted.single.ts',
  regexp: 'string.regexp.ts',
  'regexp.escape': 'string.regexp.ts',
  'regexp.escape.control': 'string.regexp.ts',
  'regexp.invalid': 'string.regexp.ts',
  number: 'constant.numeric.decimal.ts',
  'number.float': 'constant.numeric.decimal.ts',
  'number.hex': 'constant.numeric.hex.ts',
  'number.octal': 'constant.numeric.octal.ts',
  'number.binary': 'constant.numeric.binary.ts',
  keyword: 'keyword.control.ts',
  'keyword.other': 'keyword.other.ts',
  'keyword.operator': 'keyword.operator.ts',
  'constant.language': 'constant.language.ts',
  'variable.language': 'variable.language.this.ts',
  'variable.other.constant': 'variable.other.constant.ts',
  'support.type.primitive': 'support.type.primitive.ts',
  'support.class': 'support.class.builtin.ts',
  'support.constant': 'support.constant.ts',
  'entity.name.function': 'entity.name.function.ts',
  'type.identifier': 'entity.name.type.ts',
  identifier: 'variable.other.readwrite.ts',
  delimiter: 'punctuation.separator.comma.ts',
  'delimiter.bracket': 'meta.brace.round.ts',
};

interface Style {
  foreground?: string;
  fontStyle?: string;
}

/**
 * The style a theme gives `scope`, by TextMate's rule: the selector that is
 * the longest dot-prefix of the scope wins, a later rule beating an equal
 * one. Selectors naming parent scopes (with a space) never apply to a lone
 * token and are skipped.
 */
export function scopeStyle(theme: TextMateTheme, scope: string): Style {
  let best: { length: number; style: Style } | undefined;
  for (const rule of theme.tokenColors ?? []) {
    if (rule.scope === undefined) continue;
    const selectors = typeof rule.scope === 'string' ? rule.scope.split(',') : rule.scope;
    for (const raw of selectors) {
      const sel = raw.trim();
      if (!sel || sel.includes(' ')) continue;
      if (scope !== sel && !scope.startsWith(`${sel}.`)) continue;
      if (best && sel.length < best.length) continue;
      const style: Style = { ...(best && sel.length === best.length ? best.style : {}) };
      if (rule.settings.foreground) style.foreground = rule.settings.foreground;
      if (rule.settings.fontStyle !== undefined) style.fontStyle = rule.settings.fontStyle;
      best = { length: sel.length, style };
    }
  }
  return best?.style ?? {};
}

/** The theme's default text colour, as `#rrggbb`. */
export function themeForeground(theme: TextMateTheme): string {
  return (theme.colors?.['editor.foreground'] ?? '#000000').toLowerCase();
}

/**
 * Monaco rules for every Monarch class in MONARCH_SCOPES: the theme's colour
 * for its scope (the default text colour where the theme has none), nudged
 * to 4.6:1 on `background` as the static cells are.
 */
export function monacoTokenRules(theme: TextMateTheme, background: string): MonacoTokenRule[] {
  const fg = themeForeground(theme);
  const rules: MonacoTokenRule[] = [{ token: '', foreground: accessibleColor(fg, background).slice(1) }];
  for (const [token, scope] of Object.entries(MONARCH_SCOPES)) {
    const style = scopeStyle(theme, scope);
    const color = accessibleColor((style.foreground ?? fg).toLowerCase(), background);
    rules.push({ token, foreground: color.slice(1), fontStyle: style.fontStyle ?? '' });
  }
  return rules;
}

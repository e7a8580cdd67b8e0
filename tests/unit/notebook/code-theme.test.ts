import { describe, expect, it } from 'vitest';
import githubDark from 'shiki/themes/github-dark.mjs';
import githubLight from 'shiki/themes/github-light.mjs';
import { highlightCode } from '../../../src/lib/server/notebook/highlight';
import { CODE_BACKGROUNDS } from '../../../src/lib/shared/color-contrast';
import { monacoTokenRules, scopeStyle, type TextMateTheme } from '../../../src/lib/shared/notebook/code-theme';

/**
 * The editor's token colours are derived from the theme JSON the static
 * cells use: for words of each Monarch class, the colour Monaco will paint
 * equals the colour Shiki painted in the static cell, in both themes.
 */

const CODE = [
  '// a comment',
  'const id = 42;',
  "const todo = await api.get('/todos/1');",
  'if (todo.done === true && id > 1) display(this, null);',
  'let n: number = 3;',
].join('\n');

/** Word in the sample → the Monarch class ts-tokens.ts gives it. */
const SAMPLES: Array<[string, string]> = [
  ['// a comment', 'comment'],
  ['const', 'keyword'],
  ['if', 'keyword'],
  ['await', 'keyword'],
  ['let', 'keyword'],
  ['42', 'number'],
  ["'/todos/1'", 'string'],
  ['true', 'constant.language'],
  ['null', 'constant.language'],
  ['this', 'variable.language'],
  ['number', 'support.type.primitive'],
  ['display', 'entity.name.function'],
  ['===', 'keyword.operator'],
  ['&&', 'keyword.operator'],
];

/** Each span's text and its light and dark colours, from Shiki's dual-theme HTML. */
function spans(html: string): Array<{ text: string; light: string; dark: string }> {
  const out: Array<{ text: string; light: string; dark: string }> = [];
  for (const m of html.matchAll(/<span style="--shiki-light:(#[0-9a-fA-F]+);--shiki-dark:(#[0-9a-fA-F]+)[^"]*">([^<]*)<\/span>/g)) {
    const text = m[3]!
      .replace(/&#x([0-9a-f]+);/gi, (_e, h: string) => String.fromCharCode(parseInt(h, 16)))
      .replace(/&amp;/g, '&')
      .replace(/&gt;/g, '>')
      .replace(/&lt;/g, '<');
    out.push({ text: text.trim(), light: m[1]!.toLowerCase(), dark: m[2]!.toLowerCase() });
  }
  return out;
}

function ruleColor(theme: TextMateTheme, bg: string, token: string): string {
  const rules = monacoTokenRules(theme, bg);
  const rule = rules.find((r) => r.token === token);
  if (!rule?.foreground) throw new Error(`no rule for ${token}`);
  return `#${rule.foreground.toLowerCase()}`;
}

describe('editor colours from the static highlighter theme', () => {
  it('resolves scopes as TextMate does: longest matching selector wins', () => {
    const theme = githubLight as TextMateTheme;
    expect(scopeStyle(theme, 'keyword.control.ts').foreground?.toLowerCase()).toBe('#d73a49');
    expect(scopeStyle(theme, 'variable.other.readwrite.ts').foreground?.toLowerCase()).toBe('#24292e');
    expect(scopeStyle(theme, 'variable.parameter.ts').foreground?.toLowerCase()).toBe('#e36209');
    expect(scopeStyle(theme, 'no.such.scope')).toEqual({});
  });

  it('gives each Monarch class the colour the static cell shows for the same words, light and dark', async () => {
    const found = spans(await highlightCode(CODE, 'ts', 'sample'));
    for (const [word, token] of SAMPLES) {
      const span = found.find((s) => s.text === word);
      expect(span, `static span for ${word}`).toBeDefined();
      expect([word, ruleColor(githubLight as TextMateTheme, CODE_BACKGROUNDS.light, token)]).toEqual([word, span!.light]);
      expect([word, ruleColor(githubDark as TextMateTheme, CODE_BACKGROUNDS.dark, token)]).toEqual([word, span!.dark]);
    }
  });
});

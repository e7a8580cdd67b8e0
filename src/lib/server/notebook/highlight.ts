import { createHighlighterCore, type HighlighterCore } from 'shiki/core';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';
import python from 'shiki/langs/python.mjs';
import typescript from 'shiki/langs/typescript.mjs';
import githubDark from 'shiki/themes/github-dark.mjs';
import githubLight from 'shiki/themes/github-light.mjs';
import { contrastTransformer } from '../../../integrations/notebook/contrast';

/**
 * Shiki highlighting for cells, with the site's two themes as CSS variables
 * (the stylesheet picks light or dark), the same look as Astro's own fences.
 * Used at build time by the remark plugin and at request time for a reader's
 * saved edits. Only TypeScript and Python grammars are loaded.
 */

let highlighter: Promise<HighlighterCore> | undefined;

function getHighlighter(): Promise<HighlighterCore> {
  highlighter ??= createHighlighterCore({
    // Static imports: the remark plugin runs after Astro closed the module
    // runner that loaded the config, so it cannot import() anything later.
    themes: [githubLight, githubDark],
    langs: [typescript, python],
    engine: createJavaScriptRegexEngine(),
  });
  return highlighter;
}

/** Languages cells are highlighted in. */
export type CellLanguage = 'ts' | 'python';

/**
 * Highlighted `<pre>` HTML for code, labelled for screen readers.
 * `timeLimitMs` bounds the tokenizing of one line; past it Shiki paints the
 * rest of the line in one colour. Shiki's default (500 ms) is reached by the
 * first lines a new highlighter sees on a busy machine (the grammar's regexes
 * compile then), which left the first cells of a build wrongly coloured, so
 * the build (our own lessons) sets no limit; request-time callers, which
 * highlight a reader's text, pass one.
 */
export async function highlightCode(code: string, lang: CellLanguage, label: string, timeLimitMs = 0): Promise<string> {
  const h = await getHighlighter();
  return h.codeToHtml(code, {
    lang: lang === 'ts' ? 'typescript' : 'python',
    tokenizeTimeLimit: timeLimitMs,
    themes: { light: 'github-light', dark: 'github-dark' },
    defaultColor: false,
    transformers: [
      contrastTransformer(),
      {
        pre(node) {
          this.addClassToHast(node, 'astro-code nb-pre');
          node.properties['aria-label'] = label;
          node.properties.tabindex = '0';
        },
      },
    ],
  });
}

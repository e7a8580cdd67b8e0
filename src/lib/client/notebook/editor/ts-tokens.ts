import { language as base } from 'monaco-editor/languages/definitions/typescript/typescript.js';
import type { monaco as Monaco } from './monaco';

/**
 * Monaco's TypeScript grammar with the word classes the static highlighting
 * (Shiki's TextMate grammar) tells apart and Monaco lumps together:
 * `true`/`null` and `this` are constants there, not keywords; `number` in a
 * type is a primitive; a called name is a function; a `const`'s name and an
 * ALL_CAPS name are constants; built-in classes are support classes;
 * operators are coloured like keywords. Each class gets its colour from
 * shared/notebook/code-theme.ts.
 */

type Rule = Monaco.languages.IMonarchLanguageRule;

const CONSTANTS = ['true', 'false', 'null', 'undefined'];
const LANGUAGE_VARIABLES = ['this', 'super'];
const PRIMITIVES = ['any', 'bigint', 'boolean', 'never', 'number', 'object', 'string', 'symbol', 'unknown', 'void'];
const SUPPORT_CLASSES = [
  'Array',
  'ArrayBuffer',
  'BigInt',
  'Boolean',
  'DataView',
  'Date',
  'Function',
  'Intl',
  'Map',
  'Number',
  'Object',
  'Promise',
  'Proxy',
  'Reflect',
  'RegExp',
  'Set',
  'String',
  'Symbol',
  'TextDecoder',
  'TextEncoder',
  'Uint8Array',
  'URL',
  'URLSearchParams',
  'WeakMap',
  'WeakSet',
  'Error',
  'TypeError',
  'RangeError',
  'Math',
  'JSON',
];
const MOVED = new Set([...CONSTANTS, ...LANGUAGE_VARIABLES, ...PRIMITIVES]);
const NAME = '[A-Za-z_$][\\w$]*';

/** The class of a lower-case word: keyword, constant, primitive type, or `fallback`. */
function wordCases(fallback: string): Monaco.languages.IMonarchLanguageAction {
  return {
    cases: {
      '@keywords': 'keyword',
      '@constants': 'constant.language',
      '@languageVariables': 'variable.language',
      '@primitives': 'support.type.primitive',
      '@supportClasses': 'support.class',
      '@default': fallback,
    },
  };
}

/** Monaco's `common` rules with operators as `keyword.operator`. */
function commonRules(): Rule[] {
  const original = base.tokenizer['common'] ?? [];
  // Monaco's first two rules (lower-case words, capitalised words) are replaced below.
  return original.slice(2).map((rule) => {
    if (!Array.isArray(rule)) return rule;
    const [regex, action] = rule as [RegExp, unknown];
    if (String(regex) === String(/@symbols/)) return [regex, { cases: { '@operators': 'keyword.operator', '@default': '' } }] as Rule;
    if (action === 'delimiter' && String(regex).startsWith('/!')) return [regex, 'keyword.operator'] as Rule;
    return rule;
  });
}

/** The Monarch language for cells (a copy of Monaco's, with the finer classes). */
export function cellTypeScriptLanguage(): Monaco.languages.IMonarchLanguage {
  const words: Rule[] = [
    // `const f = (...) =>`: a function's name; `const x`: a constant's.
    [
      new RegExp(`(const)(\\s+)(${NAME})(?=\\s*(?::[^=]*)?=\\s*(?:async\\s*)?(?:\\([^)]*\\)|${NAME})\\s*=>)`),
      ['keyword', '', 'entity.name.function'],
    ],
    [new RegExp(`(const)(\\s+)(${NAME})`), ['keyword', '', 'variable.other.constant']],
    [/[a-z_$][\w$]*(?=\s*(?:<[^<>()]*>\s*)?\()/, wordCases('entity.name.function')],
    [/#?[a-z_$][\w$]*/, wordCases('identifier')],
    [/[A-Z][A-Z0-9_$]+(?![\w$])/, { cases: { '@supportClasses': 'support.class', '@default': 'variable.other.constant' } }],
    [/[A-Z][\w$]*/, { cases: { '@supportClasses': 'support.class', '@default': 'type.identifier' } }],
  ];
  return {
    ...base,
    keywords: base.keywords.filter((k) => !MOVED.has(k)),
    constants: CONSTANTS,
    languageVariables: LANGUAGE_VARIABLES,
    primitives: PRIMITIVES,
    supportClasses: SUPPORT_CLASSES,
    tokenizer: { ...base.tokenizer, common: [...words, ...commonRules()] },
  };
}

/** Use the finer grammar for TypeScript models (registered before the first model, it wins over Monaco's lazy one). */
export function registerCellTokens(monaco: typeof Monaco): void {
  monaco.languages.setMonarchTokensProvider('typescript', cellTypeScriptLanguage());
}

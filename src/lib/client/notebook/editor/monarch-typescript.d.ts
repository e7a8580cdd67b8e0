/** Monaco's Monarch grammar for TypeScript (the package ships no typings for it). */
declare module 'monaco-editor/languages/definitions/typescript/typescript.js' {
  import type { languages } from 'monaco-editor';
  export const language: languages.IMonarchLanguage & { keywords: string[]; tokenizer: Record<string, languages.IMonarchLanguageRule[]> };
  export const conf: languages.LanguageConfiguration;
}

/**
 * Checks for text a person typed that the portal shows back to people (token
 * names, email addresses). Control characters (Cc) and format characters (Cf:
 * bidi overrides such as U+202E, zero-width characters) are invisible or
 * reorder the text around them, so "report\u202Etxt.exe" would display as
 * "reportexe.txt"; line and paragraph separators break a one-line label.
 */

const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** Whether `text` holds a control, format (bidi, zero-width) or line/paragraph separator character. */
export function hasHiddenCharacters(text: string): boolean {
  return HIDDEN.test(text);
}

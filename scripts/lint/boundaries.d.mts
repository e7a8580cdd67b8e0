import type { Linter } from 'eslint';

/** Flat-config objects that enforce the folder boundaries of docs/CONVENTIONS.md. */
export const boundaries: Linter.Config[];
/** process.env is read in src/lib/server/config.ts only. */
export const configReader: Linter.Config;

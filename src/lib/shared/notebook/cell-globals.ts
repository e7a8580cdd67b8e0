/**
 * TypeScript declarations of what a code cell can use, given to the editor
 * (Monaco) so readers get completion and type errors that match what the
 * kernel really provides (src/lib/client/notebook/kernel/). Kept as text: as
 * a real .d.ts in src/ it would leak these globals into the portal's own code.
 */
export const CELL_GLOBALS_DTS = `
/** Options of display(). */
interface DisplayOptions {
  /** A heading shown above the value. */
  title?: string;
}

/**
 * Show a value as rich output: arrays of objects as a table, other objects
 * as an expanded tree, strings as text.
 */
declare function display(value: unknown, options?: DisplayOptions): void;

/** Wait ms milliseconds (cleared when the cell is stopped or run again). */
declare function sleep(ms: number): Promise<void>;

/** Throw an AssertionError with message when condition is falsy. */
declare function assert(condition: unknown, message?: string): asserts condition;

/** This portal, as seen from a cell. */
declare const portal: {
  /** The portal's origin, e.g. "http://127.0.0.1:4321". */
  readonly origin: string;
  /**
   * The page's short-lived lesson token. fetch() and WebSocket already send it
   * to the portal; it is here to show how the Authorization header works.
   */
  readonly token: string;
  /** The lesson this page is. */
  readonly lesson: string;
};
`;

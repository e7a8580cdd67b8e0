import type { CellEditor, CellEditorOptions } from './cell-editor';

/**
 * The editor a reader types into the moment they click Edit: a plain
 * `<textarea>` with the cell's code, in the page's code font, while Monaco
 * (several MB) loads. It knows the cell's keys (Shift+Enter and Ctrl/Cmd+Enter
 * run, Escape leaves, Tab indents) and reports every change, so nothing a
 * reader types before Monaco arrives is lost; `caret()` tells Monaco where to
 * put the caret and selection when it takes over in place (editor-mount.ts).
 *
 * Kept tiny and free of Monaco imports (types only): it ships with the page.
 */

/** Where the caret and selection are, as UTF-16 offsets into the text. */
export interface Caret {
  start: number;
  end: number;
  /** The selection was made leftwards (the caret is at `start`). */
  backward: boolean;
  /** Whether the text area had the keyboard focus. */
  focused: boolean;
}

/** A mounted plain editor. */
export interface PlainEditor extends CellEditor {
  /** The caret and selection, for the editor that takes over. */
  caret(): Caret;
}

/** What the plain editor needs from the cell: the same as Monaco's options, minus the model's identity. */
export type PlainEditorOptions = Pick<CellEditorOptions, 'value' | 'ariaLabel' | 'onChange' | 'onRun' | 'onEscape'>;

const MIN_ROWS = 3;
const MAX_ROWS = 30;
const INDENT = '  ';

/** Insert text at the caret the way typing would (so the browser's undo knows about it). */
function insertAtCaret(area: HTMLTextAreaElement, text: string): void {
  // execCommand is deprecated but still the only way to keep native undo; setRangeText is the fallback.
  if (!document.execCommand('insertText', false, text)) {
    area.setRangeText(text, area.selectionStart, area.selectionEnd, 'end');
    area.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

/** Mount a plain editor into `container`. */
export function createPlainEditor(container: HTMLElement, opts: PlainEditorOptions): PlainEditor {
  const area = document.createElement('textarea');
  area.className = 'nb-plain-editor';
  area.value = opts.value;
  area.spellcheck = false;
  area.setAttribute('autocapitalize', 'off');
  area.setAttribute('autocomplete', 'off');
  area.setAttribute('autocorrect', 'off');
  area.setAttribute('aria-label', opts.ariaLabel);
  area.setAttribute('data-nb-plain-editor', '');
  const fit = () => {
    area.rows = Math.min(Math.max(area.value.split('\n').length, MIN_ROWS), MAX_ROWS);
  };
  fit();
  area.addEventListener('input', () => {
    fit();
    opts.onChange(area.value);
  });
  area.addEventListener('keydown', (e) => {
    if (e.isComposing) return;
    // Handled keys stop here: the page's own Enter shortcuts (notebook-page.ts) would run the cell a second time.
    const handled = () => {
      e.preventDefault();
      e.stopPropagation();
    };
    if (e.key === 'Enter' && e.shiftKey && !e.ctrlKey && !e.metaKey && !e.altKey) {
      handled();
      opts.onRun(true);
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      handled();
      opts.onRun(false);
    } else if (e.key === 'Escape') {
      handled();
      opts.onEscape();
    } else if (e.key === 'Tab' && !e.shiftKey && !e.ctrlKey && !e.metaKey && !e.altKey) {
      // As in Monaco: Tab indents inside the editor; Escape is the way out.
      handled();
      insertAtCaret(area, INDENT);
    }
  });
  container.append(area);
  return {
    getValue: () => area.value,
    setValue(code) {
      if (area.value === code) return;
      area.value = code;
      fit();
    },
    focus: () => area.focus(),
    select(start, end, backward = false) {
      area.setSelectionRange(start, end, backward ? 'backward' : 'forward');
    },
    // A plain text area has no place for inline errors; the output area lists them.
    showCompileErrors: () => undefined,
    caret: () => ({
      start: area.selectionStart,
      end: area.selectionEnd,
      backward: area.selectionDirection === 'backward',
      focused: document.activeElement === area,
    }),
    dispose: () => area.remove(),
  };
}

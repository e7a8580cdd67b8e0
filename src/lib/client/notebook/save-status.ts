import { h } from './dom';
import type { SaveState } from './edit-store';

/**
 * The line under a cell's code that says where the reader's edit stands
 * ("Saving…", "Saved for you.", errors), and after a Reset the "Restore my
 * edit" button, offered until the reader edits again (or reloads).
 */

/** What a Reset threw away: enough to bring it back. */
export interface DiscardedEdit {
  code: string;
  baseHash: string;
  /** The highlighted code the page showed for it. */
  html: string;
}

/** A cell's save line and its "Restore my edit" button. */
export class SaveStatus {
  readonly root: HTMLElement;
  private readonly line: HTMLElement;
  private readonly restoreButton: HTMLButtonElement;
  private discarded: DiscardedEdit | null = null;

  constructor(onRestore: (edit: DiscardedEdit) => void) {
    this.line = h('p', { class: 'nb-save', role: 'status' });
    this.restoreButton = h('button', { type: 'button', class: 'nb-btn secondary nb-restore', hidden: true }, 'Restore my edit');
    this.restoreButton.addEventListener('click', () => {
      if (this.discarded) onRestore(this.discarded);
    });
    this.root = h('div', { class: 'nb-save-row' }, this.line, this.restoreButton);
  }

  /** Say something (announced: the line is a status region). */
  say(text: string, error = false): void {
    this.line.textContent = text;
    this.line.classList.toggle('nb-tone-error', error);
  }

  /** Show how saving the edit goes. */
  saveState(state: SaveState, edited: boolean, detail?: string): void {
    if (state === 'error') return this.say(`Not saved: ${detail ?? 'error'}`, true);
    this.say(state === 'pending' ? 'Unsaved changes' : state === 'saving' ? 'Saving…' : edited ? 'Saved for you.' : 'Back to the original.');
  }

  /** After a Reset: offer the edit it discarded back. */
  offerRestore(edit: DiscardedEdit): void {
    this.discarded = edit;
    this.restoreButton.hidden = false;
    this.say('Reset to the original. “Restore my edit” brings your version back.');
  }

  /** The reader edited again (or restored): the discarded edit is gone for good. */
  withdrawRestore(): void {
    this.discarded = null;
    this.restoreButton.hidden = true;
  }
}

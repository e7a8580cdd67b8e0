/**
 * Copy buttons for read-only fields (a new API token). The button ships
 * `hidden`, so without JavaScript the page shows only the field, which stays
 * selectable; with it, the button appears, copies the field's value and says
 * "Copied" in a polite live region next to it.
 */

const CLEAR_AFTER_MS = 4000;

async function writeClipboard(field: HTMLInputElement | HTMLTextAreaElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(field.value);
    return true;
  } catch {
    // No async clipboard (insecure origin, permission refused): copy the selection the old way.
    field.focus();
    field.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}

/** Wire every `button[data-copy-for]` (the id of the field to copy) inside `root`, announcing through `[data-copy-status]`. */
export function enhanceCopyButtons(root: ParentNode = document): void {
  for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-copy-for]')) {
    const field = document.getElementById(button.dataset.copyFor ?? '');
    const status = button.parentElement?.querySelector<HTMLElement>('[data-copy-status]');
    if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) || !status) continue;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const announce = (ok: boolean) => {
      clearTimeout(timer);
      // Emptying first makes a second "Copied" an update the screen reader announces again.
      status.textContent = '';
      requestAnimationFrame(() => {
        status.textContent = ok ? 'Copied' : 'Copy failed: select the token and copy it by hand.';
      });
      if (ok) timer = setTimeout(() => (status.textContent = ''), CLEAR_AFTER_MS);
    };
    button.addEventListener('click', () => void writeClipboard(field).then(announce));
    button.hidden = false;
  }
}

/**
 * "Mark as done" without a page reload (the kernel and its variables
 * survive): the form posts with `Accept: application/json` and the page
 * updates itself. Without JavaScript the same form posts and redirects.
 */
export function wireMarkDone(): void {
  const form = document.querySelector<HTMLFormElement>('[data-mark-done]');
  if (!form) return;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const input = form.querySelector<HTMLInputElement>('input[name="done"]')!;
    const state = form.querySelector<HTMLElement>('.state')!;
    const button = form.querySelector<HTMLButtonElement>('button')!;
    const done = input.value === '1';
    button.disabled = true;
    fetch(form.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ done: input.value }),
      credentials: 'same-origin',
    })
      .then((res) => {
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        input.value = done ? '0' : '1';
        state.textContent = done ? '✓ You marked this lesson as done.' : 'Marked as not done.';
        button.textContent = done ? 'Mark as not done' : 'Mark as done';
        button.classList.toggle('secondary', done);
      })
      .catch((err: unknown) => {
        state.textContent = `Could not save: ${err instanceof Error ? err.message : String(err)}`;
      })
      .finally(() => {
        button.disabled = false;
      });
  });
}

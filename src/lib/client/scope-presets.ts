/**
 * The token form's scope presets are plain links (`?preset=`) that work
 * without JavaScript; with it, a click ticks the preset's boxes in place, so
 * a name already typed stays.
 */
export function enhanceScopePresets(root: ParentNode = document): void {
  const form = root.querySelector<HTMLElement>('[data-scope-presets]')?.closest('form');
  if (!form) return;
  for (const link of root.querySelectorAll<HTMLAnchorElement>('[data-preset-scopes]')) {
    link.addEventListener('click', (e) => {
      e.preventDefault();
      const wanted = new Set(link.dataset.presetScopes!.split(' '));
      for (const box of form.querySelectorAll<HTMLInputElement>('input[type="checkbox"][name^="scope:"]')) {
        box.checked = wanted.has(box.name.slice('scope:'.length));
      }
      for (const other of root.querySelectorAll('[data-preset-scopes]')) other.toggleAttribute('aria-current', other === link);
      if (link.hasAttribute('aria-current')) link.setAttribute('aria-current', 'true');
    });
  }
}

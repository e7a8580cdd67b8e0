/**
 * The header's ☰ menu on a phone: the button shows or hides the navigation
 * and the account control (CSS folds them only below 640 px). Escape closes
 * it and gives focus back to the button.
 */
export function initSiteMenu(): void {
  const header = document.querySelector<HTMLElement>('.site-header');
  const toggle = header?.querySelector<HTMLButtonElement>('[data-menu-toggle]');
  if (!header || !toggle) return;
  const set = (open: boolean) => {
    header.toggleAttribute('data-menu-open', open);
    toggle.setAttribute('aria-expanded', String(open));
  };
  toggle.addEventListener('click', () => set(!header.hasAttribute('data-menu-open')));
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || !header.hasAttribute('data-menu-open')) return;
    set(false);
    toggle.focus();
  });
}

/**
 * The bell's drop-down panel: the toggle opens and closes it, Escape and a
 * click outside close it, and on small screens it spans the viewport just
 * below the header (which wraps to two rows there), so it never covers the
 * bell or the header.
 */
export function wireBellPanel(root: HTMLElement, toggle: HTMLButtonElement, panel: HTMLElement): void {
  const narrow = window.matchMedia('(max-width: 560px)');
  const header = root.closest('header');
  const place = () => {
    if (panel.hidden) return;
    if (!narrow.matches || !header) {
      panel.style.removeProperty('top');
      panel.style.removeProperty('max-height');
      return;
    }
    const top = Math.max(header.getBoundingClientRect().bottom, 0) + 6;
    panel.style.top = `${top}px`;
    panel.style.maxHeight = `${Math.max(window.innerHeight - top - 12, 160)}px`;
  };
  const setOpen = (open: boolean, opts: { focus?: 'panel' | 'toggle' } = {}) => {
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    place();
    // Opening moves focus into the panel (its label is read out); closing with Esc returns it to the bell.
    if (opts.focus === 'panel') panel.focus();
    if (opts.focus === 'toggle') toggle.focus();
  };
  toggle.addEventListener('click', () => setOpen(panel.hidden, { focus: panel.hidden ? 'panel' : undefined }));
  window.addEventListener('resize', place);
  window.addEventListener('scroll', place, { passive: true });
  // On the document: the focused button may have just been re-rendered away.
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !panel.hidden) setOpen(false, { focus: 'toggle' });
  });
  document.addEventListener('click', (e) => {
    if (!panel.hidden && !root.contains(e.target as Node)) setOpen(false);
  });
}

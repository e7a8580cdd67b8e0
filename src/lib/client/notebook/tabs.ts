/**
 * The TypeScript / Python tabs of a cell (WAI-ARIA tabs pattern: arrow keys
 * move between tabs, Tab moves into the panel). Without JavaScript both
 * versions simply show one after the other.
 */
export function wireTabs(cell: HTMLElement): void {
  const tablist = cell.querySelector<HTMLElement>('.nb-tabs');
  if (!tablist) return;
  const tabs = [...tablist.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const panels = tabs.map((t) => cell.querySelector<HTMLElement>(`#${t.getAttribute('aria-controls')}`)!);
  panels.forEach((p, i) => {
    p.setAttribute('role', 'tabpanel');
    p.setAttribute('aria-labelledby', tabs[i]!.id);
  });
  const select = (i: number, focus: boolean) => {
    tabs.forEach((t, j) => {
      t.setAttribute('aria-selected', String(i === j));
      t.tabIndex = i === j ? 0 : -1;
      panels[j]!.hidden = i !== j;
    });
    if (focus) tabs[i]!.focus();
  };
  tabs.forEach((t, i) => {
    t.addEventListener('click', () => select(i, false));
    t.addEventListener('keydown', (e) => {
      const n = tabs.length;
      const to = e.key === 'ArrowRight' ? (i + 1) % n : e.key === 'ArrowLeft' ? (i - 1 + n) % n : e.key === 'Home' ? 0 : e.key === 'End' ? n - 1 : -1;
      if (to >= 0) {
        e.preventDefault();
        select(to, true);
      }
    });
  });
  select(0, false);
  tablist.hidden = false;
  cell.dataset.tabs = '';
}

/** A cell's language tabs, as the cell's toolbar sees them. */
export interface CellTabs {
  /** The language on show ('ts' when the cell has no Python tab). */
  readonly current: 'ts' | 'py';
  /** Show one language's panel. */
  show(lang: 'ts' | 'py'): void;
}

/**
 * The TypeScript / Python tabs of a cell (WAI-ARIA tabs pattern: arrow keys
 * move between tabs, Tab moves into the panel). Without JavaScript both
 * versions simply show one after the other. `onChange` hears every switch,
 * so the toolbar can say what Run runs while the Python tab shows.
 */
export function wireTabs(cell: HTMLElement, onChange: (lang: 'ts' | 'py') => void = () => undefined): CellTabs {
  const tablist = cell.querySelector<HTMLElement>('.nb-tabs');
  if (!tablist) return { current: 'ts', show: () => undefined };
  const tabs = [...tablist.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const panels = tabs.map((t) => cell.querySelector<HTMLElement>(`#${t.getAttribute('aria-controls')}`)!);
  const langOf = (i: number): 'ts' | 'py' => (tabs[i]!.id.endsWith('-py') ? 'py' : 'ts');
  let selected = 0;
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
    if (i !== selected) {
      selected = i;
      onChange(langOf(i));
    }
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
  return {
    get current() {
      return langOf(selected);
    },
    show: (lang) => {
      const i = tabs.findIndex((_, j) => langOf(j) === lang);
      if (i >= 0) select(i, false);
    },
  };
}

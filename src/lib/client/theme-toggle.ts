/**
 * The theme toggle cycles system -> light -> dark and remembers the choice;
 * `public/theme-init.js` applies it before first paint on the next page.
 */

type Choice = 'system' | 'light' | 'dark';
const next: Record<Choice, Choice> = { system: 'light', light: 'dark', dark: 'system' };
const icon: Record<Choice, string> = { system: '◐', light: '☀', dark: '☾' };

function readChoice(): Choice {
  try {
    const v = localStorage.getItem('theme');
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

function apply(choice: Choice, button: HTMLButtonElement): void {
  const root = document.documentElement;
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
  button.setAttribute('aria-label', `Colour theme: ${choice}`);
  const i = button.querySelector('[data-theme-icon]');
  if (i) i.textContent = icon[choice];
  document.dispatchEvent(new CustomEvent('themechange', { detail: { choice } }));
}

/** Wire every theme toggle button on the page. */
export function initThemeToggle(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-theme-toggle]')) {
    apply(readChoice(), button);
    button.addEventListener('click', () => {
      const choice = next[readChoice()];
      try {
        if (choice === 'system') localStorage.removeItem('theme');
        else localStorage.setItem('theme', choice);
      } catch {
        // Private mode without storage: the choice lasts for this page only.
      }
      apply(choice, button);
    });
  }
}

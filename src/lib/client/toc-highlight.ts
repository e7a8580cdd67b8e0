/**
 * "On this page": mark the link of the section being read (the last heading
 * whose top has scrolled past the upper part of the screen) with
 * aria-current="location". Runs on scroll, at most once per frame.
 */
export function highlightToc(): void {
  const tocs = [...document.querySelectorAll<HTMLElement>('[data-toc]')];
  const links = tocs.flatMap((t) => [...t.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')]);
  const headings = [...new Set(links.map((a) => decodeURIComponent(a.hash.slice(1))))]
    .map((id) => document.getElementById(id))
    .filter((h): h is HTMLElement => h !== null);
  if (!headings.length) return;
  let current: string | null = null;
  const update = () => {
    const line = window.innerHeight * 0.25;
    let found: HTMLElement | null = null;
    for (const h of headings) {
      if (h.getBoundingClientRect().top <= line) found = h;
      else break;
    }
    const id = found?.id ?? null;
    if (id === current) return;
    current = id;
    for (const a of links) {
      if (id !== null && decodeURIComponent(a.hash.slice(1)) === id) a.setAttribute('aria-current', 'location');
      else a.removeAttribute('aria-current');
    }
  };
  let queued = false;
  window.addEventListener(
    'scroll',
    () => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        update();
      });
    },
    { passive: true },
  );
  update();
}

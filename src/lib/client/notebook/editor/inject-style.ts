/** Add a stylesheet's text to the page once (Monaco's CSS, turned into scripts by src/integrations/notebook/monaco-css.ts). */
export function injectStyle(name: string, css: string): void {
  if (document.head.querySelector(`style[data-monaco="${CSS.escape(name)}"]`)) return;
  const style = document.createElement('style');
  style.dataset.monaco = name;
  style.textContent = css;
  document.head.append(style);
}

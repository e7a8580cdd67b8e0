import { h } from './dom';

/**
 * The notice on a cell whose lesson original changed after the reader edited
 * it: the reader sees their version, can look at the new one, keep theirs or
 * take the new one.
 */

/** Build the notice; `originalHtml` is the lesson's new version, highlighted. */
export function changedNotice(originalHtml: string, actions: { keep(): void; useNew(): void }): HTMLElement {
  const original = h('div', { class: 'nb-original', hidden: true }, h('p', { class: 'nb-lang' }, 'The lesson’s new version'));
  original.insertAdjacentHTML('beforeend', originalHtml);
  const show = h('button', { type: 'button', class: 'nb-btn secondary', 'aria-expanded': 'false' }, 'Show the new version');
  const keep = h('button', { type: 'button', class: 'nb-btn secondary' }, 'Keep my version');
  const use = h('button', { type: 'button', class: 'nb-btn secondary' }, 'Use the new version');
  show.addEventListener('click', () => {
    original.hidden = !original.hidden;
    show.setAttribute('aria-expanded', String(!original.hidden));
    show.textContent = original.hidden ? 'Show the new version' : 'Hide the new version';
  });
  keep.addEventListener('click', () => actions.keep());
  use.addEventListener('click', () => actions.useNew());
  return h(
    'div',
    { class: 'nb-notice', role: 'note' },
    h('p', {}, 'The lesson’s version of this cell changed after you edited it. You are seeing your version.'),
    h('div', { class: 'nb-actions' }, show, keep, use),
    original,
  );
}

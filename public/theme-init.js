// Applies the reader's chosen theme before the first paint (no flash of the
// wrong colours). Kept as a file, not inline, so the CSP needs no exceptions.
try {
  var t = localStorage.getItem('theme');
  if (t === 'light' || t === 'dark') document.documentElement.dataset.theme = t;
} catch (e) {}
// Scripts will run: pages can lay out their scripted controls from the first
// paint (the lesson notebook reserves their space), so nothing shifts later.
document.documentElement.classList.add('js');

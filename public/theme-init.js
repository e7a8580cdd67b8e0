// Applies the reader's chosen theme before the first paint (no flash of the
// wrong colours). Kept as a file, not inline, so the CSP needs no exceptions.
try {
  var t = localStorage.getItem('theme');
  if (t === 'light' || t === 'dark') document.documentElement.dataset.theme = t;
} catch (e) {}

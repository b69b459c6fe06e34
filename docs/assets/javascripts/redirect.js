/*
 * The redirect pages of short links and moved pages (written by
 * overrides/hooks/links.py) load this instead of an inline script, which the
 * site's Content-Security-Policy does not allow. It goes to the page named in
 * `data-to`, keeping the address's #anchor (or the redirect's own one, in
 * `data-hash`), without leaving the old address in the history.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.dataset.to) return;
  location.replace(script.dataset.to + (location.hash || script.dataset.hash || ""));
})();

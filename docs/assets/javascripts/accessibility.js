/*
 * Accessibility fixes for Material's own markup that templates cannot reach
 * without copying whole partials:
 * - the search dialog gets an accessible name;
 * - wide tables, diagrams and code blocks that scroll sideways can be reached and
 *   scrolled with the keyboard (re-applied after every instant navigation);
 *   a diagram's scrolling region is named by the diagram's title.
 */
(function () {
  "use strict";
  var dialog = document.querySelector('.md-search[role="dialog"]');
  if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");

  var REGIONS = {
    ".md-typeset__scrollwrap": "Scrollable table",
    ".md-typeset .diagram": "Scrollable diagram",
    ".md-typeset pre > code": "Scrollable code"
  };

  function focusableScrollRegions() {
    // Every width is read first, then every attribute written: a write between two reads
    // would make the browser lay the page out again for each region.
    var wide = [];
    Object.keys(REGIONS).forEach(function (selector) {
      document.querySelectorAll(selector).forEach(function (wrap) {
        if (!wrap.hasAttribute("tabindex") && wrap.scrollWidth > wrap.clientWidth) wide.push([wrap, REGIONS[selector]]);
      });
    });
    wide.forEach(function (found) {
      var wrap = found[0];
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      // A diagram's region is named by the diagram's own title.
      var title = wrap.querySelector("svg > title");
      wrap.setAttribute("aria-label", title && title.textContent.trim() ? title.textContent.trim() : found[1]);
    });
  }
  if (window.document$) window.document$.subscribe(focusableScrollRegions);
  else focusableScrollRegions();
})();

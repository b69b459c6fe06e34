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

  function focusableScrollRegions() {
    var regions = {
      ".md-typeset__scrollwrap": "Scrollable table",
      ".md-typeset .diagram": "Scrollable diagram",
      ".md-typeset pre > code": "Scrollable code"
    };
    Object.keys(regions).forEach(function (selector) {
      document.querySelectorAll(selector).forEach(function (wrap) {
        if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
          wrap.setAttribute("tabindex", "0");
          wrap.setAttribute("role", "region");
          // A diagram's region is named by the diagram's own title.
          var title = wrap.querySelector("svg > title");
          wrap.setAttribute("aria-label", title && title.textContent.trim() ? title.textContent.trim() : regions[selector]);
        }
      });
    });
  }
  if (window.document$) window.document$.subscribe(focusableScrollRegions);
  else focusableScrollRegions();
})();

/*
 * Accessibility fixes for Material's own markup that templates cannot reach
 * without copying whole partials: the search dialog gets an accessible name.
 */
(function () {
  "use strict";
  var dialog = document.querySelector('.md-search[role="dialog"]');
  if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");
})();

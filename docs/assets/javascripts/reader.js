/*
 * Reading aids. Every handler is delegated from the document, so the script
 * costs a few listeners whatever the page holds, and keeps working after
 * Material's instant navigation swaps the content.
 *
 * - Heading links: clicking a heading's ¶ copies the page's clean address
 *   with the heading's anchor (no ?h= search highlight or other query) and
 *   says "Link copied" in a polite live region.
 * - Acronyms: tapping, clicking or focusing an <abbr> shows its meaning in a
 *   small tooltip under it (hover keeps the browser's own title tooltip);
 *   Escape, a tap elsewhere or moving focus away hides it.
 * - Home page: the search prompt opens Material's search.
 */
(function () {
  "use strict";

  var status;
  var statusTimer;
  function announce(message) {
    if (!status) {
      status = document.createElement("div");
      status.className = "reader-status";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      document.body.appendChild(status);
    }
    status.textContent = message;
    status.classList.add("reader-status--active");
    clearTimeout(statusTimer);
    statusTimer = setTimeout(function () {
      status.classList.remove("reader-status--active");
    }, 2500);
  }

  function copyHeadingLink(link) {
    var address = location.origin + location.pathname + link.hash;
    if (!navigator.clipboard) {
      announce("Copying is not available here: the link is in the address bar");
      return;
    }
    navigator.clipboard.writeText(address).then(
      function () { announce("Link copied"); },
      function () { announce("Could not copy: the link is in the address bar"); }
    );
  }

  var tip;
  var tipFor = null;
  function showMeaning(abbr) {
    var meaning = abbr.getAttribute("title") || abbr.getAttribute("data-title");
    if (!meaning) return;
    if (!tip) {
      tip = document.createElement("span");
      tip.id = "abbr-meaning";
      tip.className = "abbr-meaning";
      tip.setAttribute("role", "tooltip");
      document.body.appendChild(tip);
    }
    tip.textContent = meaning;
    tip.hidden = false;
    var box = abbr.getBoundingClientRect();
    var width = tip.offsetWidth;
    var left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
    tip.style.left = left + window.scrollX + "px";
    tip.style.top = box.bottom + window.scrollY + 6 + "px";
    if (tipFor && tipFor !== abbr) tipFor.removeAttribute("aria-describedby");
    abbr.setAttribute("aria-describedby", tip.id);
    tipFor = abbr;
  }
  function hideMeaning() {
    if (!tip || tip.hidden) return;
    tip.hidden = true;
    if (tipFor) tipFor.removeAttribute("aria-describedby");
    tipFor = null;
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) return;
    var headerlink = target.closest(".md-typeset a.headerlink");
    if (headerlink) {
      // The browser's own jump to the heading: Material's instant navigation would take the
      // click for a new page when the address still had ?h= (see search-landing.js).
      event.preventDefault();
      event.stopPropagation();
      if (location.hash !== headerlink.hash) location.hash = headerlink.hash;
      copyHeadingLink(headerlink);
      return;
    }
    var abbr = target.closest(".md-typeset abbr[title]");
    if (abbr) {
      showMeaning(abbr);
      return;
    }
    hideMeaning();
    if (target.closest("[data-search-open]")) {
      var toggle = document.getElementById("__search");
      var query = document.querySelector("input.md-search__input");
      if (toggle && !toggle.checked) toggle.click();
      if (query) query.focus();
    }
  }, true);  // capture: before Material's instant navigation handles the same click
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target instanceof Element && target.matches(".md-typeset abbr[title]")) showMeaning(target);
  });
  document.addEventListener("focusout", function (event) {
    if (event.target === tipFor) hideMeaning();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hideMeaning();
  });
  if (window.document$) window.document$.subscribe(hideMeaning);
})();

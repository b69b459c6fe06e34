/*
 * Anchor redirects: links to renamed or moved headings keep working.
 *
 * When the address ends in `#something` and the page has no element with
 * that id, look it up in the map below and go to its new place, on this
 * page or another. It runs on a full load, after Material's instant
 * navigation, and when the hash changes. The map is filled in at build time
 * by overrides/hooks/links.py from links/anchor-redirects.yml; while it is
 * empty the script stops at once.
 */
(function () {
  "use strict";
  // page path (relative to the site root) -> { old anchor: new site-relative URL }
  var MOVED = /* links/anchor-redirects.yml */ {};
  if (!Object.keys(MOVED).length) return;

  // This file lives at assets/javascripts/, two levels below the site root.
  var script = document.currentScript;
  var root = new URL("../../", script ? script.src : location.href);

  function own(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  function follow() {
    var anchor = location.hash.slice(1);
    if (!anchor) return;
    try { anchor = decodeURIComponent(anchor); } catch (error) { return; }
    if (document.getElementById(anchor)) return;
    if (location.pathname.indexOf(root.pathname) !== 0) return;
    var page = location.pathname.slice(root.pathname.length).replace(/index\.html$/, "");
    // Own properties only: `#__proto__` or `#constructor` must not find Object's.
    var moves = own(MOVED, page) ? MOVED[page] : null;
    var target = moves && own(moves, anchor) ? moves[anchor] : null;
    if (typeof target !== "string") return;
    var url = new URL(target, root);
    // The old address does not stay in the history, so Back works.
    if (url.pathname !== location.pathname) return location.replace(url.href);
    // Same page: rewrite the address and scroll here, rather than through a
    // hash change that races Material's own scroll restoration.
    history.replaceState(null, "", url.href);
    var heading = document.getElementById(url.hash.slice(1));
    if (heading) heading.scrollIntoView();
  }

  if (window.document$) window.document$.subscribe(follow);  // every (instant) page load
  else follow();
  window.addEventListener("hashchange", follow);
})();

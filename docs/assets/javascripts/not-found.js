/*
 * The "page not found" page (overrides/404.html):
 * - a short link typed in capitals (/NACL/) goes to its lower-case form
 *   (/nacl/), which exists; the lower-case address is tried once only;
 * - otherwise the words of the address become a ready-made search link
 *   (`?q=`, Material's shared search), shown on the page.
 */
(function () {
  "use strict";
  var path = location.pathname;
  var lower = path.toLowerCase();
  if (lower !== path) {
    location.replace(lower + location.search + location.hash);
    return;
  }
  var offer = document.getElementById("search-the-address");
  if (!offer) return;
  var root = offer.getAttribute("data-root") || "/";
  var words = decodeURIComponent(path.slice(root.length - 1))
    .replace(/\.html?$|\/index$/g, "")
    .split(/[\/\-_.+\s]+/)
    .filter(function (word) { return word.length > 0; });
  if (!words.length) return;
  var query = words.join(" ");
  var link = offer.querySelector("a");
  link.href = root + "?q=" + encodeURIComponent(query);
  link.textContent = query;
  offer.hidden = false;
})();

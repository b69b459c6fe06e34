/*
 * Land on the search result: the heading in view, the words highlighted,
 * and a clean address.
 *
 * A search result links to `page/?h=terms#heading`. On a full page load
 * this script highlights the terms itself (Material's highlighter would wait
 * for the search index, which loads only when search is used), brings the
 * heading into view below the fixed header (CSS `scroll-margin-top` on
 * `:target`). The address a reader copies is the page's own: on a full load
 * search-loader.js took `?h=` out before Material read it (the terms wait on
 * <html data-search-terms>); after instant navigation, where Material has
 * already highlighted, this script removes it with history.replaceState.
 */
(function () {
  "use strict";

  function highlight(root, terms) {
    var words = terms.split(/\s+/).filter(function (word) { return word.length > 1; })
      .map(function (word) { return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    if (!words.length || root.querySelector("mark[data-md-highlight]")) return;
    var source = "(^|[^\\w])(" + words.join("|") + ")";
    var pattern = new RegExp(source, "gi"), test = new RegExp(source, "i");
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement;
        return parent && !parent.closest("script, style, mark, svg, .headerlink") && test.test(node.data)
          ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    var nodes = [];
    for (var node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
    nodes.forEach(function (text) {
      var fragment = document.createDocumentFragment(), last = 0;
      text.data.replace(pattern, function (match, before, word, offset) {
        var start = offset + before.length;
        fragment.appendChild(document.createTextNode(text.data.slice(last, start)));
        var mark = document.createElement("mark");
        mark.setAttribute("data-md-highlight", "");
        mark.textContent = word;
        fragment.appendChild(mark);
        last = start + word.length;
        return match;
      });
      fragment.appendChild(document.createTextNode(text.data.slice(last)));
      text.replaceWith(fragment);
    });
  }

  function land() {
    var url = new URL(location.href);
    // On a full load search-loader.js has already cleaned the address and kept the terms.
    var root = document.documentElement;
    var terms = root.hasAttribute("data-search-terms") ? root.getAttribute("data-search-terms") : url.searchParams.get("h");
    root.removeAttribute("data-search-terms");
    if (terms === null) return;
    var article = document.querySelector("article.md-content__inner") || document.querySelector("article");
    if (article) highlight(article, terms);
    url.searchParams.delete("h");
    history.replaceState(history.state, "", url.pathname + url.search + url.hash);
    var id = decodeURIComponent(url.hash.slice(1));
    var heading = id && document.getElementById(id);
    if (heading) heading.scrollIntoView({ block: "start" });
  }

  // At once on a full load (Material's highlighter would wait for the index),
  // then after every instant navigation.
  land();
  if (window.document$) window.document$.subscribe(land);
})();

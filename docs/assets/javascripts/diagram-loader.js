/*
 * On-demand loader for the self-hosted diagram library.
 *
 * Material renders diagrams through a global `mermaid` object and, when none
 * exists, fetches one from a CDN. This stand-in takes its place on every page
 * so that never happens: it costs nothing on pages without diagrams, and the
 * first time Material asks it to render (on a full load or after instant
 * navigation) it loads the vendored library from this site, hands over the
 * configuration Material gave it, and delegates from then on.
 */
(function () {
  "use strict";
  var LIBRARY = "vendor/mermaid-11.13.0.min.js";
  var script = document.currentScript;
  var url = new URL(LIBRARY, script ? script.src : location.href).href;
  var config = null;
  var loading = null;

  function load() {
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      if (window.mermaid && window.mermaid !== standIn) return resolve(window.mermaid);
      // The diagram plugin may already have put the library on this page.
      var tag = document.querySelector('script[src$="' + LIBRARY.split("/").pop() + '"]');
      if (!tag) {
        tag = document.createElement("script");
        tag.src = url;
        tag.async = true;
        document.head.appendChild(tag);
      }
      tag.addEventListener("load", function () { resolve(window.mermaid); });
      tag.addEventListener("error", function () {
        reject(new Error("Diagram library failed to load: " + url));
      });
    }).then(function (library) {
      if (config) library.initialize(config);
      return library;
    });
    return loading;
  }

  var standIn = {
    initialize: function (options) { config = options; },
    render: function (id, text) {
      return load().then(function (library) { return library.render(id, text); });
    },
    parse: function (text, options) {
      return load().then(function (library) { return library.parse(text, options); });
    }
  };

  if (typeof window.mermaid === "undefined" || window.mermaid instanceof Element) {
    window.mermaid = standIn;
  }
})();

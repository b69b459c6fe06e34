/*
 * On-demand loader for the self-hosted diagram library.
 *
 * Material renders diagrams through a global `mermaid` object and, when none
 * exists, fetches one from a CDN. This stand-in takes its place on every page
 * so that never happens: it costs nothing on pages without diagrams, and the
 * first time Material asks it to render (on a full load or after instant
 * navigation) it loads the vendored library from this site, hands over the
 * configuration Material gave it plus the site's layout, and delegates from
 * then on.
 */
(function () {
  "use strict";
  var LIBRARY = "vendor/mermaid-11.13.0.min.js";
  // Layout for this site's text column: tighter spacing and narrower labels
  // than Mermaid's defaults, so diagrams fit the column at a readable size,
  // and a band above each container's contents for its title, so no node
  // touches it. Changing it changes every diagram key (awsnotes/diagrams.py):
  // run scripts/render_diagrams.py afterwards.
  var LAYOUT = {
    flowchart: { nodeSpacing: 30, rankSpacing: 40, wrappingWidth: 160,
                 subGraphTitleMargin: { top: 6, bottom: 10 } },
    sequence: { actorMargin: 30, width: 110, wrap: true }
  };
  var script = document.currentScript;
  var url = new URL(LIBRARY, script ? script.src : location.href).href;
  var config = null;
  var library = null;   // the real library, once its script has run
  var loading = null;

  function withLayout(options) {
    var merged = Object.assign({}, options);
    Object.keys(LAYOUT).forEach(function (kind) {
      merged[kind] = Object.assign({}, LAYOUT[kind], options[kind]);
    });
    return merged;
  }

  function load() {
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      if (library) return resolve(library);
      // The diagram plugin may already have put the library on this page.
      var tag = document.querySelector('script[src$="' + LIBRARY.split("/").pop() + '"]');
      if (!tag) {
        tag = document.createElement("script");
        tag.src = url;
        tag.async = true;
        document.head.appendChild(tag);
      }
      tag.addEventListener("load", function () { resolve(library); });
      tag.addEventListener("error", function () {
        reject(new Error("Diagram library failed to load: " + url));
      });
    }).then(function (loaded) {
      if (config) loaded.initialize(withLayout(config));
      return loaded;
    });
    return loading;
  }

  var standIn = {
    initialize: function (options) {
      config = options;
      if (library && loading) library.initialize(withLayout(config));
    },
    render: function (id, text) {
      return load().then(function (loaded) { return loaded.render(id, text); });
    },
    parse: function (text, options) {
      return load().then(function (loaded) { return loaded.parse(text, options); });
    }
  };

  // The library's script sets `window.mermaid` when it runs, whenever that is.
  // Keep the stand-in in front of it, so the site's layout always applies.
  var existing = window.mermaid;
  if (existing && !(existing instanceof Element)) library = existing;
  Object.defineProperty(window, "mermaid", {
    configurable: true,
    get: function () { return standIn; },
    set: function (value) { if (value !== standIn) library = value; }
  });
})();

/*
 * Load the search index when the reader reaches for search, not on every page.
 *
 * Material's bundle requests search/search_index.json (about 1 MB) as soon
 * as a page loads. This script runs before the bundle (overrides/main.html)
 * and holds that one request back until the reader:
 * - focuses the search box (click, tap, or Tab),
 * - presses "/" or "s" (Material's search shortcuts) outside a text field,
 * - opens a link with ?q= (Material's shared search).
 * Everything else stays Material's: the same request, made later. The
 * search dialog says "Loading search…" until the worker reports that the
 * index is ready (docs/assets/javascripts/search-worker.js).
 *
 * The search worker starts late too. Material creates it as the page loads,
 * and a worker fetches its scripts at once (about 18 KB, a sixth of a first
 * visit) although it has nothing to do until the index arrives. Material
 * gets a stand-in that keeps its listeners and starts the real worker with
 * the first message Material sends it: the index.
 *
 * It also takes a search result's `?h=terms` out of the address before the
 * bundle reads it, keeping the terms on <html data-search-terms> for
 * search-landing.js to highlight. Material then only ever knows the clean
 * address: its contents links and a heading's ¶ never bring ?h= back.
 */
(function () {
  "use strict";
  var address = new URL(location.href);
  if (address.searchParams.has("h")) {
    document.documentElement.setAttribute("data-search-terms", address.searchParams.get("h"));
    address.searchParams.delete("h");
    history.replaceState(history.state, "", address.pathname + address.search + address.hash);
  }
  var INDEX = /\/search\/search_index\.json$/;
  var LOADING = "Loading search…";
  var requested = false, ready = false, held = [];

  var open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.searchIndex = INDEX.test(new URL(String(url), location.href).pathname);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.searchIndex && !requested) {
      held.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };

  var NativeWorker = window.Worker;
  var WORKER = /\/assets\/javascripts\/search-worker[.\w]*\.js$/;  // the site's, not the offline copy's

  function lateWorker(url, options) {
    var worker = null, listeners = [];
    function start() {
      if (!worker) {
        worker = new NativeWorker(url, options);
        listeners.forEach(function (args) { worker.addEventListener.apply(worker, args); });
      }
      return worker;
    }
    return {
      addEventListener: function (type, listener, how) {
        listeners.push([type, listener, how]);
        if (worker) worker.addEventListener(type, listener, how);
      },
      removeEventListener: function (type, listener, how) {
        listeners = listeners.filter(function (args) { return args[0] !== type || args[1] !== listener; });
        if (worker) worker.removeEventListener(type, listener, how);
      },
      postMessage: function () {
        var started = start();
        started.postMessage.apply(started, arguments);
      },
      terminate: function () {
        if (worker) worker.terminate();
      }
    };
  }

  if (typeof NativeWorker === "function") {
    window.Worker = function (url, options) {
      return WORKER.test(new URL(String(url), location.href).pathname)
        ? lateWorker(url, options) : new NativeWorker(url, options);
    };
    window.Worker.prototype = NativeWorker.prototype;
  }

  function meta() {
    return document.querySelector(".md-search-result__meta");
  }

  function load() {
    if (!ready) {
      var element = meta();
      if (element && element.textContent !== LOADING) {
        element.setAttribute("data-placeholder", element.textContent);
        element.textContent = LOADING;
      }
    }
    if (requested) return;
    requested = true;
    held.splice(0).forEach(function (call) { send.apply(call[0], call[1]); });
  }

  if (typeof BroadcastChannel === "function") {
    new BroadcastChannel("awsnotes-search").onmessage = function (event) {
      if (event.data !== "ready") return;
      ready = true;
      var element = meta();
      // Material replaces the note with a result count as soon as results
      // arrive; with nothing typed yet, put its placeholder back.
      if (element && element.textContent === LOADING)
        element.textContent = element.getAttribute("data-placeholder") || "";
    };
  }

  function isSearchBox(target) {
    return target instanceof Element && target.matches("input.md-search__input");
  }

  document.addEventListener("focusin", function (event) {
    if (isSearchBox(event.target)) load();
  }, true);
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target instanceof Element && target.closest("input, textarea, select, [contenteditable]");
    if ((event.key === "/" || event.key === "s" || event.key === "S") && !typing) load();
  }, true);
  if (new URL(location.href).searchParams.has("q")) load();
})();
